import { useEffect, useId, useRef, useState } from "react";
import type { FormEvent, RefObject } from "react";
import { Pencil, Save, X } from "lucide-react";
import Markdown from "../Markdown";
import { errorMessage } from "../../services/api";
import { TITLE_MAX, changedFields, titleError } from "./incidentText";
import type { IncidentText, IncidentTextChanges } from "./incidentText";

export type { IncidentText, IncidentTextChanges };

export interface SummaryReportEditorProps {
  value: IncidentText;
  canEdit: boolean;
  /** Gets only the changed fields; resolves once saved, rejects to keep the form open. */
  onSave: (changes: IncidentTextChanges) => Promise<void>;
}

/**
 * The incident's summary and markdown report, read-only until "Edit"; the form also
 * retitles the incident (the title itself is shown as the dialog's heading).
 */
export default function SummaryReportEditor({ value, canEdit, onSave }: SummaryReportEditorProps) {
  const [draft, setDraft] = useState<IncidentText | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // The Edit button unmounts while the form is open; give focus back to it afterwards
  // rather than letting it fall to <body>.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (draft || !returnFocus.current) return;
    returnFocus.current = false;
    editButton.current?.focus();
  }, [draft]);
  const close = () => {
    returnFocus.current = true;
    setDraft(null);
  };

  if (!draft) return <ReadView value={value} canEdit={canEdit} editButton={editButton} onEdit={() => setDraft(value)} />;
  return <EditForm saved={value} draft={draft} onChange={setDraft} onSave={onSave} onDone={close} />;
}

function ReadView({ value, canEdit, editButton, onEdit }: { value: IncidentText; canEdit: boolean; editButton: RefObject<HTMLButtonElement | null>; onEdit: () => void }) {
  return (
    <section className="inc-text" aria-labelledby="inc-summary-heading">
      <div className="inc-section-head">
        <h3 id="inc-summary-heading">Summary</h3>
        {canEdit && (
          <button type="button" ref={editButton} className="btn btn-small" onClick={onEdit}>
            <Pencil size={14} aria-hidden="true" />Edit
          </button>
        )}
      </div>
      <p className="inc-summary">{value.summary || <span className="muted">No summary.</span>}</p>
      <h3>Report</h3>
      <Markdown source={value.report} />
    </section>
  );
}

interface EditFormProps {
  saved: IncidentText;
  draft: IncidentText;
  onChange: (next: IncidentText) => void;
  onSave: (changes: IncidentTextChanges) => Promise<void>;
  onDone: () => void;
}

function EditForm({ saved, draft, onChange, onSave, onDone }: EditFormProps) {
  const [saving, setSaving] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const ids = useId();
  const titleErrorId = `${ids}-title-error`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const refused = titleError(draft);
    setFieldError(refused);
    if (refused) {
      titleInput.current?.focus();
      return;
    }
    const changes = changedFields(saved, draft);
    // Nothing changed: no request, just back to reading.
    if (!Object.keys(changes).length) return onDone();
    setSaving(true);
    setSaveError(null);
    try {
      await onSave(changes);
      onDone();
    } catch (err) {
      // The draft stays for another try; the server's reason (e.g. a 400) shows here.
      setSaveError(errorMessage(err));
      setSaving(false);
    }
  };

  const set = (field: keyof IncidentText) => (e: { target: { value: string } }) => {
    if (field === "title") setFieldError(null);
    onChange({ ...draft, [field]: e.target.value });
  };

  return (
    <form className="inc-text inc-edit" onSubmit={save} aria-label="Edit title, summary and report" noValidate>
      <label className="field"><span>Title</span>
        <input
          ref={titleInput}
          autoFocus
          value={draft.title}
          maxLength={TITLE_MAX}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? titleErrorId : undefined}
          onChange={set("title")}
        />
      </label>
      {fieldError && <p id={titleErrorId} className="error-text small inc-field-error" role="alert">{fieldError}</p>}
      <label className="field"><span>Summary</span>
        <textarea rows={3} value={draft.summary} onChange={set("summary")} />
      </label>
      <label className="field"><span>Report</span>
        <textarea rows={10} value={draft.report} onChange={set("report")} />
      </label>
      <p className="muted small">The report is Markdown.</p>
      {saveError && <p className="error-text inc-save-error" role="alert">{saveError}</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary btn-small" disabled={saving}>
          <Save size={14} aria-hidden="true" />{saving ? "Saving…" : "Save"}
        </button>
        <button type="button" className="btn btn-ghost btn-small" disabled={saving} onClick={onDone}>
          <X size={14} aria-hidden="true" />Cancel
        </button>
      </div>
    </form>
  );
}
