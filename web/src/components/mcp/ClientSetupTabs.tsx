import { useId, useState } from "react";
import TabList, { tabPanelProps } from "../TabList";
import CopyField from "../CopyField";
import { MCP_CLIENTS, clientSetup } from "./setup";
import type { McpClient } from "./setup";

/** Per-client setup snippets; with `apiKey` they embed it, otherwise a placeholder. */
export default function ClientSetupTabs({ apiKey, origin = window.location.origin }: { apiKey?: string; origin?: string }) {
  const [tab, setTab] = useState<McpClient>("claude-code");
  const baseId = useId();
  const setup = clientSetup(tab, origin, apiKey);

  return (
    <div className="client-setup">
      <TabList label="MCP client" tabs={MCP_CLIENTS} selected={tab} onSelect={setTab} baseId={baseId} />
      <div {...tabPanelProps(baseId, tab)}>
        <p className="muted small">{setup.where}</p>
        {setup.blocks.map((block) => <CopyField key={block.label} label={block.label} value={block.value} multiline />)}
      </div>
    </div>
  );
}
