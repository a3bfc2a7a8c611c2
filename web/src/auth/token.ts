// The one place every network caller gets its bearer token from: fetch (services/api.ts),
// the SSE reader (services/sse.ts) and hls.js (components/HlsPlayer.tsx). The active auth
// mode (Clerk or local session) installs its getter at sign-in.

export type TokenGetter = () => Promise<string | null | undefined>;

const signedOut: TokenGetter = async () => null;
let getter: TokenGetter = signedOut;
let lastToken: string | null = null;

export function setTokenGetter(fn: TokenGetter | null): void {
  getter = typeof fn === "function" ? fn : signedOut;
  lastToken = null;
}

/** The current session token, or null when signed out. Never throws. */
export async function getToken(): Promise<string | null> {
  try {
    const token = await getter();
    lastToken = token || null;
    return lastToken;
  } catch {
    return null;
  }
}

/** The token last handed out, for callers that cannot wait (synchronous hooks). */
export function peekToken(): string | null {
  return lastToken;
}
