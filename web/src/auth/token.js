// The one place every network caller gets its bearer token from: fetch (services/api.js),
// the SSE reader (services/sse.js) and hls.js (components/HlsPlayer.jsx). The active auth
// mode (Clerk or local session) installs its getter at sign-in.

let getter = async () => null;
let lastToken = null;

export function setTokenGetter(fn) {
  getter = typeof fn === "function" ? fn : async () => null;
  lastToken = null;
}

/** The current session token, or null when signed out. Never throws. */
export async function getToken() {
  try {
    const token = await getter();
    lastToken = token || null;
    return lastToken;
  } catch {
    return null;
  }
}

/** The token last handed out, for callers that cannot wait (synchronous hooks). */
export function peekToken() {
  return lastToken;
}
