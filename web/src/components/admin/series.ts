// Pure helpers that shape the admin endpoints' answers for charts and filters. The server
// reports days sparsely (only days with activity, newest first); charts need every UTC day
// of the window, oldest first, with zeros in between.

import { parseServerTime } from "../../util/format";
import type { TimeValue } from "../../util/format";

/** `YYYY-MM-DD` of a moment, in UTC (the server buckets days in UTC). */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last `days` UTC days ending with `now`'s day, oldest first. */
export function dayRange(days: number, now: Date = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: Math.max(0, days) }, (_, i) => utcDay(new Date(today - (days - 1 - i) * 86_400_000)));
}

/** Values aligned to `range`, zero where the server reported nothing. */
export function fillDays<Entry extends { date: string }>(range: string[], entries: Entry[], value: (entry: Entry) => number): number[] {
  const byDate = new Map<string, number>();
  for (const entry of entries) byDate.set(entry.date.slice(0, 10), (byDate.get(entry.date.slice(0, 10)) ?? 0) + value(entry));
  return range.map((date) => byDate.get(date) ?? 0);
}

/** How many timestamps fall on each day of `range`. */
export function countByDay(range: string[], times: TimeValue[]): number[] {
  const counts = new Map<string, number>();
  for (const time of times) {
    const date = parseServerTime(time);
    if (!date) continue;
    const day = utcDay(date);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return range.map((day) => counts.get(day) ?? 0);
}

export function sum(values: number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** Epoch seconds at UTC midnight of each `YYYY-MM-DD`, the x values uPlot expects. */
export function dayStamps(range: string[]): number[] {
  return range.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
}

// --- Audit trail categories -----------------------------------------------------------
// The server filters the trail by one exact event name; a category groups the names a
// person thinks of together. Matching is by pattern, so an event added later (say
// `camera_renamed`) still lands in the right group.

export const AUDIT_CATEGORIES = ["Nodes", "Cameras", "Keys", "Settings", "Incidents", "Sentinel", "Account", "Other"] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

const RULES: [AuditCategory, RegExp][] = [
  ["Keys", /_key_(created|revoked|rotated)$|^(mcp|integration|api)_key/],
  ["Nodes", /^node_/],
  ["Cameras", /^camera_|^recording_|^motion_|^snapshot_|^group_/],
  ["Incidents", /^incident_|^evidence_/],
  ["Sentinel", /^sentinel_/],
  ["Account", /^member_|^user_|^admin_|^email_unsubscribed$|^sign_?in|^login/],
  ["Settings", /^settings?_|_settings_updated$|^timezone_|^email_prefs|^logs_wiped$|^full_reset$|^gdpr_|^plan_|^billing_/],
];

export function auditCategory(event: string): AuditCategory {
  // node_key_rotated is a node's key: it belongs with the node, not with API keys.
  if (event.startsWith("node_")) return "Nodes";
  return RULES.find(([, pattern]) => pattern.test(event))?.[0] ?? "Other";
}

/** "camera_recording_policy_updated" → "Camera recording policy updated". */
const ACRONYMS = new Map([["mcp", "MCP"], ["gdpr", "GDPR"], ["api", "API"], ["ip", "IP"], ["sse", "SSE"], ["hls", "HLS"]]);

export function humanizeEvent(event: string): string {
  const words = event.split("_").filter(Boolean).map((word) => ACRONYMS.get(word) ?? word);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1 error", "2 errors". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * An audit row's `details` (a JSON object stored as text) as label/value pairs, with
 * camera ids shown by name. Text that is not a JSON object is returned as one pair.
 */
export function detailPairs(details: string | null | undefined, cameraName: (id: string) => string): [string, string][] {
  if (!details) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return [["", details]];
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return [["", details]];
  return Object.entries(parsed).map(([key, value]) => {
    if (key === "camera_id" && typeof value === "string") return ["camera", cameraName(value)];
    return [key.replace(/_/g, " "), value == null ? "—" : typeof value === "string" ? value : JSON.stringify(value)];
  });
}

/** RFC 4180 CSV with CRLF line ends; cells a spreadsheet would run as a formula get a `'`. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (value: string | number | null | undefined) => {
    let text = value == null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** `text` with every known camera id replaced by the camera's name (ids in MCP arguments). */
export function nameCameraIds(text: string, names: [id: string, name: string][]): string {
  // Longest ids first, so an id that contains another is replaced whole.
  return [...names].sort((a, b) => b[0].length - a[0].length).reduce((out, [id, name]) => (id && id !== name ? out.split(id).join(name) : out), text);
}
