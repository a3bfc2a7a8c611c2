// Live (or VOD clip) player. hls.js fetches playlists and segments with the shared bearer
// token (xhrSetup awaits the token provider); Safari's native HLS falls back to the
// __session cookie. Fatal network errors rebuild the player with backoff; 402 (camera
// suspended by plan) and 429 (viewer-hour cap) stop retrying and say why.

import { useCallback, useEffect, useRef, useState } from "react";
import Hls from "hls.js/light";
import type { ErrorData } from "hls.js/light";
import { getToken } from "../auth/token";
import "../styles/dashboard.css";

export const PLAYER_MESSAGES: Record<number, string> = {
  402: "This camera is suspended by your plan's camera limit. Upgrade to resume streaming.",
  429: "Monthly viewer-hour cap reached. Live playback resumes on the 1st of next month, or upgrade for more viewing time.",
  404: "Waiting for the camera to start streaming…",
  401: "Your session expired. Sign in again to watch.",
  403: "You don't have access to this camera.",
};

const STOP_RETRYING = new Set([401, 402, 403, 429]);

// The HTTP status behind an hls.js error: the loader's response code, or the XHR's.
function httpStatus(data: ErrorData): number | null {
  const details: unknown = data.networkDetails;
  const xhrStatus = typeof details === "object" && details !== null && "status" in details && typeof details.status === "number" ? details.status : 0;
  return data.response?.code || xhrStatus || null;
}

// The `detail.error` of a JSON refusal, read from the XHR hls.js used (playlists load as text).
function refusalCode(data: ErrorData): string | null {
  const details: unknown = data.networkDetails;
  if (typeof details !== "object" || details === null || !("responseText" in details)) return null;
  try {
    const body: unknown = typeof details.responseText === "string" ? JSON.parse(details.responseText) : null;
    const detail = typeof body === "object" && body !== null && "detail" in body ? body.detail : null;
    return typeof detail === "object" && detail !== null && "error" in detail && typeof detail.error === "string" ? detail.error : null;
  } catch {
    return null;
  }
}

export type PlayerPhase = "connecting" | "waiting" | "reconnecting" | "playing" | "ready" | "paused" | "blocked";

export interface PlayerState {
  phase: PlayerPhase;
  message: string;
  status: number | null;
  /** The refusal's `detail.error` when the server said one (`share_link_revoked`, …). */
  code?: string | null;
}

export interface HlsPlayerProps {
  src: string | null | undefined;
  muted?: boolean;
  controls?: boolean;
  autoPlay?: boolean;
  /** A live stream (LIVE badge, short back buffer) rather than a clip. */
  live?: boolean;
  onStatus?: (state: PlayerState) => void;
  className?: string;
  title?: string;
  /**
   * Draw the LIVE badge over the picture (top right, clear of the usual top-left clock).
   * Pages that can say LIVE next to the video (the dashboard) turn it off, so no corner
   * of the picture is covered at all.
   */
  liveBadge?: boolean;
  /** Sentences that replace PLAYER_MESSAGES for some statuses (the public share page's own). */
  messages?: Partial<Record<number, string>>;
  /** More statuses that end the retries (the share page stops on 410). */
  stopOn?: readonly number[];
  /** Send the session's bearer token (off on the public share page, which has none). */
  withToken?: boolean;
  /** Offer "Upgrade" on a 402 or 429 (only the plan's owner can act on it). */
  upgradeAction?: boolean;
}

export function describePlayerError(status: number | null, messages: Partial<Record<number, string>> = {}): string {
  return (status !== null && (messages[status] || PLAYER_MESSAGES[status])) || (status ? `Stream error (HTTP ${status}). Reconnecting…` : "Connection lost. Reconnecting…");
}

const NO_MESSAGES: Partial<Record<number, string>> = {};
const NO_STATUSES: readonly number[] = [];

export default function HlsPlayer({
  src,
  muted = true,
  controls = false,
  autoPlay = true,
  live = true,
  onStatus,
  className = "",
  title = "Live video",
  liveBadge = true,
  messages = NO_MESSAGES,
  stopOn = NO_STATUSES,
  withToken = true,
  upgradeAction = true,
}: HlsPlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<PlayerState>({ phase: "connecting", message: "Connecting…", status: null });
  const [generation, setGeneration] = useState(0);
  const retries = useRef(0);
  const statusRef = useRef(onStatus);
  statusRef.current = onStatus;
  // Read when an error arrives, so a new array or object each render restarts nothing.
  const wordsRef = useRef({ messages, stopOn, withToken });
  wordsRef.current = { messages, stopOn, withToken };

  const report = useCallback((next: PlayerState) => {
    setState(next);
    statusRef.current?.(next);
  }, []);

  const retryNow = useCallback(() => {
    retries.current = 0;
    setGeneration((g) => g + 1);
  }, []);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !src) return undefined;
    let hls: Hls | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;
    report({ phase: "connecting", message: "Connecting…", status: null });

    const stops = (status: number | null) => status !== null && (STOP_RETRYING.has(status) || wordsRef.current.stopOn.includes(status));
    const describe = (status: number | null) => describePlayerError(status, wordsRef.current.messages);
    const scheduleRetry = (status: number | null, code: string | null = null) => {
      if (disposed) return;
      if (stops(status)) {
        report({ phase: "blocked", message: describe(status), status, code });
        return;
      }
      retries.current += 1;
      const delay = Math.min(30000, (status === 404 ? 3000 : 2000) * 2 ** Math.min(retries.current - 1, 4));
      report({ phase: status === 404 ? "waiting" : "reconnecting", message: describe(status), status, code });
      retryTimer = setTimeout(() => !disposed && setGeneration((g) => g + 1), delay);
    };

    const onPlaying = () => {
      retries.current = 0;
      report({ phase: "playing", message: "", status: 200 });
    };
    video.addEventListener("playing", onPlaying);

    if (Hls.isSupported()) {
      hls = new Hls({
        xhrSetup: async (xhr: XMLHttpRequest) => {
          if (!wordsRef.current.withToken) return;
          const token = await getToken();
          if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
        },
        liveSyncDurationCount: 3,
        manifestLoadingMaxRetry: 1,
        levelLoadingMaxRetry: 2,
        fragLoadingMaxRetry: 2,
        enableWorker: true,
        backBufferLength: live ? 30 : 90,
      });
      const player = hls;
      player.on(Hls.Events.ERROR, (_event, data: ErrorData) => {
        const status = httpStatus(data);
        if (status && stops(status)) {
          player.destroy();
          hls = null;
          scheduleRetry(status, refusalCode(data));
          return;
        }
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
          player.recoverMediaError();
          return;
        }
        player.destroy();
        hls = null;
        scheduleRetry(status);
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        if (autoPlay) video.play().catch(() => report({ phase: "paused", message: "Press play to start.", status: 200 }));
        else report({ phase: "ready", message: "", status: 200 });
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = src;
      const onError = () => scheduleRetry(null);
      video.addEventListener("error", onError, { once: true });
      if (autoPlay) video.play().catch(() => {});
    } else {
      report({ phase: "blocked", message: "This browser cannot play HLS video.", status: null });
    }

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      video.removeEventListener("playing", onPlaying);
      if (hls) hls.destroy();
      video.removeAttribute("src");
    };
  }, [src, generation, autoPlay, live, report]);

  const overlay = state.phase !== "playing" && state.phase !== "ready";
  return (
    <div className={`player ${className}`}>
      <video ref={videoRef} muted={muted} playsInline controls={controls} aria-label={title} />
      {live && liveBadge && state.phase === "playing" && <span className="live-badge">LIVE</span>}
      {overlay && (
        <div className={`player-overlay player-${state.phase}`} role="status">
          {(state.phase === "connecting" || state.phase === "waiting" || state.phase === "reconnecting") && <span className="spinner" aria-hidden="true" />}
          <span>{state.message}</span>
          {state.phase === "paused" && (
            <button type="button" className="btn btn-small btn-primary" onClick={() => videoRef.current?.play().catch(() => {})}>Play</button>
          )}
          {state.phase === "blocked" && (!upgradeAction || (state.status !== 402 && state.status !== 429)) && (
            <button type="button" className="btn btn-small" onClick={retryNow}>Retry</button>
          )}
          {upgradeAction && (state.status === 402 || state.status === 429) && (
            <a className="btn btn-small btn-primary" href="/pricing">Upgrade</a>
          )}
        </div>
      )}
    </div>
  );
}
