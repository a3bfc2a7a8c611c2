// Incident helpers the Incidents page and detail view share: who wrote an incident (AI or
// a person, shown by name), the timeline rebuilt from the incident's own fields, the
// "today" count, and the source filter the server does not offer (GET /api/incidents has
// no created_by filter, so it is applied here on a bounded window of recent incidents).

import * as api from "./api";
import type { Schemas } from "./api";
import type { Identity } from "../auth/claims";
import { parseServerTime } from "../util/format";

export type Incident = Schemas["IncidentItem"];
export type IncidentDetail = Schemas["IncidentDetail"];
export type IncidentQuery = api.IncidentQuery;
export type IncidentSource = "ai" | "human";
export type IncidentStatus = Schemas["StatusName"];
export type Severity = Schemas["SeverityName"];
export const STATUSES: IncidentStatus[] = ["open", "acknowledged", "resolved", "dismissed"];
export const SEVERITIES: Severity[] = ["low", "medium", "high", "critical"];

/** Most incidents the server lists in one call; the client-side filters look no further. */
export const WINDOW = 200;

/** The Sentinel agent files as `mcp:<sentinel-agent>`; older rows may read `sentinel…`. */
const SENTINEL_AGENT = "mcp:<sentinel-agent>";

/** `user:` labels are people; MCP keys and the Sentinel agent are AI. */
export function incidentSource(createdBy: string | null | undefined): IncidentSource {
  return (createdBy ?? "").startsWith("user:") ? "human" : "ai";
}

function isSentinelAgent(label: string): boolean {
  return label === SENTINEL_AGENT || label.startsWith("sentinel");
}

/**
 * A readable name for a `created_by` / `resolved_by` label. Another member's name is not
 * in any API response: `members` (from Clerk's organisation list, when there is one) names
 * them, otherwise they get a short stable handle from their id, never the raw `user:` label.
 */
export function authorName(label: string | null | undefined, me: Identity | null, members?: ReadonlyMap<string, string>): string {
  const value = (label ?? "").trim();
  if (!value) return "Unknown";
  if (isSentinelAgent(value)) return "Sentinel AI";
  if (value.startsWith("mcp:")) return `${value.slice(4) || "MCP"} (MCP agent)`;
  if (value.startsWith("user:")) {
    const userId = value.slice(5);
    if (me && userId === me.userId) return me.name ? `${me.name} (you)` : "You";
    const known = members?.get(userId);
    if (known) return known;
    return `Member …${userId.slice(-4)}`;
  }
  return value;
}

export type TimelineKind = "created" | "evidence" | "updated" | "resolved";

export interface TimelineEntry {
  key: string;
  kind: TimelineKind;
  at: Date;
  text: string;
}

const EVIDENCE_WORDS: Record<string, string> = { observation: "Observation added", snapshot: "Snapshot attached", clip: "Clip attached" };

function closedWord(status: string): string {
  return status === "dismissed" ? "Dismissed" : "Resolved";
}

/**
 * The incident's history as far as the API records it: opened, each piece of evidence,
 * the last edit, and the close. The server keeps no per-change history (no audit rows
 * for incidents), so intermediate status changes cannot be shown.
 */
export function buildTimeline(incident: IncidentDetail, me: Identity | null, members?: ReadonlyMap<string, string>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const created = parseServerTime(incident.created_at);
  if (created) entries.push({ key: "created", kind: "created", at: created, text: `Opened by ${authorName(incident.created_by, me, members)}` });
  for (const ev of incident.evidence ?? []) {
    const at = parseServerTime(ev.timestamp);
    if (at) entries.push({ key: `ev-${ev.id}`, kind: "evidence", at, text: EVIDENCE_WORDS[ev.kind] ?? `Evidence (${ev.kind}) added` });
  }
  const resolved = parseServerTime(incident.resolved_at);
  if (resolved) entries.push({ key: "resolved", kind: "resolved", at: resolved, text: `${closedWord(incident.status)} by ${authorName(incident.resolved_by, me, members)}` });
  const updated = parseServerTime(incident.updated_at);
  // updated_at also moves when evidence lands or the incident closes; only a change at
  // another moment is a separate edit worth its own line.
  if (updated && !entries.some((e) => Math.abs(e.at.getTime() - updated.getTime()) < 1000)) {
    entries.push({ key: "updated", kind: "updated", at: updated, text: "Last edited" });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function startOfToday(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Incidents opened since local midnight among `incidents` (newest first). */
export function countToday(incidents: Incident[], now = new Date()): number {
  const midnight = startOfToday(now).getTime();
  return incidents.filter((i) => (parseServerTime(i.created_at)?.getTime() ?? 0) >= midnight).length;
}

export interface TodayCount {
  count: number;
  /** The window was full of today's incidents: there may be more. */
  atLeast: boolean;
}

/** GET /api/incidents/counts has no "today"; count it from the newest window. */
export async function getTodayCount(now = new Date()): Promise<TodayCount> {
  const page = await api.listIncidents({ limit: WINDOW, offset: 0 });
  const count = countToday(page.incidents, now);
  return { count, atLeast: count === WINDOW && page.total > WINDOW };
}

export interface IncidentPage {
  incidents: Incident[];
  total: number;
  /** The source filter only saw the newest WINDOW incidents matching the server filters. */
  partial: boolean;
}

/**
 * One page of incidents. Without a source the server pages; with one, the newest WINDOW
 * incidents matching the other filters are fetched and filtered and paged here.
 */
export async function listIncidentPage(query: IncidentQuery, source: IncidentSource | "", limit: number, offset: number): Promise<IncidentPage> {
  if (!source) {
    const page = await api.listIncidents({ ...query, limit, offset });
    return { incidents: page.incidents, total: page.total, partial: false };
  }
  const page = await api.listIncidents({ ...query, limit: WINDOW, offset: 0 });
  const matching = page.incidents.filter((i) => incidentSource(i.created_by) === source);
  return { incidents: matching.slice(offset, offset + limit), total: matching.length, partial: page.total > WINDOW };
}
