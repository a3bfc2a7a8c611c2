import { useEffect, useState } from "react";
import Modal from "./Modal.jsx";
import Markdown from "./Markdown.jsx";
import HlsPlayer from "./HlsPlayer.jsx";
import LoadingSpinner from "./LoadingSpinner.jsx";
import { useToasts } from "../hooks/useToasts.jsx";
import * as api from "../services/api.js";
import { formatDateTime } from "../util/format.js";

export const STATUSES = ["open", "acknowledged", "resolved", "dismissed"];
export const SEVERITIES = ["low", "medium", "high", "critical"];

function SnapshotEvidence({ incidentId, evidence }) {
  const [src, setSrc] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let url = null;
    let cancelled = false;
    api.fetchEvidenceBlob(incidentId, evidence.id)
      .then((res) => res.blob())
      .then((blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch((err) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [incidentId, evidence.id]);
  if (error) return <p className="error-text small">{error}</p>;
  return src ? <img src={src} alt={`Snapshot evidence ${evidence.id}`} /> : <LoadingSpinner inline label="Loading snapshot" />;
}

function Evidence({ incident }) {
  const items = incident.evidence ?? [];
  if (!items.length) return <p className="muted">No evidence attached.</p>;
  return (
    <div className="evidence-grid">
      {items.map((ev) => (
        <figure key={ev.id} className="evidence">
          {ev.kind === "snapshot" && ev.has_data && <SnapshotEvidence incidentId={incident.id} evidence={ev} />}
          {ev.kind === "clip" && ev.has_data && <HlsPlayer src={api.evidencePlaylistUrl(incident.id, ev.id)} live={false} controls autoPlay={false} title={`Clip ${ev.id}`} />}
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

export default function IncidentReportModal({ incidentId, onClose, onChanged }) {
  const toast = useToasts();
  const [incident, setIncident] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    api.getIncident(incidentId).then(setIncident, (err) => setError(err.message));
  }, [incidentId]);

  const update = async (changes) => {
    try {
      const next = await api.updateIncident(incidentId, changes);
      setIncident(next);
      onChanged?.();
    } catch (err) {
      toast.error(err);
    }
  };

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
      {error ? <p className="error-text">{error}</p> : !incident ? <LoadingSpinner /> : (
        <div className="page">
          <div className="row">
            <label className="inline-field"><span>Status</span>
              <select value={incident.status} onChange={(e) => update({ status: e.target.value })}>{STATUSES.map((s) => <option key={s}>{s}</option>)}</select>
            </label>
            <label className="inline-field"><span>Severity</span>
              <select value={incident.severity} onChange={(e) => update({ severity: e.target.value })}>{SEVERITIES.map((s) => <option key={s}>{s}</option>)}</select>
            </label>
            <span className="spacer" />
            <button type="button" className="btn btn-small btn-danger" onClick={remove}>Delete</button>
          </div>
          <p className="muted small">
            Opened {formatDateTime(incident.created_at)} by {incident.created_by}
            {incident.camera_id && <> · camera {incident.camera_id}</>}
            {incident.resolved_at && <> · closed {formatDateTime(incident.resolved_at)} by {incident.resolved_by}</>}
          </p>
          <p>{incident.summary}</p>
          <h3>Report</h3>
          <Markdown source={incident.report} />
          <h3>Evidence ({incident.evidence?.length ?? 0})</h3>
          <Evidence incident={incident} />
        </div>
      )}
    </Modal>
  );
}
