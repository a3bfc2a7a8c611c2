import { useState } from "react";
import type { ChangeEvent, FormEvent } from "react";
import { Plus } from "lucide-react";
import Modal from "../Modal";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import { SEVERITIES } from "../../services/incidentsApi";
import type { Severity } from "../../services/incidentsApi";

interface Draft {
  title: string;
  summary: string;
  severity: Severity;
  camera_id: string;
}

export interface NewIncidentModalProps {
  cameras: Schemas["CameraItem"][] | undefined;
  onClose: () => void;
  onCreated: (incident: Schemas["IncidentDetail"]) => void;
}

const EMPTY: Draft = { title: "", summary: "", severity: "medium", camera_id: "" };

/** The "New incident" form: title, severity, summary and an optional camera. */
export default function NewIncidentModal({ cameras, onClose, onCreated }: NewIncidentModalProps) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The server trims and answers 400 on blank text; saying so here keeps the form open.
    if (!draft.title.trim() || !draft.summary.trim()) {
      setError("Title and summary need some text.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.createIncident({ ...draft, camera_id: draft.camera_id || null }));
    } catch (err) {
      setError(api.errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  // The severity select only offers SEVERITIES, so its value is always a Severity.
  const set = (key: keyof Draft) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const footer = (
    <>
      <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
      <button type="submit" form="new-incident-form" className="btn btn-primary" disabled={busy}>
        <Plus size={16} aria-hidden="true" />
        {busy ? "Creating…" : "Create incident"}
      </button>
    </>
  );

  return (
    <Modal title="New incident" onClose={onClose} footer={footer}>
      <form id="new-incident-form" className="inc-form" onSubmit={submit} noValidate>
        <label className="field"><span>Title</span>
          <input data-autofocus required maxLength={200} value={draft.title} onChange={set("title")} />
        </label>
        <div className="inc-form-row">
          <label className="field"><span>Severity</span>
            <select value={draft.severity} onChange={set("severity")}>{SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}</select>
          </label>
          <label className="field"><span>Camera</span>
            <select value={draft.camera_id} onChange={set("camera_id")}>
              <option value="">None</option>
              {(cameras ?? []).map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name}</option>)}
            </select>
          </label>
        </div>
        <label className="field"><span>Summary</span>
          <textarea required rows={4} value={draft.summary} onChange={set("summary")} />
        </label>
        {error && <p className="error-text" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}
