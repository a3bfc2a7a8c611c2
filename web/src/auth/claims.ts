// Reads the session JWT's claims (Clerk V1 or V2 shape, plans-and-auth.md §2.2) so the UI
// can show or hide admin controls. The server re-checks every permission; this is only
// about not offering buttons that would 403.

/** The claims the UI reads (Clerk V1 and V2 session shapes, and local-mode tokens). */
export interface JwtClaims {
  sub?: string;
  exp?: number;
  v?: number;
  org_id?: string;
  org_role?: string;
  org_permissions?: unknown;
  permissions?: unknown;
  /** V2: the active organisation, its role and packed permissions. */
  o?: { id?: string; rol?: string; per?: unknown; fpm?: unknown };
  fea?: unknown;
  pla?: unknown;
  email?: string;
  name?: string;
  username?: string;
}

/** Who is signed in, as far as the UI needs to know. */
export interface Identity {
  userId: string;
  orgId: string | null;
  role: string;
  isAdmin: boolean;
  plan: string;
  features: string[];
  email: string;
  name: string;
  expiresAt: number | null;
}

function decodeSegment(segment: string): JwtClaims {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // A token's payload is the issuer's JSON object; the reads below tolerate missing fields.
  return JSON.parse(new TextDecoder().decode(bytes)) as JwtClaims;
}

export function decodeJwt(token: unknown): JwtClaims | null {
  if (typeof token !== "string") return null;
  const parts = token.split(".");
  if (parts.length < 2) return null;
  try {
    return decodeSegment(parts[1]);
  } catch {
    return null;
  }
}

function v2Permissions(claims: JwtClaims): string[] {
  const org = claims.o;
  if (!org || typeof claims.fea !== "string" || typeof org.per !== "string" || typeof org.fpm !== "string") return [];
  const names = org.per.split(",");
  const features = claims.fea.split(",").map((f) => f.replace(/^o:/, ""));
  const masks = org.fpm.split(",").map(Number);
  if (masks.some((m) => !Number.isInteger(m))) return [];
  const out: string[] = [];
  masks.forEach((mask, i) => {
    if (i >= features.length) return;
    names.forEach((name, j) => {
      if (mask & (1 << j)) out.push(`org:${features[i]}:${name}`);
    });
  });
  return out;
}

/** `{userId, orgId, role, isAdmin, plan, features, email, expiresAt}` or null. */
export function identityFromClaims(claims: JwtClaims | null | undefined): Identity | null {
  if (!claims || !claims.sub) return null;
  const role = claims.org_role || claims.o?.rol || "";
  const permissions: unknown[] = Array.isArray(claims.org_permissions)
    ? claims.org_permissions
    : Array.isArray(claims.permissions)
      ? claims.permissions
      : v2Permissions(claims);
  const plan = typeof claims.pla === "string" && claims.pla ? (claims.pla.split(":").pop() ?? "free_org") : "free_org";
  const features = typeof claims.fea === "string"
    ? claims.fea.split(",").map((f) => f.trim().replace(/^o:/, "")).filter(Boolean)
    : [];
  return {
    userId: claims.sub,
    orgId: claims.org_id || claims.o?.id || null,
    role: role.replace(/^org:/, "") || "member",
    isAdmin: role === "org:admin" || role === "admin" || permissions.includes("org:cameras:manage_cameras"),
    plan,
    features,
    email: claims.email || "",
    name: claims.name || claims.username || claims.email || claims.sub,
    expiresAt: claims.exp ? claims.exp * 1000 : null,
  };
}
