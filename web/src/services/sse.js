// Server-sent events over fetch. EventSource cannot send an Authorization header and the
// server authenticates streams like any other route (bearer header, or Clerk's __session
// cookie), so the dashboard reads the stream itself with the shared token and reconnects
// with backoff. A 429 (per-plan stream cap) or 402 is reported and retried slowly.

import { getToken } from "../auth/token.js";
import { API_BASE } from "./api.js";
import { parseErrorBody } from "./errors.js";

/** Splits an SSE text buffer into complete frames; returns [events, rest]. */
export function parseSseChunk(buffer) {
  const events = [];
  const frames = buffer.split(/\r?\n\r?\n/);
  const rest = frames.pop() ?? "";
  for (const frame of frames) {
    const data = frame
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (!data) continue; // keepalive comments and empty frames
    try {
      events.push(JSON.parse(data));
    } catch {
      events.push({ type: "message", data });
    }
  }
  return [events, rest];
}

/**
 * Opens `path` as an event stream. `onEvent(obj)` gets each parsed frame (including the
 * first `{type: "connected"}`), `onStatus({state, message})` connection changes.
 * Returns a function that closes the stream for good.
 */
export function openEventStream(path, { onEvent, onStatus = () => {}, minDelay = 2000, maxDelay = 60000 } = {}) {
  let closed = false;
  let controller = null;
  let attempt = 0;
  let timer = null;

  const schedule = (delay) => {
    if (closed) return;
    timer = setTimeout(connect, delay);
  };

  async function connect() {
    if (closed) return;
    controller = new AbortController();
    const headers = { Accept: "text/event-stream" };
    const token = await getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      const response = await fetch(`${API_BASE}${path}`, { headers, signal: controller.signal, cache: "no-store" });
      if (!response.ok) {
        let body = null;
        try {
          const text = await response.text();
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        const { message } = parseErrorBody(response.status, body, response.statusText);
        onStatus({ state: "error", status: response.status, message });
        attempt += 1;
        // Caps and auth failures do not clear up in two seconds.
        const base = [401, 402, 403, 429].includes(response.status) ? 30000 : minDelay;
        schedule(Math.min(maxDelay, base * 2 ** Math.min(attempt - 1, 4)));
        return;
      }
      attempt = 0;
      onStatus({ state: "open" });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      while (!closed) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const [events, rest] = parseSseChunk(buffer);
        buffer = rest;
        for (const event of events) onEvent?.(event);
      }
      if (!closed) {
        onStatus({ state: "reconnecting" });
        schedule(minDelay);
      }
    } catch (error) {
      if (closed || error?.name === "AbortError") return;
      attempt += 1;
      onStatus({ state: "reconnecting", message: "Live updates disconnected; reconnecting…" });
      schedule(Math.min(maxDelay, minDelay * 2 ** Math.min(attempt - 1, 4)));
    }
  }

  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    controller?.abort();
  };
}
