import { useEffect, useRef } from "react";
import { MOTION_STREAM } from "../services/api.js";
import { openEventStream } from "../services/sse.js";

/**
 * Calls `onMotion(event)` for each live motion event, at most once per camera every
 * `perCameraMs` so a busy scene does not bury the screen in toasts.
 */
export function useMotionAlerts(onMotion, { enabled = true, perCameraMs = 30000 } = {}) {
  const last = useRef(new Map());
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
