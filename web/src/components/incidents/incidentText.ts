// The editable text of an incident (title, summary, report) and what a save sends: the
// PATCH carries only the fields that changed, so a save cannot overwrite a field someone
// else edited meanwhile unless this editor changed it too.

import type { Schemas } from "../../services/api";

export interface IncidentText {
  title: string;
  summary: string;
  report: string;
}

export type IncidentTextChanges = Pick<Schemas["UpdateIncidentRequest"], keyof IncidentText>;

/** Matches the server's cut; longer titles are shortened there anyway. */
export const TITLE_MAX = 200;

/** Refuses what the server would answer with 400 "title is required". */
export function titleError(draft: IncidentText): string | null {
  return draft.title.trim() ? null : "Title is required.";
}

/**
 * The fields of `draft` that differ from `saved`. The title is compared and sent trimmed
 * (the server trims it); summary and report are stored verbatim, so they are compared as typed.
 */
export function changedFields(saved: IncidentText, draft: IncidentText): IncidentTextChanges {
  const changes: IncidentTextChanges = {};
  const title = draft.title.trim();
  if (title !== saved.title) changes.title = title;
  if (draft.summary !== saved.summary) changes.summary = draft.summary;
  if (draft.report !== saved.report) changes.report = draft.report;
  return changes;
}

const FIELD_WORDS: Record<keyof IncidentText, string> = { title: "title", summary: "summary", report: "report" };

/** "Title saved.", "Summary and report saved.", "Title, summary and report saved." */
export function savedMessage(changes: IncidentTextChanges): string {
  const words = (Object.keys(FIELD_WORDS) as (keyof IncidentText)[]).filter((k) => changes[k] !== undefined).map((k) => FIELD_WORDS[k]);
  if (!words.length) return "Nothing to save.";
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
  return `${list.charAt(0).toUpperCase()}${list.slice(1)} saved.`;
}
