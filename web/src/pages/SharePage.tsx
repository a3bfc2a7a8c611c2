// The public page behind a share link (`/share/:token`, rest-api §14.2). It lives outside
// the app's auth and layouts: no header links, no sign-in, no session. Its only calls are
// GET /api/share/{token} and the link-scoped playlists and segments that answer names.

import { useCallback, useEffect, useState } from "react";
import { useParams } from "react-router";
import { Clock, Link2Off, RefreshCw, TimerOff, Users, VideoOff } from "lucide-react";
import * as api from "../services/api";
import type { SharedView } from "../api/shareLinks";
import { parseServerTime } from "../util/format";
import LoadingSpinner from "../components/LoadingSpinner";
import SharedCameraTile from "../components/share/SharedCameraTile";
import { REFUSAL_TEXT, expiryNotice, refusalState } from "../components/share/shareText";
import type { ShareRefusalState } from "../components/share/shareText";
import { useNow } from "../components/share/useNow";
import "../styles/share.css";

type PageState = { kind: "loading" } | { kind: "refused"; state: ShareRefusalState } | { kind: "ready"; view: SharedView };

// setTimeout takes at most 2^31-1 ms (about 24.8 days); links last 7 days at most.
const MAX_TIMEOUT = 2 ** 31 - 1;

/** Adds a <meta> to <head> while the page is shown, so the token never leaks as a Referer. */
function useHeadMeta(name: string, content: string) {
  useEffect(() => {
    const meta = document.createElement("meta");
    meta.name = name;
    meta.content = content;
    document.head.appendChild(meta);
    return () => meta.remove();
  }, [name, content]);
}

function useDocumentTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}

/** True from the moment `expiresAt` passes (a timer, not the next clock tick). */
function useExpired(expiresAt: string | null): boolean {
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setExpired(false);
    const date = parseServerTime(expiresAt);
    if (!date) return undefined;
    const left = date.getTime() - Date.now();
    if (left <= 0) {
      setExpired(true);
      return undefined;
    }
    const timer = setTimeout(() => setExpired(true), Math.min(left, MAX_TIMEOUT));
    return () => clearTimeout(timer);
  }, [expiresAt]);
  return expired;
}

function ShareBrand() {
  return (
    <span className="brand share-brand">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <circle cx="16" cy="16" r="14" fill="#22c55e" />
        <circle cx="16" cy="16" r="6" fill="#0b0f14" />
      </svg>
      <span>Sentinel</span>
    </span>
  );
}

const REFUSAL_ICON: Record<ShareRefusalState, typeof Clock> = {
  not_found: Link2Off,
  expired: TimerOff,
  revoked: Link2Off,
  unavailable: Link2Off,
  full: Users,
  error: RefreshCw,
};

function Refusal({ state, onRetry }: { state: ShareRefusalState; onRetry: () => void }) {
  const { title, body } = REFUSAL_TEXT[state];
  const Icon = REFUSAL_ICON[state];
  return (
    <section className="share-refusal" data-testid={`share-state-${state}`}>
      <Icon size={40} aria-hidden="true" className="share-refusal-icon" />
      <h1>{title}</h1>
      <p className="muted">{body}</p>
      {(state === "full" || state === "error") && (
        <button type="button" className="btn btn-primary" onClick={onRetry}>
          <RefreshCw size={16} aria-hidden="true" /> Try again
        </button>
      )}
    </section>
  );
}

function SharedCameras({ view, onRefused }: { view: SharedView; onRefused: (state: ShareRefusalState) => void }) {
  const now = useNow(30000);
  return (
    <>
      <div className="share-heading">
        <h1>{view.label}</h1>
        <p className="share-expiry" data-testid="share-expiry">
          <Clock size={16} aria-hidden="true" /> {expiryNotice(view.expires_at, now)}
        </p>
      </div>
      {view.cameras.length === 0 ? (
        <section className="share-refusal share-empty" data-testid="share-state-empty">
          <VideoOff size={40} aria-hidden="true" className="share-refusal-icon" />
          <h2>No cameras are available on this link</h2>
          <p className="muted">The shared cameras may have been removed or paused. Ask the person who shared it.</p>
        </section>
      ) : (
        <ul className={`share-grid share-grid-${Math.min(view.cameras.length, 3)}`} aria-label="Shared cameras">
          {view.cameras.map((camera) => (
            <li key={camera.camera_id}>
              <SharedCameraTile camera={camera} onRefused={onRefused} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export default function SharePage() {
  const { token = "" } = useParams();
  const [state, setState] = useState<PageState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  useHeadMeta("referrer", "no-referrer");
  useHeadMeta("robots", "noindex, nofollow");
  useDocumentTitle(state.kind === "ready" ? `${state.view.label} · Sentinel` : "Shared live view · Sentinel");

  useEffect(() => {
    let current = true;
    setState({ kind: "loading" });
    api.getSharedView(token).then(
      (view) => current && setState({ kind: "ready", view }),
      (err: unknown) => current && setState({ kind: "refused", state: refusalState(api.errorStatus(err), err instanceof api.ApiError ? err.code : null) }),
    );
    return () => {
      current = false;
    };
  }, [token, attempt]);

  const expired = useExpired(state.kind === "ready" ? state.view.expires_at : null);
  const refuse = useCallback((next: ShareRefusalState) => setState({ kind: "refused", state: next }), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return (
    <div className="share-shell">
      <header className="share-top">
        <ShareBrand />
        <span className="muted small">Shared live view</span>
      </header>
      <main id="main" className="share-main" tabIndex={-1}>
        {state.kind === "loading" ? (
          <>
            <h1 className="visually-hidden">Shared live view</h1>
            <LoadingSpinner label="Opening the shared view…" />
          </>
        ) : state.kind === "refused" ? (
          <Refusal state={state.state} onRetry={retry} />
        ) : expired ? (
          // The players unmount here, which stops them and their downloads.
          <Refusal state="expired" onRetry={retry} />
        ) : (
          <SharedCameras view={state.view} onRefused={refuse} />
        )}
      </main>
      <footer className="share-foot muted small">
        {state.kind === "ready" && !expired
          ? "Shared with you from Sentinel Command Center. Anyone with this link can watch until it expires or is revoked."
          : "Sentinel Command Center"}
      </footer>
    </div>
  );
}
