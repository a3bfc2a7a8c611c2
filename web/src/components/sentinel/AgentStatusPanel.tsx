import { CircleQuestionMark, PlugZap, TriangleExclamationPoint, Unplug } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import type { AgentState, SentinelAgentStatus } from "../../services/sentinelApi";
import { describeAgent } from "../../services/sentinelApi";
import { formatDateTime } from "../../util/format";

const ICONS: Record<AgentState, LucideIcon> = {
  connected: PlugZap,
  not_configured: Unplug,
  never_polled: Unplug,
  stale: Unplug,
  wakeup_failing: TriangleExclamationPoint,
  unknown: CircleQuestionMark,
};

const TONES: Record<AgentState, string> = {
  connected: "ok",
  not_configured: "bad",
  never_polled: "warn",
  stale: "warn",
  wakeup_failing: "bad",
  unknown: "muted",
};

export interface AgentStatusPanelProps {
  agent: SentinelAgentStatus | null;
  now: number;
}

/** Whether an agent is there to claim runs, and if not, why runs stay pending. */
export default function AgentStatusPanel({ agent, now }: AgentStatusPanelProps) {
  const summary = describeAgent(agent, now);
  const Icon = ICONS[summary.state];
  return (
    <section className={`panel sen-agent sen-tone-${TONES[summary.state]}`} aria-labelledby="sen-agent-title" data-testid="sentinel-agent-status" data-state={summary.state}>
      <div className="sen-agent-head">
        <Icon size={18} aria-hidden="true" />
        <h2 id="sen-agent-title">{summary.title}</h2>
      </div>
      <p>{summary.detail}</p>
      {agent && (
        <dl className="sen-agent-facts">
          <div><dt>Agent key</dt><dd>{agent.agent_key_configured ? "Configured" : "Not configured"}</dd></div>
          <div><dt>Wake-up URL</dt><dd>{agent.wakeup_configured ? "Configured" : "Not configured"}</dd></div>
          <div><dt>Last poll</dt><dd>{agent.last_poll_at ? formatDateTime(agent.last_poll_at) : "Never"}</dd></div>
          <div><dt>Last wake-up</dt><dd>{agent.last_wakeup_at ? formatDateTime(agent.last_wakeup_at) : "Never"}</dd></div>
        </dl>
      )}
    </section>
  );
}
