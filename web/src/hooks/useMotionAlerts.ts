import { useEffect, useRef } from "react";
import { MOTION_STREAM } from "../services/api";
import { openEventStream } from "../services/sse";
import type { MotionFrame } from "../services/sse";

/**
 * Calls `onMotion(event)` for each live motion event, at most once per camera every
 * `perCameraMs` so a busy scene does not bury the screen in toasts.
 */
export function useMotionAlerts(
  onMotion: (event: MotionFrame) => void,
  { enabled = true, perCameraMs = 30000 }: { enabled?: boolean; perCameraMs?: number } = {},
): void {
  const last = useRef(new Map<string, number>());
  const handler = useRef(onMotion);
  handler.current = onMotion;

  useEffect(() => {
    if (!enabled) return undefined;
    return openEventStream(MOTION_STREAM, {
      onEvent: (event) => {
        if (event.type !== "motion") return;
        const now = Date.now();
        const prev = last.current.get(event.camera_id) || 0;
        if (now - prev < perCameraMs) return;
        last.current.set(event.camera_id, now);
        handler.current?.(event);
      },
    });
  }, [enabled, perCameraMs]);
}
