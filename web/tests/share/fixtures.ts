import type { ShareLink, ShareLinkCreated } from "../../src/api/shareLinks";

const HOUR = 3600_000;

export function link(overrides: Partial<ShareLink> = {}): ShareLink {
  return {
    id: 1,
    label: "Front door – shared",
    scope: "camera",
    camera_id: "cam_front",
    group_id: null,
    target_name: "Front door",
    created_by: "local-admin",
    created_at: new Date(Date.now() - HOUR).toISOString(),
    expires_at: new Date(Date.now() + 23 * HOUR + 60_000).toISOString(),
    revoked_at: null,
    max_viewers: null,
    views: 0,
    last_used_at: null,
    status: "active",
    ...overrides,
  };
}

export function created(overrides: Partial<ShareLinkCreated> = {}): ShareLinkCreated {
  const token = "shr_0123456789abcdef0123456789abcdef";
  return { ...link(), token, path: `/share/${token}`, ...overrides };
}

export function jsonResponse(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
