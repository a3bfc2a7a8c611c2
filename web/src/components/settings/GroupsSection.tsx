import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { FolderTree, Pencil, Trash2 } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import type { AsyncResult } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "./SettingsSection";
import { GROUP_COLORS, GROUP_ICONS, GroupIcon } from "./groupIcons";
import GroupEditForm from "./GroupEditForm";
import GroupFields, { GroupPreview } from "./GroupFields";
import type { GroupDraft } from "./GroupFields";

export type Groups = AsyncResult<Schemas["GroupItem"][]>;

export default function GroupsSection({ groups }: { groups: Groups }) {
  return (
    <SettingsSection
      id="settings-groups"
      title="Camera groups"
      icon={FolderTree}
      help={<>Groups sort cameras on the dashboard (for example "Front of house" or "Warehouse"). Pick an icon and a colour (Edit changes them later); assign cameras to a group in "Cameras and recording". Deleting a group keeps its cameras.</>}
    >
      <CreateGroupForm onCreated={groups.reload} />
      <GroupList groups={groups} />
    </SettingsSection>
  );
}

function CreateGroupForm({ onCreated }: { onCreated: () => void }) {
  const toast = useToasts();
  const [draft, setDraft] = useState<GroupDraft>({ name: "", icon: GROUP_ICONS[0].name, color: GROUP_COLORS[0].value });
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const created = await api.createGroup({ ...draft, name: draft.name.trim() });
      toast.success(`Group "${created.name}" created.`);
      setDraft((current) => ({ ...current, name: "" }));
      onCreated();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="group-form" onSubmit={create} aria-label="New camera group">
      <GroupFields draft={draft} onChange={setDraft} />
      <div className="row">
        <GroupPreview draft={draft} />
        <button type="submit" className="btn btn-primary" disabled={!draft.name.trim() || busy}>{busy ? "Creating…" : "Create group"}</button>
      </div>
    </form>
  );
}

function GroupList({ groups }: { groups: Groups }) {
  if (groups.data === undefined) return groups.error ? <p className="error-text">{groups.error.message}</p> : <LoadingSpinner />;
  if (groups.data.length === 0) return <p className="muted">No groups yet. Cameras without a group are listed together on the dashboard.</p>;
  return (
    <ul className="group-list" aria-label="Camera groups">
      {groups.data.map((group) => <GroupRow key={group.id} group={group} onChanged={groups.reload} />)}
    </ul>
  );
}

function GroupRow({ group, onChanged }: { group: Schemas["GroupItem"]; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Leaving the form (saved or cancelled) hands the keyboard back to the row's Edit button,
  // instead of dropping focus to the top of the page.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  if (editing) {
    return (
      <li className="group-row is-editing" data-testid={`group-${group.id}`}>
        <GroupEditForm
          group={group}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      </li>
    );
  }

  return (
    <li className="group-row" data-testid={`group-${group.id}`}>
      <span className="group-name">
        <GroupIcon icon={group.icon} color={group.color} size={18} />
        <strong>{group.name}</strong>
        <span className="muted small">{group.camera_count} camera{group.camera_count === 1 ? "" : "s"}</span>
      </span>
      <span className="row group-row-actions">
        <button ref={editButton} type="button" className="btn btn-small btn-ghost" aria-label={`Edit group ${group.name}`} onClick={() => setEditing(true)}>
          <Pencil size={14} aria-hidden="true" /> Edit
        </button>
        <DeleteGroup group={group} onDeleted={onChanged} />
      </span>
    </li>
  );
}

function DeleteGroup({ group, onDeleted }: { group: Schemas["GroupItem"]; onDeleted: () => void }) {
  const toast = useToasts();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteGroup(group.id);
      toast.success(`Group "${group.name}" deleted; its cameras are now ungrouped.`);
      onDeleted();
    } catch (err) {
      toast.error(err);
      setBusy(false);
    }
  };

  if (confirming) {
    return (
      <span className="row" role="group" aria-label={`Confirm deleting ${group.name}`}>
        <span className="small">Delete this group?</span>
        <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={remove}>Yes, delete</button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(false)}>Keep</button>
      </span>
    );
  }
  return (
    <button type="button" className="btn btn-small btn-ghost" aria-label={`Delete group ${group.name}`} onClick={() => setConfirming(true)}>
      <Trash2 size={14} aria-hidden="true" /> Delete
    </button>
  );
}
