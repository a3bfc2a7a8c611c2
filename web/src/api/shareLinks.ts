// Share links (docs/rest-api.md §14): names for the generated schemas the share code uses.
// services/api.ts calls the routes through the generated `paths`; these aliases only give
// the components shorter names. Nullable fields the server may leave out are optional in
// the generated types (`camera_id?: string | null`): read them with `??` or a truthiness
// test, never `=== null`.

import type { components } from "./schema";

type Schemas = components["schemas"];

/** Where a link stands: usable, past `expires_at`, or revoked by an admin. */
export type ShareLinkStatus = Schemas["ShareLinkStatusName"];
/** What a link opens: one camera or one camera group. */
export type ShareScope = Schemas["ShareScopeName"];

/**
 * One share link as the admin routes list it (never its token). `camera_id` or
 * `group_id` follows `scope`; `target_name` is null once the camera or group is gone;
 * `max_viewers` null means the server's cap of 50.
 */
export type ShareLink = Schemas["ShareLinkItem"];

/** The answer to a create: the link plus its secret (`shr_` + 32 hex) and `/share/<token>`, shown once. */
export type ShareLinkCreated = Schemas["ShareLinkCreated"];

type CreateShareLinkBody = Schemas["CreateShareLinkBody"];

/**
 * `POST /api/share-links`: the generated oneOf (a camera body or a group body), with the
 * other member's target ruled out, so exactly one of `camera_id` and `group_id` is sent.
 * `label` 1–100 characters, not blank (the server trims it); `expires_in_hours` 1–168,
 * 24 when left out; `max_viewers` 1–50, null or left out: the server's 50.
 */
export type CreateShareLinkRequest =
  | (Extract<CreateShareLinkBody, { camera_id: string }> & { group_id?: never })
  | (Extract<CreateShareLinkBody, { group_id: number }> & { camera_id?: never });

/** The admin list, newest first (at most 200). */
export type ShareLinkList = Schemas["ShareLinkList"];
export type ShareLinkRevoked = Schemas["ShareLinkRevoked"];

/** One camera on the public page; `playlist` is the link-scoped `stream.m3u8` path. */
export type SharedCamera = Schemas["SharedPageCamera"];

/** `GET /api/share/{token}`: what the public page shows. */
export type SharedView = Schemas["SharedPage"];

/**
 * The refusal codes of the public routes (410 and 429 `detail.error`). The schema only
 * names them in response descriptions, so they are listed here.
 */
export type ShareRefusal = "share_link_expired" | "share_link_revoked" | "share_link_unavailable" | "share_link_full";
