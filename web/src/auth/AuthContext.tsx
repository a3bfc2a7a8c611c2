// Sign-in state for the whole app. With VITE_CLERK_PUBLISHABLE_KEY set, Clerk's React SDK
// (loaded lazily so local builds never download it) owns the session; otherwise the local
// mode session from POST /api/local/session is kept in localStorage. Either way the token
// getter is installed in auth/token.js, which fetch, SSE and hls.js all share.

import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ComponentType, ReactNode } from "react";
import { setTokenGetter } from "./token";
import { decodeJwt, identityFromClaims } from "./claims";
import type { Identity } from "./claims";
import { apiEvents, createLocalSession } from "../services/api";
import type { Schemas } from "../services/api";
import LoadingSpinner from "../components/LoadingSpinner";

export type LocalRole = Schemas["LocalRole"];

/** A signed-in local session: the token and who it names. */
export interface Session {
  token: string;
  identity: Identity;
}

/** What `useAuth()` gives every component, in either mode. */
export interface AuthValue {
  mode: "local" | "clerk";
  ready: boolean;
  signedIn: boolean;
  identity: Identity | null;
  signInLocal: (role: LocalRole) => Promise<Session | null>;
  signOut: () => void | Promise<void>;
  /** Clerk mode only: its sign-in, sign-up and account widgets. */
  SignInWidget?: ComponentType;
  SignUpWidget?: ComponentType;
  AccountWidget?: ComponentType;
}

export const CLERK_KEY = import.meta.env?.VITE_CLERK_PUBLISHABLE_KEY || "";
const STORAGE_KEY = "sentinel.localSession";

export const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}

interface StoredSession {
  token?: string;
  expires_at?: string;
}

function readStoredSession(): Session | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null") as StoredSession | null;
    if (!stored?.token) return null;
    const identity = identityFromClaims(decodeJwt(stored.token));
    if (!identity) return null;
    const expires = identity.expiresAt ?? Date.parse(stored.expires_at ?? "");
    if (expires && expires <= Date.now()) return null;
    return { token: stored.token, identity };
  } catch {
    return null;
  }
}

// Safari's native HLS (no hls.js) cannot add headers; the server also accepts the session
// from a cookie named like Clerk's, so local mode mirrors its token there.
function setSessionCookie(token: string | null): void {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = token
    ? `__session=${token}; Path=/; SameSite=Strict${secure}`
    : `__session=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
}

function LocalAuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState(readStoredSession);

  useEffect(() => {
    setTokenGetter(async () => {
      const current = readStoredSession();
      return current?.token ?? null;
    });
  }, [session]);

  const signOut = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setSessionCookie(null);
    setSession(null);
  }, []);

  const signInLocal = useCallback(async (role: LocalRole) => {
    const created = await createLocalSession(role);
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ token: created.token, expires_at: created.expires_at }));
    const next = readStoredSession();
    setSessionCookie(created.token);
    setSession(next);
    return next;
  }, []);

  useEffect(() => {
    // Local sessions are signed by a key the server makes at start-up, so after a server
    // restart a stored token is refused: sign out and let the sign-in page take over.
    const onUnauthorized = () => signOut();
    apiEvents.addEventListener("unauthorized", onUnauthorized);
    return () => apiEvents.removeEventListener("unauthorized", onUnauthorized);
  }, [signOut]);

  const value = useMemo<AuthValue>(
    () => ({
      mode: "local",
      ready: true,
      signedIn: Boolean(session),
      identity: session?.identity ?? null,
      signInLocal,
      signOut,
    }),
    [session, signInLocal, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

const ClerkAuthProvider = lazy(() => import("./ClerkAuth"));

export function AuthProvider({ children }: { children: ReactNode }) {
  if (!CLERK_KEY) return <LocalAuthProvider>{children}</LocalAuthProvider>;
  return (
    <Suspense fallback={<LoadingSpinner label="Loading sign-in…" fullPage />}>
      <ClerkAuthProvider publishableKey={CLERK_KEY}>{children}</ClerkAuthProvider>
    </Suspense>
  );
}

/** For tests and Storybook-like rendering: a fixed identity, no network. */
export function StaticAuthProvider({ identity, children }: { identity: Identity | null; children: ReactNode }) {
  const value = useMemo<AuthValue>(
    () => ({ mode: "local", ready: true, signedIn: Boolean(identity), identity, signInLocal: async () => null, signOut: () => {} }),
    [identity],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
