import { useState } from "react";
import { Video } from "lucide-react";
import { useAsync } from "../../hooks/useAsync";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "./SettingsSection";
import type { Groups } from "./GroupsSection";

type DraftMode = "off" | "continuous" | "scheduled";

export default function CamerasSection({ groups }: { groups: Groups }) {
  const cameras = useAsync(api.listCameras, []);
  const saved = () => {
    cameras.reload();
    groups.reload();
  };
  return (
    <SettingsSection
      id="settings-recording"
      title="Cameras and recording"
      icon={Video}
      help={<>Recording happens on the CloudNode, to its own disk. Continuous records around the clock; Scheduled records between two times in the organisation's timezone (a window may wrap midnight, e.g. 22:00 to 06:00).</>}
    >
      {cameras.data === undefined ? (
        cameras.error ? <p className="error-text" role="alert">{cameras.error.message}</p> : <LoadingSpinner label="Loading cameras…" />
      ) : cameras.data.length === 0 ? (
        <p className="muted">No cameras yet. They appear once a node reports them.</p>
      ) : (
        <div className="table-wrap settings-table-wrap">
          <table className="camera-policy-table">
            <thead><tr><th>Camera</th><th>Group</th><th>Recording</th></tr></thead>
            <tbody>
              {cameras.data.map((c) => <CameraPolicyRow key={`${c.camera_id}-${JSON.stringify(c.recording_policy)}`} camera={c} groups={groups.data} onSaved={saved} />)}
            </tbody>
          </table>
        </div>
      )}
    </SettingsSection>
  );
}

function CameraPolicyRow({ camera, groups, onSaved }: { camera: Schemas["CameraItem"]; groups: Schemas["GroupItem"][] | undefined; onSaved: () => void }) {
  const toast = useToasts();
  const policy = camera.recording_policy || {};
  const mode: DraftMode = policy.continuous_24_7 ? "continuous" : policy.scheduled_recording ? "scheduled" : "off";
  const [draft, setDraft] = useState<{ mode: DraftMode; start: string; end: string }>({ mode, start: policy.scheduled_start || "22:00", end: policy.scheduled_end || "06:00" });
  const [saving, setSaving] = useState(false);
  const dirty = draft.mode !== mode || (draft.mode === "scheduled" && (draft.start !== policy.scheduled_start || draft.end !== policy.scheduled_end));

  const save = async () => {
    setSaving(true);
    try {
      await api.updateRecordingSettings(camera.camera_id, {
        continuous_24_7: draft.mode === "continuous",
        scheduled_recording: draft.mode === "scheduled",
        ...(draft.mode === "scheduled" ? { scheduled_start: draft.start, scheduled_end: draft.end } : {}),
      });
      toast.success(`Recording policy saved for ${camera.name}.`);
      onSaved();
    } catch (err) {
      toast.error(err);
    } finally {
      setSaving(false);
    }
  };

  const assign = async (groupId: number) => {
    try {
      await api.assignGroup(camera.camera_id, groupId);
      const group = groups?.find((g) => g.id === groupId);
      toast.success(group ? `${camera.name} moved to "${group.name}".` : `${camera.name} is no longer in a group.`);
      onSaved();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <tr>
      <td><strong>{camera.name}</strong><div className="muted small wrap-anywhere">{camera.camera_id}</div></td>
      <td>
        <select aria-label={`Group of ${camera.name}`} value={camera.group_id ?? ""} onChange={(e) => assign(Number(e.target.value) || 0)}>
          <option value="">None</option>
          {(groups ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
        </select>
      </td>
      <td>
        <div className="row">
          <select aria-label={`Recording mode of ${camera.name}`} value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value as DraftMode })}>
            <option value="off">Off</option>
            <option value="continuous">Continuous 24/7</option>
            <option value="scheduled">Scheduled</option>
          </select>
          {draft.mode === "scheduled" && (
            <>
              <input type="time" aria-label={`Start of ${camera.name}'s window`} value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
              <span className="muted">to</span>
              <input type="time" aria-label={`End of ${camera.name}'s window`} value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} />
            </>
          )}
          <button type="button" className="btn btn-small" disabled={!dirty || saving} onClick={save} aria-label={`Save recording of ${camera.name}`}>{saving ? "Saving…" : "Save"}</button>
        </div>
      </td>
    </tr>
  );
}
