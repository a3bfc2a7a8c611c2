import { useState } from "react";
import type { ReactNode } from "react";
import { NavLink, useParams } from "react-router";
import { useAsync } from "../hooks/useAsync";
import type { AsyncState } from "../hooks/useAsync";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import { formatDateTime } from "../util/format";

const PAGE = 50;
const TABS = [
  ["stream-logs", "Stream logs"],
  ["mcp", "MCP activity"],
  ["audit-log", "Audit trail"],
  ["stats", "Stats"],
];

function useCsv<Q>(exporter: (query: Q) => Promise<Response>, fallback: string) {
  const toast = useToasts();
  return async (query: Q) => {
    try {
      await api.downloadResponse(await exporter(query), fallback);
    } catch (err) {
      toast.error(err);
    }
  };
}

function Pager({ total, offset, setOffset }: { total: number; offset: number; setOffset: (offset: number) => void }) {
  if (total <= PAGE) return null;
  return (
    <div className="pager">
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
      <span className="muted small">{offset + 1}–{Math.min(total, offset + PAGE)} of {total}</span>
      <button type="button" className="btn btn-small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>Next</button>
    </div>
  );
}

/** `[field, heading, render?]`; without a renderer the field's value is shown. */
type Column<Row> = [key: keyof Row & string, label: string, render?: (row: Row) => ReactNode];

function cell(value: unknown): ReactNode {
  if (value == null) return "—";
  return typeof value === "string" || typeof value === "number" ? value : JSON.stringify(value);
}

interface LogTableProps<Row> {
  state: AsyncState<unknown>;
  columns: Column<Row>[];
  rows: Row[];
  empty: string;
}

function LogTable<Row extends { id: number }>({ state, columns, rows, empty }: LogTableProps<Row>) {
  if (state.data === undefined) return state.error ? <p className="error-text" role="alert">{state.error.message}</p> : <LoadingSpinner />;
  if (!rows.length) return <EmptyState title={empty} />;
  return (
    <div className="table-wrap">
      <table>
        <thead><tr>{columns.map(([key, label]) => <th key={key}>{label}</th>)}</tr></thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.id ?? i}>{columns.map(([key, , render]) => <td key={key} className={key === "details" || key === "args_summary" ? "truncate" : ""}>{render ? render(row) : cell(row[key])}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StreamLogs() {
  const [query, setQuery] = useState({ camera_id: "", user_id: "" });
  const [offset, setOffset] = useState(0);
  const logs = useAsync(() => api.listStreamLogs({ ...query, limit: PAGE, offset }), [query, offset]);
  const csv = useCsv(api.exportStreamLogsCsv, "stream-access-log.csv");
  return (
    <section className="panel">
      <div className="row-between">
        <div className="row">
          <input aria-label="Camera id" placeholder="Camera id" value={query.camera_id} onChange={(e) => { setOffset(0); setQuery({ ...query, camera_id: e.target.value }); }} />
          <input aria-label="User" placeholder="User or e-mail" value={query.user_id} onChange={(e) => { setOffset(0); setQuery({ ...query, user_id: e.target.value }); }} />
        </div>
        <button type="button" className="btn btn-small" onClick={() => csv(query)}>Export CSV</button>
      </div>
      <LogTable
        state={logs}
        rows={logs.data?.logs ?? []}
        empty="No stream views yet"
        columns={[["accessed_at", "When", (r) => formatDateTime(r.accessed_at)], ["camera_id", "Camera"], ["user_email", "User", (r) => r.user_email || r.user_id], ["ip_address", "IP"]]}
      />
      <Pager total={logs.data?.total ?? 0} offset={offset} setOffset={setOffset} />
    </section>
  );
}

function McpLogs() {
  const [query, setQuery] = useState({ tool_name: "", key_name: "", status: "" });
  const [offset, setOffset] = useState(0);
  const logs = useAsync(() => api.listMcpLogs({ ...query, limit: PAGE, offset }), [query, offset]);
  const csv = useCsv(api.exportMcpLogsCsv, "mcp-activity-log.csv");
  return (
    <section className="panel">
      <div className="row-between">
        <div className="row">
          <input aria-label="Tool" placeholder="Tool name" value={query.tool_name} onChange={(e) => { setOffset(0); setQuery({ ...query, tool_name: e.target.value }); }} />
          <input aria-label="Key" placeholder="Key name" value={query.key_name} onChange={(e) => { setOffset(0); setQuery({ ...query, key_name: e.target.value }); }} />
          <select aria-label="Status" value={query.status} onChange={(e) => { setOffset(0); setQuery({ ...query, status: e.target.value }); }}>
            <option value="">Any status</option><option value="completed">completed</option><option value="error">error</option>
          </select>
        </div>
        <button type="button" className="btn btn-small" onClick={() => csv(query)}>Export CSV</button>
      </div>
      <LogTable
        state={logs}
        rows={logs.data?.logs ?? []}
        empty="No MCP tool calls yet"
        columns={[["timestamp", "When", (r) => formatDateTime(r.timestamp)], ["tool_name", "Tool"], ["key_name", "Key"], ["status", "Status"], ["duration_ms", "ms"], ["args_summary", "Arguments", (r) => r.error || r.args_summary || "—"]]}
      />
      <Pager total={logs.data?.total ?? 0} offset={offset} setOffset={setOffset} />
    </section>
  );
}

function AuditTrail() {
  const [query, setQuery] = useState({ event: "", username: "" });
  const [offset, setOffset] = useState(0);
  const logs = useAsync(() => api.listAuditLogs({ ...query, limit: PAGE, offset }), [query, offset]);
  const csv = useCsv(api.exportAuditLogsCsv, "audit-log.csv");
  return (
    <section className="panel">
      <div className="row-between">
        <div className="row">
          <input aria-label="Event" placeholder="Event (exact)" value={query.event} onChange={(e) => { setOffset(0); setQuery({ ...query, event: e.target.value }); }} />
          <input aria-label="Username" placeholder="Username" value={query.username} onChange={(e) => { setOffset(0); setQuery({ ...query, username: e.target.value }); }} />
        </div>
        <button type="button" className="btn btn-small" onClick={() => csv(query)}>Export CSV</button>
      </div>
      <LogTable
        state={logs}
        rows={logs.data?.logs ?? []}
        empty="No audit events yet"
        columns={[["timestamp", "When", (r) => formatDateTime(r.timestamp)], ["event", "Event"], ["username", "User"], ["ip", "IP"], ["details", "Details", (r) => <span title={r.details || ""}>{r.details || "—"}</span>]]}
      />
      <Pager total={logs.data?.total ?? 0} offset={offset} setOffset={setOffset} />
    </section>
  );
}

function CountList<Item extends { count: number }>({ title, items, label }: { title: string; items: Item[] | undefined; label: (item: Item) => ReactNode }) {
  return (
    <div>
      <h3>{title}</h3>
      {!items?.length ? <p className="muted small">Nothing yet.</p> : (
        <ul className="inbox-list">{items.map((it, i) => <li key={i} className="row-between small" style={{ padding: "0.2rem 0" }}><span>{label(it)}</span><strong>{it.count}</strong></li>)}</ul>
      )}
    </div>
  );
}

function Stats() {
  const [days, setDays] = useState(7);
  const stream = useAsync(() => api.getStreamLogStats(days), [days]);
  const mcp = useAsync(() => api.getMcpLogStats(days), [days]);
  const health = useAsync(api.getHealthDetailed, [], { intervalMs: 30000 });
  return (
    <div className="page">
      <label className="inline-field"><span>Window</span>
        <select value={days} onChange={(e) => setDays(Number(e.target.value))}><option value={1}>24 hours</option><option value={7}>7 days</option><option value={30}>30 days</option></select>
      </label>
      <div className="section-grid">
        <section className="panel">
          <h2>Stream views {stream.data && <span className="muted small">({stream.data.total_accesses})</span>}</h2>
          {stream.error ? <p className="error-text">{stream.error.message}</p> : !stream.data ? <LoadingSpinner /> : (
            <div className="section-grid">
              <CountList title="By camera" items={stream.data.by_camera} label={(r) => r.camera_id} />
              <CountList title="By user" items={stream.data.by_user} label={(r) => r.user_email || r.user_id} />
              <CountList title="By day" items={stream.data.by_day} label={(r) => r.date} />
            </div>
          )}
        </section>
        <section className="panel">
          <h2>MCP calls {mcp.data && <span className="muted small">({mcp.data.total_calls}, {mcp.data.total_errors} errors)</span>}</h2>
          {mcp.error ? <p className="error-text">{mcp.error.message}</p> : !mcp.data ? <LoadingSpinner /> : (
            <div className="section-grid">
              <CountList title="By tool" items={mcp.data.by_tool} label={(r) => r.tool_name} />
              <CountList title="By key" items={mcp.data.by_key} label={(r) => r.key_name} />
            </div>
          )}
        </section>
        <section className="panel">
          <h2>Server health {health.data && <span className={`pill ${health.data.status === "healthy" ? "pill-admin" : "sev-high"}`}>{health.data.status}</span>}</h2>
          {!health.data ? <LoadingSpinner /> : (
            <ul className="inbox-list small">
              {Object.entries(health.data.checks ?? {}).map(([name, check]) => (
                <li key={name} className="row-between" style={{ padding: "0.2rem 0" }}><span>{name}</span><span className="muted">{check.status}</span></li>
              ))}
              <li className="row-between" style={{ padding: "0.2rem 0" }}><span>version</span><span className="muted">{health.data.version}</span></li>
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

export default function AdminPage() {
  const { tab = "stream-logs" } = useParams();
  return (
    <div className="page">
      <div className="page-header"><h1>Admin</h1></div>
      <nav className="tabs" aria-label="Admin sections">
        {TABS.map(([id, label]) => (
          <NavLink key={id} to={`/admin/${id}`} className={({ isActive }) => (isActive || (tab === id) ? "tab active" : "tab")} end>{label}</NavLink>
        ))}
      </nav>
      {tab === "stream-logs" && <StreamLogs />}
      {tab === "mcp" && <McpLogs />}
      {tab === "audit-log" && <AuditTrail />}
      {tab === "stats" && <Stats />}
    </div>
  );
}
