import { useEffect, useMemo, useState } from "react";
import { Activity, CircleCheck, CircleX } from "lucide-react";
import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import { openEventStream } from "../../services/sse";
import type { McpActivityFrame, StreamState } from "../../services/sse";
import SettingsSection from "../settings/SettingsSection";
import { formatRelative } from "../../util/format";

export default function ActivityFeed() {
  const recent = useAsync(() => api.getMcpRecent(50), []);
  const stats = useAsync(api.getMcpStats, [], { intervalMs: 15000 });
  const [live, setLive] = useState<McpActivityFrame[]>([]);
  const [state, setState] = useState<StreamState>("connecting");

  useEffect(
    () =>
      openEventStream(api.MCP_ACTIVITY_STREAM, {
        onEvent: (e) => e.type === "tool_call" && setLive((list) => [e, ...list].slice(0, 200)),
        onStatus: ({ state: s }) => setState(s),
      }),
    [],
  );

  // Live frames first, then the recent buffer (oldest→newest from the server) newest first.
  const events = useMemo(() => {
    const seen = new Set<string>();
    return [...live, ...[...(recent.data ?? [])].reverse()].filter((e) => (seen.has(e.id) ? false : seen.add(e.id)));
  }, [live, recent.data]);

  return (
    <SettingsSection
      id="mcp-activity"
      title="Live activity"
      icon={Activity}
      help={<>Every tool call made with this organisation's keys, as it happens. The full history, with filters and CSV export, is under Admin.</>}
      actions={<span className="row small muted" role="status"><span className={`live-dot live-${state}`} aria-hidden="true" />{state === "open" ? "Live" : state}</span>}
    >
      {stats.data && (
        <p className="muted small">
          {stats.data.calls_per_min} call(s)/min · {stats.data.calls_5m} in 5 min · {stats.data.error_count} error(s) · {stats.data.active_clients} active client(s)
        </p>
      )}
      {recent.error && !events.length ? <p className="error-text" role="alert">{recent.error.message}</p> : events.length === 0 ? (
        <p className="muted">No tool calls yet. They appear here the moment an agent uses a key.</p>
      ) : (
        <ul className="activity-feed mcp-feed">
          {events.map((e) => (
            <li key={e.id}>
              {e.status === "error"
                ? <CircleX size={16} className="error-text" aria-label="Failed" role="img" />
                : <CircleCheck size={16} className="tone-ok-text" aria-label="Succeeded" role="img" />}
              <code className="wrap-anywhere">{e.tool_name}</code>
              <span className="muted">{e.key_name}</span>
              {e.duration_ms != null && <span className="muted">{e.duration_ms} ms</span>}
              <span className="muted feed-detail">{e.error || e.args_summary || ""}</span>
              <span className="muted feed-time">{formatRelative(e.timestamp)}</span>
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
