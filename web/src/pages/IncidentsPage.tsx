import { useState } from "react";
import type { ChangeEvent, FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { useAsync } from "../hooks/useAsync";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import IncidentReportModal, { SEVERITIES, STATUSES } from "../components/IncidentReportModal";
import type { IncidentStatus, Severity } from "../components/IncidentReportModal";
import Modal from "../components/Modal";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import { formatRelative } from "../util/format";

const PAGE = 25;

interface IncidentForm {
  title: string;
  summary: string;
  severity: Severity;
  camera_id: string;
}

interface Filters {
  status: IncidentStatus | "";
  severity: Severity | "";
  camera_id: string;
}

interface CreateIncidentModalProps {
  cameras: Schemas["CameraItem"][] | undefined;
  onClose: () => void;
  onCreated: (incident: Schemas["IncidentItem"]) => void;
}

function CreateIncidentModal({ cameras, onClose, onCreated }: CreateIncidentModalProps) {
  const [form, setForm] = useState<IncidentForm>({ title: "", summary: "", severity: "medium", camera_id: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createIncident({ ...form, camera_id: form.camera_id || null });
      onCreated(created);
    } catch (err) {
      setError(api.errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  // The severity select only offers SEVERITIES.
  const set = (key: keyof IncidentForm) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <Modal title="Report an incident" onClose={onClose} footer={<><button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button><button type="submit" form="incident-form" className="btn btn-primary" disabled={busy}>{busy ? "Saving…" : "Create"}</button></>}>
      <form id="incident-form" onSubmit={submit}>
        <label className="field"><span>Title</span><input data-autofocus required maxLength={200} value={form.title} onChange={set("title")} /></label>
        <label className="field"><span>Summary</span><textarea required value={form.summary} onChange={set("summary")} /></label>
        <div className="row">
          <label className="field"><span>Severity</span><select value={form.severity} onChange={set("severity")}>{SEVERITIES.map((s) => <option key={s}>{s}</option>)}</select></label>
          <label className="field"><span>Camera</span>
            <select value={form.camera_id} onChange={set("camera_id")}>
              <option value="">None</option>
              {(cameras ?? []).map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name}</option>)}
            </select>
          </label>
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}

export default function IncidentsPage() {
  const { incidentId } = useParams();
  const navigate = useNavigate();
  const toast = useToasts();
  const [filters, setFilters] = useState<Filters>({ status: "", severity: "", camera_id: "" });
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => api.listIncidents({ ...filters, limit: PAGE, offset }), [filters, offset], { intervalMs: 30000 });
  const counts = useAsync(api.getIncidentCounts, [], { intervalMs: 30000 });
  const cameras = useAsync(api.listCameras, []);
  const reload = () => {
    list.reload();
    counts.reload();
  };
  // The selects only offer STATUSES, SEVERITIES and camera ids.
  const setFilter = (key: keyof Filters) => (e: ChangeEvent<HTMLSelectElement>) => {
    setOffset(0);
    setFilters({ ...filters, [key]: e.target.value });
  };
  const total = list.data?.total ?? 0;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Incidents</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>Report incident</button>
      </div>
      {counts.data && (
        <section className="stat-grid" aria-label="Incident counts">
          <div className="stat panel"><span className="stat-value">{counts.data.open}</span><span className="stat-label">Open</span></div>
          <div className="stat panel"><span className="stat-value error-text">{counts.data.open_critical}</span><span className="stat-label">Open critical</span></div>
          <div className="stat panel"><span className="stat-value">{counts.data.open_high}</span><span className="stat-label">Open high</span></div>
          <div className="stat panel"><span className="stat-value">{counts.data.total}</span><span className="stat-label">All time</span></div>
        </section>
      )}
      <div className="row" role="group" aria-label="Filters">
        <label className="inline-field"><span>Status</span><select value={filters.status} onChange={setFilter("status")}><option value="">Any</option>{STATUSES.map((s) => <option key={s}>{s}</option>)}</select></label>
        <label className="inline-field"><span>Severity</span><select value={filters.severity} onChange={setFilter("severity")}><option value="">Any</option>{SEVERITIES.map((s) => <option key={s}>{s}</option>)}</select></label>
        <label className="inline-field"><span>Camera</span><select value={filters.camera_id} onChange={setFilter("camera_id")}><option value="">Any</option>{(cameras.data ?? []).map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name}</option>)}</select></label>
      </div>
      <section className="panel">
        {list.data === undefined ? (list.error ? <p className="error-text" role="alert">{list.error.message}</p> : <LoadingSpinner />) : list.data.incidents.length === 0 ? (
          <EmptyState title="No incidents">Incidents filed by Sentinel AI, MCP agents or your team show up here.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead><tr><th>#</th><th>Title</th><th>Severity</th><th>Status</th><th>Camera</th><th>Evidence</th><th>Opened</th></tr></thead>
              <tbody>
                {list.data.incidents.map((i) => (
                  <tr key={i.id} className="clickable" onClick={() => navigate(`/incidents/${i.id}`)}>
                    <td>{i.id}</td>
                    <td><a href={`/incidents/${i.id}`} onClick={(e) => { e.preventDefault(); navigate(`/incidents/${i.id}`); }}>{i.title}</a><div className="muted small truncate">{i.summary}</div></td>
                    <td><span className={`pill sev-${i.severity}`}>{i.severity}</span></td>
                    <td>{i.status}</td>
                    <td>{i.camera_id || "—"}</td>
                    <td>{i.evidence_count}</td>
                    <td>{formatRelative(i.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {total > PAGE && (
          <div className="pager">
            <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
            <span className="muted small">{offset + 1}–{Math.min(total, offset + PAGE)} of {total}</span>
            <button type="button" className="btn btn-small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>Next</button>
          </div>
        )}
      </section>
      {creating && (
        <CreateIncidentModal
          cameras={cameras.data}
          onClose={() => setCreating(false)}
          onCreated={(inc) => {
            setCreating(false);
            toast.success(`Incident #${inc.id} created.`);
            reload();
            navigate(`/incidents/${inc.id}`);
          }}
        />
      )}
      {incidentId && <IncidentReportModal incidentId={incidentId} onClose={() => navigate("/incidents")} onChanged={reload} />}
    </div>
  );
}
