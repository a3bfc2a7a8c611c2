// Words and numbers for share links: the expiry choices, "in 23 h", the public page's
// expiry notice and its refusal states. Pure, so the tests pin them without a clock.

import type { ShareLink, ShareLinkStatus } from "../../api/shareLinks";
import { parseServerTime } from "../../util/format";
import type { TimeValue } from "../../util/format";

export const EXPIRY_CHOICES: ReadonlyArray<{ hours: number; label: string }> = [
  { hours: 1, label: "1 hour" },
  { hours: 8, label: "8 hours" },
  { hours: 24, label: "24 hours" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "7 days" },
];
export const DEFAULT_EXPIRY_HOURS = 24;
export const MAX_VIEWERS = 50;
/** The server caps a link without its own cap at this many viewers. */
export const DEFAULT_VIEWER_CAP = 50;

/** "45 min", "23 h", "1 h 20 min", "2 days 23 h", "3 days": a positive duration, coarsely. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 2 && minutes % 60) return `${hours} h ${minutes % 60} min`;
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} days ${hours % 24} h` : `${days} days`;
}

/** "Tue 14:05" in the viewer's locale and time zone. */
export function formatWeekdayTime(date: Date): string {
  return date.toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit" });
}

/** "in 23 h", "2 h ago" or "just now", for a link's times in the list. */
export function relativeTo(value: TimeValue, now: number): string {
  const date = parseServerTime(value);
  if (!date) return "—";
  const ms = date.getTime() - now;
  // Within a minute either way (the server's clock and this one differ a little).
  if (Math.abs(ms) < 60000) return "just now";
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

/** The public page's notice: "This link expires in 23 h — Tue 14:05". */
export function expiryNotice(expiresAt: TimeValue, now: number): string {
  const date = parseServerTime(expiresAt);
  if (!date) return "";
  const ms = date.getTime() - now;
  if (ms <= 0) return "This link has expired";
  return `This link expires in ${formatDuration(ms)} — ${formatWeekdayTime(date)}`;
}

export const STATUS_LABEL: Record<ShareLinkStatus, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };

/** The row's expiry phrase: "expires in 5 h", "expired 2 h ago", "revoked 3 min ago". */
export function linkTiming(link: ShareLink, now: number): string {
  if (link.status === "revoked") return `revoked ${link.revoked_at ? relativeTo(link.revoked_at, now) : ""}`.trim();
  if (link.status === "expired") return `expired ${relativeTo(link.expires_at, now)}`;
  return `expires ${relativeTo(link.expires_at, now)}`;
}

/** What the link shows: "Camera: Front door", "Group: Yard", or that it is gone. */
export function linkTarget(link: ShareLink): string {
  const kind = link.scope === "group" ? "Group" : "Camera";
  return link.target_name ? `${kind}: ${link.target_name}` : `${kind}: deleted`;
}

/** The whole-page states of the public share page. */
export type ShareRefusalState = "not_found" | "expired" | "revoked" | "unavailable" | "full" | "error";

export const REFUSAL_TEXT: Record<ShareRefusalState, { title: string; body: string }> = {
  not_found: { title: "This link doesn't exist", body: "Check that you copied the whole address. If it was shared with you, ask the sender for a new link." },
  expired: { title: "This link has expired", body: "Shared links only work for a limited time. Ask the person who shared it for a new one." },
  revoked: { title: "This link was turned off", body: "The person who shared it has revoked access. Ask them for a new link if you still need it." },
  unavailable: { title: "This link is not available right now", body: "Sharing is currently switched off for the account behind this link. Ask the person who shared it." },
  full: { title: "Too many viewers", body: "This link already has its maximum number of viewers. Try again in a minute." },
  error: { title: "Could not load this link", body: "The server could not be reached. Check your connection and try again." },
};

/** The page state for a refusal of GET /api/share/{token} or of a playlist. */
export function refusalState(status: number | null, code: string | null): ShareRefusalState {
  if (code === "share_link_expired") return "expired";
  if (code === "share_link_revoked") return "revoked";
  if (code === "share_link_unavailable") return "unavailable";
  if (code === "share_link_full") return "full";
  if (status === 404) return "not_found";
  if (status === 410) return "revoked";
  if (status === 429 && code !== "rate_limit_exceeded") return "full";
  return "error";
}
