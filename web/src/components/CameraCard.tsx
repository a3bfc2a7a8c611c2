import { useEffect, useRef, useState } from "react";
import HlsPlayer from "./HlsPlayer";
import { streamUrl } from "../services/api";
import type { Schemas } from "../services/api";
import type { RefObject } from "react";

export type Camera = Schemas["CameraItem"];
import { formatRelative } from "../util/format";

export const LIVE_STATUSES = new Set(["online", "streaming"]);

export function statusTone(status: string): "ok" | "off" | "bad" | "warn" {
  if (LIVE_STATUSES.has(status)) return "ok";
  if (status === "offline") return "off";
  if (["failed", "error"].includes(status)) return "bad";
  return "warn";
}

// Renders the live thumbnail only while the card is on screen, so a long grid does not
// pull every camera's segments (and viewer hours) at once.
function useVisible(ref: RefObject<HTMLElement | null>): boolean {
  const [visible, setVisible] = useState(typeof IntersectionObserver === "undefined");
  useEffect(() => {
    if (typeof IntersectionObserver === "undefined" || !ref.current) return undefined;
    const observer = new IntersectionObserver(([entry]) => setVisible(Boolean(entry?.isIntersecting)), { rootMargin: "100px" });
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [ref]);
  return visible;
}

// `thumbnail={false}` parks the live thumbnail (e.g. while the same camera plays full size),
// so one viewer is not metered twice.
export interface CameraCardProps {
  camera: Camera;
  isAdmin?: boolean;
  onOpen?: (camera: Camera) => void;
  onToggleRecording?: (camera: Camera, on: boolean) => void;
  onSnapshot?: (camera: Camera) => void;
  busy?: boolean;
  highlight?: boolean;
  thumbnail?: boolean;
}

export default function CameraCard({ camera, isAdmin, onOpen, onToggleRecording, onSnapshot, busy = false, highlight = false, thumbnail = true }: CameraCardProps) {
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const live = LIVE_STATUSES.has(camera.status) && !camera.disabled_by_plan;
  const recording = camera.recording_policy?.continuous_24_7;
  const scheduled = camera.recording_policy?.scheduled_recording;

  return (
    <article className={`camera-card${highlight ? " highlight" : ""}`} ref={ref} aria-label={camera.name} data-camera-id={camera.camera_id}>
      <div className="camera-media">
        {live && visible && thumbnail ? (
          <HlsPlayer src={streamUrl(camera.camera_id)} title={`${camera.name} live thumbnail`} />
        ) : (
          <div className="player player-placeholder">
            <span className="muted">
              {camera.disabled_by_plan ? "Suspended by plan limit" : live ? "" : camera.status === "offline" ? "Offline" : camera.status}
            </span>
          </div>
        )}
        <button type="button" className="camera-open" onClick={() => onOpen?.(camera)} aria-label={`Open ${camera.name} full screen`} />
      </div>
      <div className="camera-info">
        <div className="camera-title">
          <span className={`status-dot tone-${statusTone(camera.status)}`} aria-hidden="true" />
          <h3>{camera.name}</h3>
          {recording && <span className="pill pill-rec" title="Recording continuously">● REC</span>}
          {!recording && scheduled && <span className="pill" title="Scheduled recording">Scheduled</span>}
        </div>
        <p className="muted small">
          <span className="visually-hidden">Status: </span>
          <span data-testid="camera-status">{camera.status}</span>
          {camera.group && <> · {camera.group}</>}
          {camera.node_name && <> · {camera.node_name}</>}
          {camera.status === "offline" && camera.last_seen && <> · seen {formatRelative(camera.last_seen)}</>}
        </p>
        {camera.last_error && <p className="error-text small">{camera.last_error}</p>}
        <div className="camera-actions">
          <button type="button" className="btn btn-small" onClick={() => onOpen?.(camera)}>View</button>
          <button type="button" className="btn btn-small btn-ghost" disabled={busy || !live} onClick={() => onSnapshot?.(camera)}>Snapshot</button>
          {isAdmin && (
            <button type="button" className={`btn btn-small ${recording ? "btn-danger" : "btn-ghost"}`} disabled={busy} onClick={() => onToggleRecording?.(camera, !recording)}>
              {recording ? "Stop recording" : "Record"}
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
