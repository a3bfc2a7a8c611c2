import { useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import CopyField from "../CopyField";
import { MCP_CLIENTS, clientSetup } from "./setup";
import type { McpClient } from "./setup";

/** Per-client setup snippets; with `apiKey` they embed it, otherwise a placeholder. */
export default function ClientSetupTabs({ apiKey, origin = window.location.origin }: { apiKey?: string; origin?: string }) {
  const [tab, setTab] = useState<McpClient>("claude-code");
  const baseId = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const setup = clientSetup(tab, origin, apiKey);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + MCP_CLIENTS.length) % MCP_CLIENTS.length;
    setTab(MCP_CLIENTS[next].id);
    buttons.current[next]?.focus();
  };

  return (
    <div className="client-setup">
      <div className="tabs" role="tablist" aria-label="MCP client">
        {MCP_CLIENTS.map(({ id, label }, index) => (
          <button
            key={id}
            ref={(el) => { buttons.current[index] = el; }}
            type="button"
            role="tab"
            id={`${baseId}-${id}-tab`}
            aria-selected={tab === id}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === id ? 0 : -1}
            className={tab === id ? "tab active" : "tab"}
            onClick={() => setTab(id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${tab}-tab`}>
        <p className="muted small">{setup.where}</p>
        {setup.blocks.map((block) => <CopyField key={block.label} label={block.label} value={block.value} multiline />)}
      </div>
    </div>
  );
}
