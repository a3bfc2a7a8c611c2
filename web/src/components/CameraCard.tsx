import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import type { CSSProperties, RefObject } from "react";
import { Camera as CameraIcon, Circle, Eye, Share2, Square, VideoOff, Ban, Loader } from "lucide-react";
import HlsPlayer from "./HlsPlayer";
import type { PlayerState } from "./HlsPlayer";
import { streamUrl } from "../services/api";
import type { Schemas } from "../services/api";
import { formatRelative } from "../util/format";
import { LIVE_STATUSES } from "./dashboard/presence";
import { scheduleLabel } from "./dashboard/recording";

export type Camera = Schemas["CameraItem"];
export { LIVE_STATUSES };

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

/** The recording pill: "REC" while recording now (continuous or inside the schedule), else the schedule. */
export function RecordingPill({ camera, recordingNow }: { camera: Camera; recordingNow: boolean }) {
  const policy = camera.recording_policy;
  const hours = scheduleLabel(policy);
  if (recordingNow && camera.status === "offline") {
    // The node is told to record, but an offline camera sends nothing: no red dot.
    return (
      <span className="pill" title="Set to record, but the camera is offline" data-testid="rec-pill">
        REC<span className="visually-hidden"> (set to record, camera offline)</span> paused
      </span>
    );
  }
  if (recordingNow) {
    const why = policy.continuous_24_7 ? "Recording continuously" : `Recording on schedule ${hours ?? ""}`.trim();
    return (
      <span className="pill pill-rec" title={why} data-testid="rec-pill">
        <Circle size={10} aria-hidden="true" fill="currentColor" /> REC<span className="visually-hidden"> ({why})</span>
      </span>
    );
  }
  if (policy.scheduled_recording) {
    return (
      <span className="pill" title="Scheduled recording, outside its window now">
        Scheduled{hours ? ` ${hours}` : ""}
      </span>
    );
  }
  return null;
}

/** What the picture area says when there is no live video. */
function Placeholder({ camera, isAdmin }: { camera: Camera; isAdmin: boolean }) {
  const [Icon, label] = camera.disabled_by_plan
    ? [Ban, "Suspended by plan limit"]
    : camera.status === "offline"
      ? [VideoOff, "Offline"]
      : LIVE_STATUSES.has(camera.status)
        ? [Loader, ""]
        : [Loader, camera.status];
  return (
    <div className="player player-placeholder">
      <span className="placeholder-text">
        <Icon size={18} aria-hidden="true" />
        {label && <span>{label}</span>}
      </span>
      {/* Above the card's open-the-viewer layer, so the link stays clickable. */}
      {camera.disabled_by_plan && isAdmin && (
        <Link className="btn btn-small btn-primary placeholder-action" to="/pricing">
          Upgrade to resume
        </Link>
      )}
    </div>
  );
}

// `thumbnail={false}` parks the live thumbnail (e.g. while the same camera plays full size),
// so one viewer is not metered twice.
export interface CameraCardProps {
  camera: Camera;
  isAdmin?: boolean;
  onOpen?: (camera: Camera) => void;
  onToggleRecording?: (camera: Camera, on: boolean) => void;
  onSnapshot?: (camera: Camera) => void;
  /** Opens the share dialog for this camera (admins; left out, no Share button). */
  onShare?: (camera: Camera) => void;
  busy?: boolean;
  highlight?: boolean;
  thumbnail?: boolean;
  /** The camera's group colour, painted as a stripe along the card. */
  groupColor?: string | null;
  /** Recording right now (continuous, or scheduled and inside the window); the page knows the org time zone. */
  recordingNow?: boolean;
}

export default function CameraCard({
  camera,
  isAdmin,
  onOpen,
  onToggleRecording,
  onSnapshot,
  onShare,
  busy = false,
  highlight = false,
  thumbnail = true,
  groupColor = null,
  recordingNow = camera.recording_policy?.continuous_24_7 ?? false,
}: CameraCardProps) {
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const [playing, setPlaying] = useState(false);
  const live = LIVE_STATUSES.has(camera.status) && !camera.disabled_by_plan;
  const showPlayer = live && visible && thumbnail;
  const continuous = camera.recording_policy?.continuous_24_7 ?? false;
  const stripe = groupColor ? ({ "--group-color": groupColor } as CSSProperties) : undefined;

  useEffect(() => {
    if (!showPlayer) setPlaying(false);
  }, [showPlayer]);

  return (
    <article
      className={`camera-card${highlight ? " highlight" : ""}${groupColor ? " has-group" : ""}`}
      style={stripe}
      ref={ref}
      aria-label={camera.name}
      data-camera-id={camera.camera_id}
    >
      <div className="camera-media">
        {showPlayer ? (
          <HlsPlayer
            src={streamUrl(camera.camera_id)}
            title={`${camera.name} live thumbnail`}
            liveBadge={false}
            onStatus={(state: PlayerState) => setPlaying(state.phase === "playing")}
          />
        ) : (
          <Placeholder camera={camera} isAdmin={Boolean(isAdmin)} />
        )}
        <button type="button" className="camera-open" onClick={() => onOpen?.(camera)} aria-label={`Open ${camera.name} full screen`} />
      </div>
      <div className="camera-info">
        <div className="camera-title">
          {/* A suspended camera may still report "streaming"; its dot says it is not watchable. */}
          <span className={`status-dot tone-${camera.disabled_by_plan ? "warn" : statusTone(camera.status)}`} aria-hidden="true" />
          <h3 title={camera.name}>{camera.name}</h3>
          {/* LIVE sits here, beside the name, so nothing covers the picture's burned-in clock. */}
          {playing && <span className="pill pill-live" data-testid="live-pill">LIVE</span>}
          <RecordingPill camera={camera} recordingNow={recordingNow} />
        </div>
        <p className="muted small camera-meta">
          <span className="visually-hidden">Status: </span>
          <span data-testid="camera-status">{camera.status}</span>
          {camera.disabled_by_plan && <> · suspended by plan</>}
          {camera.group && (
            <>
              {" · "}
              <span className="camera-group">
                {groupColor && <span className="group-dot" aria-hidden="true" />}
                {camera.group}
              </span>
            </>
          )}
          {camera.node_name && <> · {camera.node_name}</>}
          {camera.status === "offline" && camera.last_seen && <> · seen {formatRelative(camera.last_seen)}</>}
        </p>
        {camera.last_error && <p className="error-text small camera-error">{camera.last_error}</p>}
        <div className="camera-actions">
          <button type="button" className="btn btn-small" onClick={() => onOpen?.(camera)}>
            <Eye size={14} aria-hidden="true" /> View
          </button>
          <button type="button" className="btn btn-small btn-ghost" disabled={busy || !live} onClick={() => onSnapshot?.(camera)}>
            <CameraIcon size={14} aria-hidden="true" /> Snapshot
          </button>
          {isAdmin && (
            <button
              type="button"
              className={`btn btn-small ${continuous ? "btn-danger" : "btn-ghost"}`}
              disabled={busy}
              onClick={() => onToggleRecording?.(camera, !continuous)}
            >
              {continuous ? <Square size={14} aria-hidden="true" /> : <Circle size={14} aria-hidden="true" />}
              {continuous ? "Stop recording" : "Record"}
            </button>
          )}
          {isAdmin && onShare && (
            <button type="button" className="btn btn-small btn-ghost" aria-label={`Share ${camera.name}`} onClick={() => onShare(camera)}>
              <Share2 size={14} aria-hidden="true" /> Share
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
