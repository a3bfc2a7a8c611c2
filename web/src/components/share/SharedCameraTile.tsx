// One camera on the public share page: its live player (hls.js on the link-scoped
// playlist, no session token) or why there is none, and a state pill under the picture.

import { useCallback, useState } from "react";
import { Loader, VideoOff } from "lucide-react";
import HlsPlayer from "../HlsPlayer";
import type { PlayerState } from "../HlsPlayer";
import { LIVE_STATUSES } from "../dashboard/presence";
import { sharedMediaUrl } from "../../services/api";
import type { SharedCamera } from "../../api/shareLinks";
import { refusalState } from "./shareText";
import type { ShareRefusalState } from "./shareText";

/** What a viewer without an account is told; nothing here offers an upgrade. */
export const SHARED_PLAYER_MESSAGES: Partial<Record<number, string>> = {
  401: "This link no longer works.",
  402: "This camera is paused by its owner's plan.",
  403: "This camera is not available on this link.",
  404: "The stream has not started yet. Waiting for the camera…",
  410: "This link no longer works.",
  429: "Viewing is paused for this camera right now. Try again later.",
};
// 410: revoked, expired or unavailable while watching; the page takes over.
const STOP_ON: readonly number[] = [410];

type TileState = "loading" | "live" | "waiting" | "offline" | "stopped";

const PILL: Record<TileState, { text: string; className: string }> = {
  loading: { text: "Connecting", className: "pill" },
  live: { text: "LIVE", className: "pill pill-live" },
  waiting: { text: "Not started", className: "pill share-pill-wait" },
  offline: { text: "Offline", className: "pill" },
  stopped: { text: "Paused", className: "pill share-pill-wait" },
};

function tileState(player: PlayerState): TileState {
  if (player.phase === "playing" || player.phase === "ready") return "live";
  if (player.phase === "waiting") return "waiting";
  if (player.phase === "blocked") return "stopped";
  return "loading";
}

export default function SharedCameraTile({ camera, onRefused }: { camera: SharedCamera; onRefused: (state: ShareRefusalState) => void }) {
  const streaming = LIVE_STATUSES.has(camera.status);
  const [state, setState] = useState<TileState>(streaming ? "loading" : "offline");

  const onStatus = useCallback(
    (player: PlayerState) => {
      if (player.status === 410 || (player.status === 429 && player.code === "share_link_full")) {
        onRefused(refusalState(player.status, player.code ?? null));
        return;
      }
      setState(tileState(player));
    },
    [onRefused],
  );

  const pill = PILL[state];
  return (
    <article className="share-tile" aria-label={camera.name} data-camera-id={camera.camera_id}>
      {streaming ? (
        <HlsPlayer
          src={sharedMediaUrl(camera.playlist)}
          title={`${camera.name} live`}
          controls
          liveBadge={false}
          withToken={false}
          upgradeAction={false}
          messages={SHARED_PLAYER_MESSAGES}
          stopOn={STOP_ON}
          onStatus={onStatus}
        />
      ) : (
        <div className="player player-placeholder">
          <span className="placeholder-text">
            {camera.status === "offline" ? <VideoOff size={18} aria-hidden="true" /> : <Loader size={18} aria-hidden="true" />}
            <span>{camera.status === "offline" ? "This camera is offline right now." : "The stream has not started yet."}</span>
          </span>
        </div>
      )}
      <div className="share-tile-caption">
        <h2 title={camera.name}>{camera.name}</h2>
        <span className={pill.className} data-testid="share-camera-state">{pill.text}</span>
      </div>
    </article>
  );
}
