import { useEffect, useState } from "react";
import type { ChangeEvent } from "react";
import Modal from "./Modal";
import Markdown from "./Markdown";
import HlsPlayer from "./HlsPlayer";
import LoadingSpinner from "./LoadingSpinner";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import { formatDateTime } from "../util/format";

export type IncidentStatus = Schemas["StatusName"];
export type Severity = Schemas["SeverityName"];
export const STATUSES: IncidentStatus[] = ["open", "acknowledged", "resolved", "dismissed"];
export const SEVERITIES: Severity[] = ["low", "medium", "high", "critical"];

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

function Evidence({ incident }: { incident: Incident }) {
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

export interface IncidentReportModalProps {
  incidentId: number | string;
  onClose: () => void;
  onChanged?: () => void;
}

export default function IncidentReportModal({ incidentId, onClose, onChanged }: IncidentReportModalProps) {
  const toast = useToasts();
  const [incident, setIncident] = useState<Incident | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.getIncident(incidentId).then(setIncident, (err: unknown) => setError(api.errorMessage(err)));
  }, [incidentId]);

  const update = async (changes: Schemas["UpdateIncidentRequest"]) => {
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
              <select value={incident.status} onChange={(e: ChangeEvent<HTMLSelectElement>) => update({ status: e.target.value as IncidentStatus })}>{STATUSES.map((s) => <option key={s}>{s}</option>)}</select>
            </label>
            <label className="inline-field"><span>Severity</span>
              <select value={incident.severity} onChange={(e: ChangeEvent<HTMLSelectElement>) => update({ severity: e.target.value as Severity })}>{SEVERITIES.map((s) => <option key={s}>{s}</option>)}</select>
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
