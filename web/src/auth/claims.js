// Reads the session JWT's claims (Clerk V1 or V2 shape, plans-and-auth.md §2.2) so the UI
// can show or hide admin controls. The server re-checks every permission; this is only
// about not offering buttons that would 403.

function decodeSegment(segment) {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function decodeJwt(token) {
  if (typeof token !== "string") return null;
  const parts = token.split(".");
  if (parts.length < 2) return null;
  try {
    return decodeSegment(parts[1]);
  } catch {
    return null;
  }
}

function v2Permissions(claims) {
  const org = claims.o;
  if (!org || typeof claims.fea !== "string" || typeof org.per !== "string" || typeof org.fpm !== "string") return [];
  const names = org.per.split(",");
  const features = claims.fea.split(",").map((f) => f.replace(/^o:/, ""));
  const masks = org.fpm.split(",").map(Number);
  if (masks.some((m) => !Number.isInteger(m))) return [];
  const out = [];
  masks.forEach((mask, i) => {
    if (i >= features.length) return;
    names.forEach((name, j) => {
      if (mask & (1 << j)) out.push(`org:${features[i]}:${name}`);
    });
  });
  return out;
}

/** `{userId, orgId, role, isAdmin, plan, features, email, expiresAt}` or null. */
export function identityFromClaims(claims) {
  if (!claims || !claims.sub) return null;
  const role = claims.org_role || claims.o?.rol || "";
  const permissions = Array.isArray(claims.org_permissions)
    ? claims.org_permissions
    : Array.isArray(claims.permissions)
      ? claims.permissions
      : v2Permissions(claims);
  const plan = typeof claims.pla === "string" && claims.pla ? claims.pla.split(":").pop() : "free_org";
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
