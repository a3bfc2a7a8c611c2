import type { Schemas } from "../../services/api";

type RecordingPolicy = Schemas["RecordingPolicyBody"];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(value: string | null | undefined): number | null {
  const match = HH_MM.exec(value ?? "");
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minute of the day (0–1439) at `now` on the wall clock of `timeZone` (UTC when unknown). */
export function minuteOfDay(now: Date, timeZone: string): number {
  const parts = (zone: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  let found: Intl.DateTimeFormatPart[];
  try {
    found = parts(timeZone || "UTC");
  } catch {
    // The server falls back to UTC for a zone it cannot read; so do we.
    found = parts("UTC");
  }
  const pick = (type: string) => Number(found.find((p) => p.type === type)?.value ?? 0);
  return (pick("hour") % 24) * 60 + pick("minute");
}

/** Whether the schedule window [start, end) holds `minute`; it wraps midnight when end < start. */
export function insideWindow(start: string | null | undefined, end: string | null | undefined, minute: number): boolean {
  const from = minutesOf(start);
  const to = minutesOf(end);
  // The heartbeat's rule (rest-api.md §2.3): both times needed, start == end never records.
  if (from === null || to === null || from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/**
 * Whether the node is told to record this camera right now: continuous, or scheduled and
 * inside its window in the organisation's time zone (the same rule as the heartbeat's
 * `recording_state`).
 */
export function isRecordingNow(policy: RecordingPolicy | undefined, now: Date, timeZone: string): boolean {
  if (!policy) return false;
  if (policy.continuous_24_7) return true;
  return policy.scheduled_recording && insideWindow(policy.scheduled_start, policy.scheduled_end, minuteOfDay(now, timeZone));
}

/** "22:00–06:00", or null when the schedule is incomplete. */
export function scheduleLabel(policy: RecordingPolicy | undefined): string | null {
  if (!policy?.scheduled_start || !policy.scheduled_end) return null;
  return `${policy.scheduled_start}–${policy.scheduled_end}`;
}
