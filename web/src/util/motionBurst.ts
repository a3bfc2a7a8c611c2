// Motion on several cameras at once (a gust, headlights sweeping a yard) should read as one
// toast, not a stack that covers a phone screen: events within a short window fold into
// the toast already showing.

/** Events this close to the first of a burst join it. */
export const BURST_WINDOW_MS = 10_000;

export interface MotionBurst {
  startedAt: number;
  toastId: number | void;
  /** Camera ids in arrival order, each once. */
  cameraIds: string[];
  names: string[];
}

/** The burst after an event on `cameraId` at `now`: the current one extended, or a new one. */
export function joinBurst(current: MotionBurst | null, cameraId: string, name: string, now: number): MotionBurst {
  if (current && now - current.startedAt < BURST_WINDOW_MS) {
    if (current.cameraIds.includes(cameraId)) return current;
    return { ...current, cameraIds: [...current.cameraIds, cameraId], names: [...current.names, name] };
  }
  return { startedAt: now, toastId: undefined, cameraIds: [cameraId], names: [name] };
}

/** "Front", "Front and Yard", "Front, Yard and Gate", "Front, Yard and 3 more". */
export function cameraList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  if (names.length <= 3) return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${names.slice(0, 2).join(", ")} and ${names.length - 2} more`;
}
