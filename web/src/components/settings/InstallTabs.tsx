import { useId, useState } from "react";
import TabList, { tabPanelProps } from "../TabList";
import { Apple, Cpu, Download, Monitor, Terminal } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import CopyField from "../CopyField";
import { PLATFORMS, browserPlatformHints, detectPlatform, installInstructions } from "./platform";
import type { NodePlatform } from "./platform";
import "../../styles/settings.css";

type Tab = NodePlatform | "simulator";

const ICONS: Record<Tab, LucideIcon> = { linux: Terminal, macos: Apple, windows: Monitor, "raspberry-pi": Cpu, simulator: Terminal };

export interface InstallTabsProps {
  nodeId?: string;
  apiKey?: string;
  /** Adds a tab with the `sentinel simulate-node` command (for trying without a camera). */
  withSimulator?: boolean;
  /** Test id of the command block. */
  testId?: string;
  origin?: string;
}

/** CloudNode install instructions per platform, opening on the visitor's own. */
export default function InstallTabs({ nodeId, apiKey, withSimulator = false, testId, origin = window.location.origin }: InstallTabsProps) {
  const detected = detectPlatform(browserPlatformHints());
  const [tab, setTab] = useState<Tab>(detected ?? "linux");
  const baseId = useId();
  const tabs: { id: Tab; label: string }[] = withSimulator ? [...PLATFORMS, { id: "simulator", label: "Simulator" }] : PLATFORMS;

  return (
    <div className="install-tabs">
      <TabList
        label="Install method"
        selected={tab}
        onSelect={setTab}
        baseId={baseId}
        tabs={tabs.map(({ id, label }) => {
          const Icon = ICONS[id];
          return {
            id,
            label: (
              <>
                <Icon size={14} aria-hidden="true" /> {label}
                {id === detected && <span className="visually-hidden"> (detected)</span>}
              </>
            ),
          };
        })}
      />
      <div {...tabPanelProps(baseId, tab)} className="install-panel">
        {detected === tab && <p className="muted small">Detected from this browser. Pick another tab to install on a different machine.</p>}
        <InstallPanel tab={tab} nodeId={nodeId} apiKey={apiKey} origin={origin} testId={testId} />
      </div>
    </div>
  );
}

function InstallPanel({ tab, nodeId, apiKey, origin, testId }: { tab: Tab; nodeId?: string; apiKey?: string; origin: string; testId?: string }) {
  if (tab === "simulator") {
    const command = `sentinel simulate-node --node-id ${nodeId ?? "<node_id>"} --api-key ${apiKey ?? "<api_key>"} --api-url ${origin}`;
    return <CopyField label="Run a simulated node" value={command} multiline testId={testId} />;
  }
  const how = installInstructions(tab, origin, nodeId, apiKey);
  return (
    <>
      {how.command && <CopyField label="Install command" value={how.command} multiline testId={testId} />}
      {how.download && (
        <p>
          <a className="btn btn-small" href={how.download.href} data-testid={testId}>
            <Download size={14} aria-hidden="true" /> {how.download.label}
          </a>
        </p>
      )}
      <ul className="install-steps small">
        {how.steps.map((step) => <li key={step}>{step}</li>)}
      </ul>
    </>
  );
}
