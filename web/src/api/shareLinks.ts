// Share links (docs/rest-api.md §14), typed by hand until the server's OpenAPI snapshot
// declares them. The shapes follow the contract field for field, and `SharePaths` has the
// layout openapi-typescript generates, so services/api.ts drives these routes through the
// same openapi-fetch client and middleware as every other call. Once schema.d.ts has the
// routes: point the share client at the generated `paths`, alias each type below to its
// `Schemas[...]` entry, and delete `SharePaths`.

/** Where a link stands: usable, past `expires_at`, or revoked by an admin. */
export type ShareLinkStatus = "active" | "expired" | "revoked";
export type ShareScope = "camera" | "group";

/** One share link as the admin routes list it (never its token). */
export interface ShareLink {
  id: number;
  label: string;
  scope: ShareScope;
  camera_id: string | null;
  group_id: number | null;
  /** The camera's or group's current name; null once it is gone. */
  target_name: string | null;
  /** The creator's display name. */
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  max_viewers: number | null;
  views: number;
  last_used_at: string | null;
  status: ShareLinkStatus;
}

/** The answer to a create: the link plus its secret, shown once. */
export interface ShareLinkCreated extends ShareLink {
  /** `shr_` + 32 lowercase hex characters. */
  token: string;
  /** `/share/<token>`, the public page. */
  path: string;
}

/** `POST /api/share-links`: exactly one of `camera_id` and `group_id`. */
export type CreateShareLinkRequest = {
  /** 1–100 characters, not blank (the server trims it). */
  label: string;
  /** 1–168; 24 when left out. */
  expires_in_hours?: number;
  /** 1–50; null or left out: no cap of its own (the server's 50). */
  max_viewers?: number | null;
} & ({ camera_id: string; group_id?: never } | { group_id: number; camera_id?: never });

export interface ShareLinkList {
  links: ShareLink[];
}

export interface ShareLinkRevoked {
  success: true;
  link: ShareLink;
}

/** One camera on the public page; `playlist` is the link-scoped `stream.m3u8` path. */
export interface SharedCamera {
  camera_id: string;
  name: string;
  status: string;
  playlist: string;
}

/** `GET /api/share/{token}`: what the public page shows. */
export interface SharedView {
  label: string;
  expires_at: string;
  cameras: SharedCamera[];
}

/** The refusal codes of the public routes (410 and 429 `detail.error`). */
export type ShareRefusal = "share_link_expired" | "share_link_revoked" | "share_link_unavailable" | "share_link_full";

// openapi-typescript's layout, reduced to what openapi-fetch reads.
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type PathParameters<P> = { query?: never; header?: never; path: P; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
/** Every refusal carries an envelope services/errors.ts parses. */
type Refusals = { 401: Json<unknown>; 404: Json<unknown>; 422: Json<unknown>; 429: Json<unknown> };

/** The share routes as openapi-typescript writes `paths`. */
export interface SharePaths {
  "/api/share-links": {
    parameters: NoParameters;
    get: { parameters: NoParameters; requestBody?: never; responses: { 200: Json<ShareLinkList> } & Refusals };
    post: { parameters: NoParameters; requestBody: { content: { "application/json": CreateShareLinkRequest } }; responses: { 201: Json<ShareLinkCreated> } & Refusals };
  };
  "/api/share-links/{link_id}": {
    parameters: NoParameters;
    delete: { parameters: PathParameters<{ link_id: number }>; requestBody?: never; responses: { 200: Json<ShareLinkRevoked> } & Refusals };
  };
  "/api/share/{token}": {
    parameters: NoParameters;
    get: { parameters: PathParameters<{ token: string }>; requestBody?: never; responses: { 200: Json<SharedView> } & Refusals };
  };
}
