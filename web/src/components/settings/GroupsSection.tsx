import { useState } from "react";
import type { FormEvent } from "react";
import { FolderTree, Palette, Trash2 } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import type { AsyncResult } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "./SettingsSection";
import { GROUP_COLORS, GROUP_ICONS, GroupIcon } from "./groupIcons";

export type Groups = AsyncResult<Schemas["GroupItem"][]>;

export default function GroupsSection({ groups }: { groups: Groups }) {
  return (
    <SettingsSection
      id="settings-groups"
      title="Camera groups"
      icon={FolderTree}
      help={<>Groups sort cameras on the dashboard (for example "Front of house" or "Warehouse"). Pick an icon and a colour; assign cameras to a group in "Cameras and recording". Deleting a group keeps its cameras.</>}
    >
      <CreateGroupForm onCreated={groups.reload} />
      <GroupList groups={groups} />
    </SettingsSection>
  );
}

function CreateGroupForm({ onCreated }: { onCreated: () => void }) {
  const toast = useToasts();
  const [name, setName] = useState("");
  const [icon, setIcon] = useState(GROUP_ICONS[0].name);
  const [color, setColor] = useState(GROUP_COLORS[0].value);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const created = await api.createGroup({ name: name.trim(), icon, color });
      toast.success(`Group "${created.name}" created.`);
      setName("");
      onCreated();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="group-form" onSubmit={create} aria-label="New camera group">
      <label className="field">
        <span>Group name</span>
        <input value={name} maxLength={100} placeholder="Front of house" onChange={(e) => setName(e.target.value)} required />
      </label>
      <fieldset className="picker">
        <legend>Icon</legend>
        <div className="picker-options">
          {GROUP_ICONS.map(({ name: value, label, Icon }) => (
            <label key={value} className="picker-option" title={label}>
              <input type="radio" name="group-icon" value={value} checked={icon === value} onChange={() => setIcon(value)} aria-label={label} />
              <Icon size={18} aria-hidden="true" color={icon === value ? color : undefined} />
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="picker">
        <legend>Colour</legend>
        <div className="picker-options">
          {GROUP_COLORS.map(({ value, label }) => (
            <label key={value} className="picker-option swatch-option" title={label}>
              <input type="radio" name="group-color" value={value} checked={color === value} onChange={() => setColor(value)} aria-label={label} />
              <span className="swatch" style={{ background: value }} aria-hidden="true" />
            </label>
          ))}
          <label className={`picker-option custom-color${GROUP_COLORS.some((c) => c.value === color) ? "" : " is-custom"}`} title="Custom colour">
            <input type="color" value={color} onChange={(e) => setColor(e.target.value)} aria-label="Custom colour" />
            <Palette size={18} aria-hidden="true" />
          </label>
        </div>
      </fieldset>
      <div className="row">
        <span className="group-preview" aria-hidden="true"><GroupIcon icon={icon} color={color} size={18} /> {name.trim() || "Preview"}</span>
        <button type="submit" className="btn btn-primary" disabled={!name.trim() || busy}>{busy ? "Creating…" : "Create group"}</button>
      </div>
    </form>
  );
}

function GroupList({ groups }: { groups: Groups }) {
  if (groups.data === undefined) return groups.error ? <p className="error-text">{groups.error.message}</p> : <LoadingSpinner />;
  if (groups.data.length === 0) return <p className="muted">No groups yet. Cameras without a group are listed together on the dashboard.</p>;
  return (
    <ul className="group-list" aria-label="Camera groups">
      {groups.data.map((group) => <GroupRow key={group.id} group={group} onDeleted={groups.reload} />)}
    </ul>
  );
}

function GroupRow({ group, onDeleted }: { group: Schemas["GroupItem"]; onDeleted: () => void }) {
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

  return (
    <li className="group-row">
      <span className="group-name">
        <GroupIcon icon={group.icon} color={group.color} size={18} />
        <strong>{group.name}</strong>
        <span className="muted small">{group.camera_count} camera{group.camera_count === 1 ? "" : "s"}</span>
      </span>
      {confirming ? (
        <span className="row" role="group" aria-label={`Confirm deleting ${group.name}`}>
          <span className="small">Delete this group?</span>
          <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={remove}>Yes, delete</button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(false)}>Keep</button>
        </span>
      ) : (
        <button type="button" className="btn btn-small btn-ghost" aria-label={`Delete group ${group.name}`} onClick={() => setConfirming(true)}>
          <Trash2 size={14} aria-hidden="true" /> Delete
        </button>
      )}
    </li>
  );
}
