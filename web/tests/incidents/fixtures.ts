import type { Schemas } from "../../src/services/api";
import type { Identity } from "../../src/auth/claims";

export const me: Identity = {
  userId: "user_local_admin",
  orgId: "org_local",
  role: "org:admin",
  isAdmin: true,
  plan: "pro",
  features: [],
  email: "admin@example.test",
  name: "Ada Admin",
  expiresAt: null,
};

export function incident(overrides: Partial<Schemas["IncidentDetail"]> = {}): Schemas["IncidentDetail"] {
  return {
    id: 7,
    evidence_count: 0,
    title: "Person at gate",
    summary: "Someone loitering",
    report: "",
    severity: "high",
    status: "open",
    created_by: "user:user_local_admin",
    created_at: "2026-05-01T02:15:00",
    updated_at: "2026-05-01T02:15:00",
    camera_id: null,
    evidence: [],
    ...overrides,
  };
}
