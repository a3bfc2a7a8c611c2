// The org's audit trail, filtered by category (Nodes, Cameras, Keys, ...) and user.
// The server filters by one exact event name only, so a category is applied here over the
// newest rows it returns (its 500-row page maximum), and said so on screen.

import { useMemo } from "react";
import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import { formatDateTime } from "../../util/format";
import { AUDIT_CATEGORIES, auditCategory, detailPairs, humanizeEvent, toCsv } from "./series";
import type { AuditCategory } from "./series";
import { ExportButton, LogTable, Pager, RowsPerPage, usePagedQuery } from "./LogTable";
import type { Column } from "./LogTable";
import { useCameraNames } from "./useAdminData";

type Row = Schemas["AuditLogItem"];
const CATEGORY_WINDOW = 500;

function Details({ text, cameraName }: { text: string | null | undefined; cameraName: (id: string) => string }) {
  const pairs = detailPairs(text, cameraName);
  if (!pairs.length) return <>—</>;
  return (
    <dl className="admin-details">
      {pairs.map(([label, value], i) => (
        <div key={i}>{label && <dt>{label}</dt>}<dd>{value}</dd></div>
      ))}
    </dl>
  );
}

function asCategory(value: string): AuditCategory | "" {
  return AUDIT_CATEGORIES.find((c) => c === value) ?? "";
}

function csvResponse(rows: Row[]): Response {
  const body = toCsv(["timestamp", "event", "category", "username", "ip_address", "details"], rows.map((r) => [r.timestamp, r.event, auditCategory(r.event), r.username, r.ip, r.details]));
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8" } });
}

export default function AuditTrail() {
  const cameras = useCameraNames();
  const { query, settled, offset, size, setOffset, setFilter, setSize } = usePagedQuery({ category: "", username: "" });
  // The address may name a category that does not exist: treat it as no filter.
  const category = asCategory(settled.category);
  const byCategory = category !== "";
  // With a category the newest rows are fetched once and paged here; without, the server pages.
  const logs = useAsync(
    () => api.listAuditLogs(byCategory ? { username: settled.username, limit: CATEGORY_WINDOW, offset: 0 } : { username: settled.username, limit: size, offset }),
    // Same-length deps either way; paging a category only slices what is already here.
    [settled, byCategory ? 0 : offset, byCategory ? 0 : size],
  );
  const matching = useMemo(() => (logs.data?.logs ?? []).filter((r) => !byCategory || auditCategory(r.event) === category), [logs.data, byCategory, category]);
  const rows = byCategory ? matching.slice(offset, offset + size) : matching;
  const total = byCategory ? matching.length : (logs.data?.total ?? 0);
  const windowed = byCategory && (logs.data?.total ?? 0) > CATEGORY_WINDOW;

  const columns: Column<Row>[] = [
    ["timestamp", "When", (r) => formatDateTime(r.timestamp)],
    ["event", "Event", (r) => <span className="admin-event"><span className="pill">{auditCategory(r.event)}</span> {humanizeEvent(r.event)}</span>],
    ["user", "User", (r) => <span className="wrap-anywhere">{r.username || "—"}</span>],
    ["ip", "IP", (r) => r.ip || "—"],
    ["details", "Details", (r) => <Details text={r.details} cameraName={cameras.name} />],
  ];

  return (
    <section className="panel admin-panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <div className="admin-toolbar">
        <label className="admin-field">
          <span>Category</span>
          <select value={asCategory(query.category)} onChange={(e) => setFilter("category", e.target.value)}>
            <option value="">All categories</option>
            {AUDIT_CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label className="admin-field">
          <span>User</span>
          <input type="search" placeholder="Name or e-mail" value={query.username} onChange={(e) => setFilter("username", e.target.value)} />
        </label>
        <RowsPerPage value={size} onChange={setSize} />
        <span className="spacer" />
        <ExportButton
          run={async () => (byCategory ? csvResponse(matching) : api.exportAuditLogsCsv({ username: settled.username }))}
          fallbackName={byCategory ? `audit-log-${category.toLowerCase()}.csv` : "audit-log.csv"}
          what="Audit trail"
        />
      </div>
      {windowed && <p className="muted small" role="note">The category filter covers the newest {CATEGORY_WINDOW} events.</p>}
      <LogTable state={logs} rows={rows} columns={columns} empty="No audit events match" caption="Audit trail, newest first" testId="audit-table" />
      <Pager total={total} offset={offset} size={size} setOffset={setOffset} />
    </section>
  );
}
