import UsageGauge from "../UsageGauge";
import LoadingSpinner from "../LoadingSpinner";
import type { AsyncResult } from "../../hooks/useAsync";
import type { Schemas } from "../../services/api";

type PlanOverview = Schemas["PlanOverviewBody"];

function PastDue({ plan }: { plan: PlanOverview }) {
  if (!plan.payment_past_due) return null;
  const days = plan.grace_days_remaining;
  return (
    <p className="banner banner-warn" role="status">
      Your payment is past due.{" "}
      {typeof days === "number" ? `Full service continues for ${days} more day${days === 1 ? "" : "s"}.` : `Full service continues during a ${plan.grace_window_days}-day grace period.`}
    </p>
  );
}

/** The signed-in organisation's plan and usage, from GET /api/nodes/plan. */
export default function CurrentPlan({ plan }: { plan: AsyncResult<PlanOverview> }) {
  if (plan.data === undefined) {
    return (
      <section className="panel" aria-labelledby="current-plan">
        <h2 id="current-plan">Your plan</h2>
        {plan.error ? <p className="error-text" role="alert">Could not load your plan: {plan.error.message}</p> : <LoadingSpinner label="Loading your plan…" />}
      </section>
    );
  }
  const { plan_name, usage, limits, plan_cancel_pending } = plan.data;
  return (
    <section className="panel current-plan" aria-labelledby="current-plan">
      <div className="row-between">
        <h2 id="current-plan">Your plan: <span data-testid="current-plan-name">{plan_name}</span></h2>
        {plan_cancel_pending && <span className="pill">Cancels at the end of the period</span>}
      </div>
      <PastDue plan={plan.data} />
      <div className="usage-grid">
        <UsageGauge label="Cameras" used={usage.cameras} limit={limits.max_cameras} />
        <UsageGauge label="CloudNodes" used={usage.nodes} limit={limits.max_nodes} />
        <UsageGauge label="Viewer hours this month" used={usage.viewer_hours_used} limit={usage.viewer_hours_limit} format={(v) => v.toLocaleString("en-US", { maximumFractionDigits: 2 })} />
      </div>
    </section>
  );
}
