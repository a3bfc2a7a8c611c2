import { useEffect, useState } from "react";
import type { ChangeEvent } from "react";
import { Camera, Trash } from "lucide-react";
import Modal from "./Modal";
import HlsPlayer from "./HlsPlayer";
import LoadingSpinner from "./LoadingSpinner";
import SourceBadge from "./incidents/SourceBadge";
import IncidentTimeline from "./incidents/IncidentTimeline";
import SummaryReportEditor from "./incidents/SummaryReportEditor";
import { savedMessage } from "./incidents/incidentText";
import type { IncidentTextChanges } from "./incidents/incidentText";
import { useMe } from "./incidents/useMe";
import { useMemberNames } from "./incidents/memberNames";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import { SEVERITIES, STATUSES, authorName, buildTimeline } from "../services/incidentsApi";
import type { IncidentStatus, Severity } from "../services/incidentsApi";
import { formatDateTime } from "../util/format";
import "../styles/incidents.css";

// Other pages import the enums from here.
export { SEVERITIES, STATUSES };
export type { IncidentStatus, Severity };

type Incident = Schemas["IncidentDetail"];
type EvidenceItem = Schemas["EvidenceItem"];

function SnapshotEvidence({ incidentId, evidence }: { incidentId: number; evidence: EvidenceItem }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    api.fetchEvidenceBlob(incidentId, evidence.id)
      .then((res) => res.blob())
      .then((blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch((err: unknown) => !cancelled && setError(api.errorMessage(err)));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [incidentId, evidence.id]);
  if (error) return <p className="error-text small">{error}</p>;
  return src ? <img src={src} alt={`Snapshot evidence ${evidence.id}`} /> : <LoadingSpinner inline label="Loading snapshot" />;
}

/** Text observations the agent (or a person over MCP) wrote while investigating. */
function Observations({ items }: { items: EvidenceItem[] }) {
  if (!items.length) return <p className="muted">No observations yet.</p>;
  return (
    <ul className="inc-observations">
      {items.map((ev) => (
        <li key={ev.id}>
          <p>{ev.text}</p>
          <span className="muted small">
            {formatDateTime(ev.timestamp)}
            {ev.camera_id && <> · <Camera size={14} aria-hidden="true" /> {ev.camera_id}</>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Snapshots and clips. */
function Media({ incidentId, items }: { incidentId: number; items: EvidenceItem[] }) {
  if (!items.length) return <p className="muted">No snapshots or clips attached.</p>;
  return (
    <div className="evidence-grid">
      {items.map((ev) => (
        <figure key={ev.id} className="evidence">
          {ev.kind === "snapshot" && ev.has_data && <SnapshotEvidence incidentId={incidentId} evidence={ev} />}
          {ev.kind === "clip" && ev.has_data && <HlsPlayer src={api.evidencePlaylistUrl(incidentId, ev.id)} live={false} controls autoPlay={false} title={`Clip ${ev.id}`} />}
          <figcaption className="small">
            <span className="pill">{ev.kind}</span> {ev.camera_id && <span className="muted">{ev.camera_id}</span>}
            {ev.text && <p>{ev.text}</p>}
            <span className="muted">{formatDateTime(ev.timestamp)}</span>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

export interface IncidentReportModalProps {
  incidentId: number | string;
  onClose: () => void;
  onChanged?: () => void;
}

export default function IncidentReportModal({ incidentId, onClose, onChanged }: IncidentReportModalProps) {
  const toast = useToasts();
  const me = useMe();
  const members = useMemberNames();
  const [incident, setIncident] = useState<Incident | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Every incident route is admin-only; outside an AuthProvider the server decides.
  const canEdit = me ? me.isAdmin : true;

  useEffect(() => {
    api.getIncident(incidentId).then(setIncident, (err: unknown) => setError(api.errorMessage(err)));
  }, [incidentId]);

  /** PATCHes and reports; rethrows so an open editor keeps its draft. */
  const update = async (changes: Schemas["UpdateIncidentRequest"], done: string, { toastError = true } = {}) => {
    try {
      const next = await api.updateIncident(incidentId, changes);
      setIncident(next);
      toast.success(done);
      onChanged?.();
    } catch (err) {
      if (toastError) toast.error(err);
      throw err;
    }
  };
  // Selects have no draft to keep: the failure toast is all there is to do.
  const quietly = (changes: Schemas["UpdateIncidentRequest"], done: string) => update(changes, done).catch(() => undefined);
  // The editor shows a failed save inline, next to the draft it keeps.
  const saveText = (changes: IncidentTextChanges) => update(changes, savedMessage(changes), { toastError: false });

  const remove = async () => {
    if (!window.confirm("Delete this incident and its evidence?")) return;
    try {
      await api.deleteIncident(incidentId);
      toast.success("Incident deleted.");
      onChanged?.();
      onClose();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <Modal title={incident ? `#${incident.id} ${incident.title}` : "Incident"} onClose={onClose} wide>
      {error ? <p className="error-text" role="alert">{error}</p> : !incident ? <LoadingSpinner /> : (
        <div className={`page inc-detail sev-stripe-${incident.severity}`}>
          <div className="row inc-controls">
            <label className="inline-field"><span>Status</span>
              <select value={incident.status} disabled={!canEdit} onChange={(e: ChangeEvent<HTMLSelectElement>) => quietly({ status: e.target.value as IncidentStatus }, `Status set to ${e.target.value}.`)}>
                {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
            <label className="inline-field"><span>Severity</span>
              <select value={incident.severity} disabled={!canEdit} onChange={(e: ChangeEvent<HTMLSelectElement>) => quietly({ severity: e.target.value as Severity }, `Severity set to ${e.target.value}.`)}>
                {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
            <span className="spacer" />
            {canEdit && (
              <button type="button" className="btn btn-small btn-danger" onClick={remove}>
                <Trash size={14} aria-hidden="true" />Delete
              </button>
            )}
          </div>
          <p className="muted small inc-byline">
            <SourceBadge createdBy={incident.created_by} /> Opened {formatDateTime(incident.created_at)} by <strong>{authorName(incident.created_by, me, members)}</strong>
            {incident.camera_id && <> · camera {incident.camera_id}</>}
          </p>
          <SummaryReportEditor value={{ title: incident.title, summary: incident.summary, report: incident.report }} canEdit={canEdit} onSave={saveText} />
          <div className="inc-detail-grid">
            <section aria-labelledby="inc-observations-heading">
              <h3 id="inc-observations-heading">Observations</h3>
              <Observations items={(incident.evidence ?? []).filter((ev) => ev.kind === "observation")} />
            </section>
            <section aria-labelledby="inc-timeline-heading">
              <h3 id="inc-timeline-heading">Timeline</h3>
              <IncidentTimeline entries={buildTimeline(incident, me, members)} />
            </section>
          </div>
          <section aria-labelledby="inc-evidence-heading">
            <h3 id="inc-evidence-heading">Evidence</h3>
            <Media incidentId={incident.id} items={(incident.evidence ?? []).filter((ev) => ev.kind !== "observation")} />
          </section>
        </div>
      )}
    </Modal>
  );
}
