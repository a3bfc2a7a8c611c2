// Server-sent events over fetch. EventSource cannot send an Authorization header and the
// server authenticates streams like any other route (bearer header, or Clerk's __session
// cookie), so the dashboard reads the stream itself with the shared token and reconnects
// with backoff. A 429 (per-plan stream cap) or 402 is reported and retried slowly.

import type { components, paths } from "../api/schema";
import { getToken } from "../auth/token";
import { API_BASE } from "./api";
import { parseErrorBody } from "./errors";

type Schemas = components["schemas"];
// The schema types each frame's `type` as a string documented as constant; pin it so the
// handlers can tell frames apart.
type Tagged<T, K extends string> = Omit<T, "type"> & { type: K };

/** The first frame of every stream. */
export interface ConnectedFrame {
  type: "connected";
  org_id: string;
}
/** A `data:` line that was not JSON. */
export interface TextFrame {
  type: "message";
  data: string;
}
export type NotificationFrame = Tagged<Schemas["NotificationFrame"], "notification">;
export type MotionFrame = Tagged<Schemas["MotionFrame"], "motion">;
export type McpActivityFrame = Tagged<Schemas["McpActivityFrame"], "tool_call">;

/** What each stream the dashboard reads sends after `connected`. */
export interface StreamFrames {
  "/api/notifications/stream": NotificationFrame;
  "/api/motion/events/stream": MotionFrame;
  "/api/mcp/activity/stream": McpActivityFrame;
}
/** A stream path the server still declares. */
export type StreamPath = keyof StreamFrames & keyof paths;
export type FrameOf<P extends StreamPath> = StreamFrames[P] | ConnectedFrame | TextFrame;

export type StreamState = "connecting" | "open" | "reconnecting" | "error";
export interface StreamStatus {
  state: StreamState;
  status?: number;
  message?: string;
}

export interface StreamOptions<P extends StreamPath> {
  onEvent?: (frame: FrameOf<P>) => void;
  onStatus?: (status: StreamStatus) => void;
  minDelay?: number;
  maxDelay?: number;
}

/** Splits an SSE text buffer into complete frames; returns [events, rest]. */
export function parseSseChunk(buffer: string): [unknown[], string] {
  const events: unknown[] = [];
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
export function openEventStream<P extends StreamPath>(
  path: P,
  { onEvent, onStatus = () => {}, minDelay = 2000, maxDelay = 60000 }: StreamOptions<P> = {},
): () => void {
  let closed = false;
  let controller: AbortController | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (delay: number) => {
    if (closed) return;
    timer = setTimeout(connect, delay);
  };

  async function connect() {
    if (closed) return;
    controller = new AbortController();
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    const token = await getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      const response = await fetch(`${API_BASE}${path}`, { headers, signal: controller.signal, cache: "no-store" });
      if (!response.ok) {
        let body: unknown = null;
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
      if (!response.body) throw new Error("stream without a body");
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      while (!closed) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const [events, rest] = parseSseChunk(buffer);
        buffer = rest;
        // The frames are what the server documents for this path (StreamFrames).
        for (const event of events) onEvent?.(event as FrameOf<P>);
      }
      if (!closed) {
        onStatus({ state: "reconnecting" });
        schedule(minDelay);
      }
    } catch (error) {
      const aborted = typeof error === "object" && error !== null && "name" in error && error.name === "AbortError";
      if (closed || aborted) return;
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
