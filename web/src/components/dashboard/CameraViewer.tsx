import { useRef, useState } from "react";
import type { ChangeEvent } from "react";
import { Camera as CameraIcon, Circle, Maximize, Share2, Square } from "lucide-react";
import Modal from "../Modal";
import HlsPlayer from "../HlsPlayer";
import type { PlayerState } from "../HlsPlayer";
import { LIVE_STATUSES, RecordingPill, statusTone } from "../CameraCard";
import type { Camera } from "../CameraCard";
import { streamUrl } from "../../services/api";
import type { Schemas } from "../../services/api";
import { takeSnapshot } from "../../services/dashboardApi";
import type { Snapshot } from "../../services/dashboardApi";
import { useToasts } from "../../hooks/useToasts";
import { formatRelative } from "../../util/format";

export interface CameraViewerProps {
  camera: Camera;
  isAdmin: boolean;
  recordingNow: boolean;
  groups: Schemas["GroupItem"][];
  busy: boolean;
  onClose: () => void;
  onToggleRecording: (camera: Camera, on: boolean) => void;
  onAssignGroup: (camera: Camera, groupId: number | null) => void;
  /** Opens the share dialog for this camera (admins). */
  onShare?: (camera: Camera) => void;
}

function SnapshotView({ snapshot, cameraName }: { snapshot: Snapshot; cameraName: string }) {
  if (snapshot.imageB64) {
    return <img className="snapshot-img" alt={`Snapshot of ${cameraName}${snapshot.filename ? ` (${snapshot.filename})` : ""}`} src={`data:image/jpeg;base64,${snapshot.imageB64}`} />;
  }
  return <p className="muted">Snapshot saved on the node{snapshot.filename ? ` as ${snapshot.filename}` : ""}.</p>;
}

/** Full-size live view of one camera with its actions (`?camera=<id>`). */
export default function CameraViewer({ camera, isAdmin, recordingNow, groups, busy, onClose, onToggleRecording, onAssignGroup, onShare }: CameraViewerProps) {
  const toast = useToasts();
  const frame = useRef<HTMLDivElement>(null);
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [snapBusy, setSnapBusy] = useState(false);
  const [playing, setPlaying] = useState(false);
  const continuous = camera.recording_policy.continuous_24_7;
  // The node can only capture from a camera that is streaming (same rule as the card).
  const live = LIVE_STATUSES.has(camera.status) && !camera.disabled_by_plan;

  const capture = async () => {
    setSnapBusy(true);
    try {
      const shot = await takeSnapshot(camera.camera_id);
      setSnapshot(shot);
      toast.success(shot.filename ? `Snapshot of ${camera.name} saved as ${shot.filename}.` : `Snapshot of ${camera.name} captured.`);
    } catch (err) {
      toast.error(err, { title: `Snapshot of ${camera.name} failed` });
    } finally {
      setSnapBusy(false);
    }
  };

  const fullScreen = () => {
    const request = frame.current?.requestFullscreen?.();
    if (request) request.catch(() => toast.error("This browser refused full screen."));
    else toast.error("Full screen is not available in this browser.");
  };

  const pickGroup = (event: ChangeEvent<HTMLSelectElement>) => {
    const value = Number(event.target.value);
    onAssignGroup(camera, value > 0 ? value : null);
  };

  return (
    <Modal title={camera.name} onClose={onClose} wide>
      <div ref={frame} className="viewer-frame">
        <HlsPlayer
          src={streamUrl(camera.camera_id)}
          controls
          muted
          title={`${camera.name} live`}
          liveBadge={false}
          onStatus={(state: PlayerState) => setPlaying(state.phase === "playing")}
        />
      </div>
      <div className="viewer-bar">
        <span className={`status-dot tone-${statusTone(camera.status)}`} aria-hidden="true" />
        <span data-testid="viewer-status">{camera.status}</span>
        {playing && <span className="pill pill-live">LIVE</span>}
        <RecordingPill camera={camera} recordingNow={recordingNow} />
        <span className="muted small">
          {camera.node_name ? `on ${camera.node_name} · ` : ""}last seen {formatRelative(camera.last_seen)}
        </span>
      </div>
      <div className="viewer-actions">
        <button type="button" className="btn btn-small" onClick={fullScreen}>
          <Maximize size={14} aria-hidden="true" /> Full screen
        </button>
        <button type="button" className="btn btn-small" disabled={snapBusy || !live} title={live ? undefined : "The camera is not streaming"} onClick={capture}>
          <CameraIcon size={14} aria-hidden="true" /> {snapBusy ? "Capturing…" : "Snapshot"}
        </button>
        {isAdmin && (
          <button
            type="button"
            className={`btn btn-small ${continuous ? "btn-danger" : "btn-primary"}`}
            disabled={busy}
            onClick={() => onToggleRecording(camera, !continuous)}
          >
            {continuous ? <Square size={14} aria-hidden="true" /> : <Circle size={14} aria-hidden="true" />}
            {continuous ? "Stop recording" : "Start recording"}
          </button>
        )}
        {isAdmin && onShare && (
          <button type="button" className="btn btn-small" onClick={() => onShare(camera)}>
            <Share2 size={14} aria-hidden="true" /> Share
          </button>
        )}
        {isAdmin && groups.length > 0 && (
          <label className="inline-field viewer-group">
            <span>Group</span>
            <select value={camera.group_id ?? 0} disabled={busy} onChange={pickGroup}>
              <option value={0}>No group</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>{g.name}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      {snapshot && <SnapshotView snapshot={snapshot} cameraName={camera.name} />}
    </Modal>
  );
}
