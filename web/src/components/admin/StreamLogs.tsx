// Who opened which live stream: filter by camera (by name) and viewer.

import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import { formatDateTime } from "../../util/format";
import { ExportButton, LogTable, Pager, RowsPerPage, usePagedQuery } from "./LogTable";
import type { Column } from "./LogTable";
import { useCameraNames } from "./useAdminData";

type Row = Schemas["StreamLogItem"];

export default function StreamLogs() {
  const cameras = useCameraNames();
  const { query, settled, offset, size, setOffset, setFilter, setSize } = usePagedQuery({ camera_id: "", user_id: "" });
  const logs = useAsync(() => api.listStreamLogs({ ...settled, limit: size, offset }), [settled, offset, size]);
  const columns: Column<Row>[] = [
    ["accessed_at", "When", (r) => formatDateTime(r.accessed_at)],
    ["camera", "Camera", (r) => <span title={r.camera_id}>{cameras.name(r.camera_id)}</span>],
    ["user", "Viewer", (r) => <span className="wrap-anywhere">{r.user_email || r.user_id}</span>],
    ["ip", "IP", (r) => r.ip_address || "—"],
  ];
  return (
    <section className="panel admin-panel" aria-labelledby="stream-logs-heading">
      <h2 id="stream-logs-heading">Stream views</h2>
      <div className="admin-toolbar">
        <label className="admin-field">
          <span>Camera</span>
          <select value={query.camera_id} onChange={(e) => setFilter("camera_id", e.target.value)}>
            <option value="">All cameras</option>
            {cameras.options.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
            {/* A linked camera the org no longer lists still shows what is filtered. */}
            {query.camera_id && !cameras.loading && !cameras.options.some(([id]) => id === query.camera_id) && <option value={query.camera_id}>{query.camera_id}</option>}
          </select>
        </label>
        <label className="admin-field">
          <span>Viewer</span>
          <input type="search" placeholder="Name or e-mail" value={query.user_id} onChange={(e) => setFilter("user_id", e.target.value)} />
        </label>
        <RowsPerPage value={size} onChange={setSize} />
        <span className="spacer" />
        <ExportButton run={() => api.exportStreamLogsCsv(query)} fallbackName="stream-access-log.csv" what="Stream views" />
      </div>
      <LogTable state={logs} rows={logs.data?.logs ?? []} columns={columns} empty="No stream views match" caption="Stream views, newest first" testId="stream-logs-table" />
      <Pager total={logs.data?.total ?? 0} offset={offset} size={size} setOffset={setOffset} />
    </section>
  );
}
