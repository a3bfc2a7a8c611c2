import { useState } from "react";
import type { FormEvent } from "react";
import { Pencil, Save, X } from "lucide-react";
import Markdown from "../Markdown";

export interface SummaryReport {
  summary: string;
  report: string;
}

export interface SummaryReportEditorProps {
  value: SummaryReport;
  canEdit: boolean;
  /** Resolves once saved; rejects (after the caller's error toast) to keep the form open. */
  onSave: (next: SummaryReport) => Promise<void>;
}

/** The incident's summary and markdown report, read-only until "Edit". */
export default function SummaryReportEditor({ value, canEdit, onSave }: SummaryReportEditorProps) {
  const [draft, setDraft] = useState<SummaryReport | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    // Nothing changed: no request, just back to reading.
    if (draft.summary === value.summary && draft.report === value.report) {
      setDraft(null);
      return;
    }
    setSaving(true);
    try {
      await onSave(draft);
      setDraft(null);
    } catch {
      // The caller already said what went wrong; the draft stays for another try.
    } finally {
      setSaving(false);
    }
  };

  if (!draft) {
    return (
      <section className="inc-text" aria-labelledby="inc-summary-heading">
        <div className="inc-section-head">
          <h3 id="inc-summary-heading">Summary</h3>
          {canEdit && (
            <button type="button" className="btn btn-small" onClick={() => setDraft(value)}>
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

  return (
    <form className="inc-text inc-edit" onSubmit={save} aria-label="Edit summary and report">
      <label className="field"><span>Summary</span>
        <textarea data-autofocus rows={3} value={draft.summary} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} />
      </label>
      <label className="field"><span>Report</span>
        <textarea rows={10} value={draft.report} onChange={(e) => setDraft({ ...draft, report: e.target.value })} />
      </label>
      <p className="muted small">The report is Markdown.</p>
      <div className="row">
        <button type="submit" className="btn btn-primary btn-small" disabled={saving}>
          <Save size={14} aria-hidden="true" />{saving ? "Saving…" : "Save"}
        </button>
        <button type="button" className="btn btn-ghost btn-small" disabled={saving} onClick={() => setDraft(null)}>
          <X size={14} aria-hidden="true" />Cancel
        </button>
      </div>
    </form>
  );
}
