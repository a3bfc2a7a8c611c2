// Sign-in state for the whole app. With VITE_CLERK_PUBLISHABLE_KEY set, Clerk's React SDK
// (loaded lazily so local builds never download it) owns the session; otherwise the local
// mode session from POST /api/local/session is kept in localStorage. Either way the token
// getter is installed in auth/token.js, which fetch, SSE and hls.js all share.

import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { setTokenGetter } from "./token.js";
import { decodeJwt, identityFromClaims } from "./claims.js";
import { apiEvents, createLocalSession } from "../services/api.js";
import LoadingSpinner from "../components/LoadingSpinner.jsx";

export const CLERK_KEY = import.meta.env?.VITE_CLERK_PUBLISHABLE_KEY || "";
const STORAGE_KEY = "sentinel.localSession";

export const AuthContext = createContext(null);

export function useAuth() {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}

function readStoredSession() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    if (!stored?.token) return null;
    const identity = identityFromClaims(decodeJwt(stored.token));
    if (!identity) return null;
    const expires = identity.expiresAt ?? Date.parse(stored.expires_at);
    if (expires && expires <= Date.now()) return null;
    return { token: stored.token, identity };
  } catch {
    return null;
  }
}

// Safari's native HLS (no hls.js) cannot add headers; the server also accepts the session
// from a cookie named like Clerk's, so local mode mirrors its token there.
function setSessionCookie(token) {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = token
    ? `__session=${token}; Path=/; SameSite=Strict${secure}`
    : `__session=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
}

function LocalAuthProvider({ children }) {
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

  const signInLocal = useCallback(async (role) => {
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

  const value = useMemo(
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

const ClerkAuthProvider = lazy(() => import("./ClerkAuth.jsx"));

export function AuthProvider({ children }) {
  if (!CLERK_KEY) return <LocalAuthProvider>{children}</LocalAuthProvider>;
  return (
    <Suspense fallback={<LoadingSpinner label="Loading sign-in…" fullPage />}>
      <ClerkAuthProvider publishableKey={CLERK_KEY}>{children}</ClerkAuthProvider>
    </Suspense>
  );
}

/** For tests and Storybook-like rendering: a fixed identity, no network. */
export function StaticAuthProvider({ identity, children }) {
  const value = useMemo(
    () => ({ mode: "local", ready: true, signedIn: Boolean(identity), identity, signInLocal: async () => null, signOut: () => {} }),
    [identity],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
