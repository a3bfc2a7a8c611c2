import { describe, expect, it } from "vitest";
import { decodeJwt, identityFromClaims } from "../../src/auth/claims";
import type { Identity } from "../../src/auth/claims";

const b64 = (obj: object) => btoa(JSON.stringify(obj)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

function present(identity: Identity | null): Identity {
  if (!identity) throw new Error("no identity");
  return identity;
}

describe("identityFromClaims", () => {
  it("decodes a V2 local admin token", () => {
    const claims = { sub: "user_local_admin", v: 2, o: { id: "org_local", rol: "org:admin", per: "manage_cameras,view_cameras", fpm: "3,2" }, fea: "o:cameras,o:admin", pla: "o:pro_plus", username: "local-admin" };
    const token = `${b64({ alg: "RS256" })}.${b64(claims)}.sig`;
    const identity = present(identityFromClaims(decodeJwt(token)));
    expect(identity).toMatchObject({ userId: "user_local_admin", orgId: "org_local", isAdmin: true, plan: "pro_plus", name: "local-admin", role: "admin" });
    expect(identity.features).toEqual(["cameras", "admin"]);
  });

  it("treats a member without manage permission as non-admin", () => {
    const identity = present(identityFromClaims({ sub: "u", o: { id: "org", rol: "org:member", per: "manage_cameras,view_cameras", fpm: "2" }, fea: "o:cameras" }));
    expect(identity.isAdmin).toBe(false);
    expect(identity.plan).toBe("free_org");
  });

  it("grants admin through the manage_cameras permission (V1)", () => {
    expect(present(identityFromClaims({ sub: "u", org_id: "o", org_role: "org:member", org_permissions: ["org:cameras:manage_cameras"] })).isAdmin).toBe(true);
  });

  it("rejects garbage", () => {
    expect(decodeJwt("not-a-jwt")).toBeNull();
    expect(identityFromClaims(null)).toBeNull();
  });
});
