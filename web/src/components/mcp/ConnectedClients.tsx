import { Bot } from "lucide-react";
import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "../settings/SettingsSection";

/** "42 s ago", "3 min ago": sessions are at most five minutes old. */
export function agoLabel(seconds: number): string {
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${Math.round(seconds)} s ago`;
  return `${Math.round(seconds / 60)} min ago`;
}

export default function ConnectedClients() {
  const sessions = useAsync(api.getMcpSessions, [], { intervalMs: 10000 });
  return (
    <SettingsSection
      id="mcp-clients"
      title="Connected clients"
      icon={Bot}
      help={<>Keys that made a tool call in the last five minutes. Active: a call within the last minute; idle: quiet for longer. A key drops off the list after five quiet minutes.</>}
    >
      <ClientList sessions={sessions.data} error={sessions.error} />
    </SettingsSection>
  );
}

function ClientList({ sessions, error }: { sessions: Schemas["McpSession"][] | undefined; error: Error | null }) {
  if (sessions === undefined) return error ? <p className="error-text" role="alert">{error.message}</p> : <LoadingSpinner label="Loading clients…" />;
  if (sessions.length === 0) return <p className="muted">No client has used a key in the last five minutes. Connect one with the steps under "Connect a client".</p>;
  return (
    <ul className="client-list" aria-label="Connected clients">
      {sessions.map((s) => (
        <li key={s.key_name} className="client-card">
          <span className={`status-dot ${s.status === "active" ? "tone-ok" : "tone-warn"}`} aria-hidden="true" />
          <span className="client-name wrap-anywhere">{s.key_name}</span>
          <span className={`pill ${s.status === "active" ? "pill-admin" : ""}`}>{s.status}</span>
          <span className="muted small">{s.call_count} call{s.call_count === 1 ? "" : "s"} · {agoLabel(s.last_active_ago)}</span>
        </li>
      ))}
    </ul>
  );
}
