import { lazy, Suspense } from "react";
import { Building2 } from "lucide-react";
import { useAuth } from "../../auth/AuthContext";
import type { AsyncResult } from "../../hooks/useAsync";
import { PLAN_NAMES } from "../../hooks/usePlanInfo";
import type { Schemas } from "../../services/api";
import { formatDateTime } from "../../util/format";
import SettingsSection from "./SettingsSection";

/** What the identity provider knows about the organisation; null fields are unknown. */
export interface OrgDetails {
  name: string | null;
  createdAt: Date | null;
  membersCount: number | null;
}

// Clerk's hooks only work under its provider, which local builds never load: the Clerk
// half is its own chunk, imported only in Clerk mode.
const ClerkOrgFacts = lazy(() => import("./ClerkOrgFacts"));

export default function OrgCard({ plan }: { plan: AsyncResult<Schemas["PlanOverviewBody"]> }) {
  const { mode, identity } = useAuth();
  const planName = plan.data ? PLAN_NAMES[plan.data.plan] || plan.data.plan_name : plan.error ? "Unavailable" : "Loading…";
  const orgId = identity?.orgId ?? "—";
  return (
    <SettingsSection
      id="settings-org"
      title="Organisation"
      icon={Building2}
      help={<>Cameras, nodes, keys and settings belong to this organisation. Quote the organisation id when you contact support. {mode === "local" ? "This server runs in local mode: there is one built-in organisation with a local admin and a local member." : "Manage members and switch organisations from the account menu at the top."}</>}
    >
      {mode === "clerk" ? (
        <Suspense fallback={<OrgFacts orgId={orgId} planName={planName} details={null} />}>
          <ClerkOrgFacts render={(details) => <OrgFacts orgId={orgId} planName={planName} details={details} />} />
        </Suspense>
      ) : (
        <OrgFacts orgId={orgId} planName={planName} details={null} local />
      )}
    </SettingsSection>
  );
}

export function OrgFacts({ orgId, planName, details, local = false }: { orgId: string; planName: string; details: OrgDetails | null; local?: boolean }) {
  const unknown = local ? "Not tracked in local mode" : "Loading…";
  return (
    <dl className="org-facts">
      <div><dt>Name</dt><dd>{details?.name ?? (local ? "Local organisation" : unknown)}</dd></div>
      <div><dt>Organisation id</dt><dd><code className="wrap-anywhere">{orgId}</code></dd></div>
      <div><dt>Created</dt><dd>{details?.createdAt ? formatDateTime(details.createdAt.toISOString()) : unknown}</dd></div>
      <div><dt>Members</dt><dd>{details?.membersCount ?? (local ? "Local admin and local member" : unknown)}</dd></div>
      <div><dt>Plan</dt><dd>{planName} <a className="small" href="/pricing">Compare plans</a></dd></div>
    </dl>
  );
}
