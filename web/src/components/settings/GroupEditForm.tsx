import { useEffect, useRef, useState } from "react";
import type { FormEvent, KeyboardEvent } from "react";
import { Check, Pencil, X } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import { ApiError } from "../../services/errors";
import GroupFields, { GroupPreview, draftFromGroup, groupChanges } from "./GroupFields";

interface GroupEditFormProps {
  group: Schemas["GroupItem"];
  /** Called after a successful save (the list reloads) and after a 404 (the group is gone). */
  onSaved: () => void;
  onCancel: () => void;
}

/** A group's row turned into a form: the create form's fields, prefilled, with Save and Cancel. */
export default function GroupEditForm({ group, onSaved, onCancel }: GroupEditFormProps) {
  const toast = useToasts();
  const [draft, setDraft] = useState(() => draftFromGroup(group));
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  // The row just turned into this form: put the keyboard where the typing happens.
  useEffect(() => nameRef.current?.focus(), []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const changes = groupChanges(group, draft);
    if (Object.keys(changes).length === 0) {
      toast.info("Nothing changed.");
      onCancel();
      return;
    }
    setBusy(true);
    setNameError(null);
    try {
      await api.updateGroup(group.id, changes);
      toast.success("Group saved.");
      onSaved();
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 409) {
        // A clash is about the name the user is typing, so it belongs next to that field.
        setNameError(err.message);
        nameRef.current?.focus();
        return;
      }
      toast.error(err);
      if (err instanceof ApiError && err.status === 404) onSaved();
    }
  };

  const cancelOnEscape = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <form className="group-form group-edit-form" onSubmit={save} onKeyDown={cancelOnEscape} aria-label={`Editing group ${group.name}`} data-testid={`group-edit-${group.id}`}>
      <p className="group-edit-title">
        <Pencil size={14} aria-hidden="true" /> Editing <strong>{group.name}</strong>
      </p>
      <GroupFields
        draft={draft}
        onChange={(next) => {
          setDraft(next);
          if (next.name !== draft.name) setNameError(null);
        }}
        nameRef={nameRef}
        nameError={nameError}
      />
      <div className="row group-edit-actions">
        <GroupPreview draft={draft} />
        <button type="submit" className="btn btn-small btn-primary" disabled={!draft.name.trim() || busy}>
          <Check size={14} aria-hidden="true" /> {busy ? "Saving…" : "Save"}
        </button>
        <button type="button" className="btn btn-small btn-ghost" disabled={busy} onClick={onCancel}>
          <X size={14} aria-hidden="true" /> Cancel
        </button>
      </div>
    </form>
  );
}
