// Stored MCP tool calls: filter by tool, key and status, all picked from lists.

import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import { formatDateTime } from "../../util/format";
import { ExportButton, LogTable, Pager, RowsPerPage, usePagedQuery } from "./LogTable";
import type { Column } from "./LogTable";
import { useCameraNames, useKeyNames, useToolNames } from "./useAdminData";
import type { CameraNames } from "./useAdminData";
import { nameCameraIds } from "./series";

type Row = Schemas["McpLogItem"];

function columnsFor(cameras: CameraNames): Column<Row>[] {
  return [
    ["timestamp", "When", (r) => formatDateTime(r.timestamp)],
    ["tool", "Tool", (r) => <code className="wrap-anywhere">{r.tool_name}</code>],
    ["key", "Key", (r) => r.key_name],
    ["status", "Status", (r) => <span className={`pill ${r.status === "error" ? "sev-high" : "pill-admin"}`}>{r.status}</span>],
    ["duration", "Duration", (r) => (r.duration_ms == null ? "—" : `${r.duration_ms} ms`)],
    ["args", "Arguments", (r) => <Arguments row={r} cameras={cameras} />],
  ];
}

/** The error, else the arguments with camera ids shown by name (the raw text on hover). */
function Arguments({ row, cameras }: { row: Row; cameras: CameraNames }) {
  const raw = row.error || row.args_summary || "";
  if (!raw) return <>—</>;
  return <span className={row.error ? "admin-clip error-text" : "admin-clip"} title={raw}>{row.error ? raw : nameCameraIds(raw, cameras.options)}</span>;
}

export default function McpLogs() {
  const cameras = useCameraNames();
  const tools = useToolNames();
  const keys = useKeyNames();
  const { query, settled, offset, size, setOffset, setFilter, setSize } = usePagedQuery({ tool_name: "", key_name: "", status: "" });
  const logs = useAsync(() => api.listMcpLogs({ ...settled, limit: size, offset }), [settled, offset, size]);
  return (
    <section className="panel admin-panel" aria-labelledby="mcp-logs-heading">
      <h2 id="mcp-logs-heading">MCP tool calls</h2>
      <div className="admin-toolbar">
        <label className="admin-field">
          <span>Tool</span>
          <select value={query.tool_name} onChange={(e) => setFilter("tool_name", e.target.value)}>
            <option value="">All tools</option>
            {tools.data && (
              <>
                <optgroup label="Read">{tools.data.read.map((name) => <option key={name} value={name}>{name}</option>)}</optgroup>
                <optgroup label="Write">{tools.data.write.map((name) => <option key={name} value={name}>{name}</option>)}</optgroup>
              </>
            )}
          </select>
        </label>
        <label className="admin-field">
          <span>Key</span>
          <select value={query.key_name} onChange={(e) => setFilter("key_name", e.target.value)}>
            <option value="">All keys</option>
            {(keys.data ?? []).map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        <label className="admin-field">
          <span>Status</span>
          <select value={query.status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">Any status</option>
            <option value="completed">Completed</option>
            <option value="error">Error</option>
          </select>
        </label>
        <RowsPerPage value={size} onChange={setSize} />
        <span className="spacer" />
        <ExportButton run={() => api.exportMcpLogsCsv(query)} fallbackName="mcp-activity-log.csv" what="MCP calls" />
      </div>
      {tools.error && <p className="muted small">Tool list unavailable ({tools.error.message}); showing all tools.</p>}
      <LogTable state={logs} rows={logs.data?.logs ?? []} columns={columnsFor(cameras)} empty="No MCP tool calls match" caption="MCP tool calls, newest first" testId="mcp-logs-table" />
      <Pager total={logs.data?.total ?? 0} offset={offset} size={size} setOffset={setOffset} />
    </section>
  );
}
