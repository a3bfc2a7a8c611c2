import { Gauge } from "lucide-react";
import type { AsyncResult } from "../../hooks/useAsync";
import { PLAN_NAMES } from "../../hooks/usePlanInfo";
import type { Schemas } from "../../services/api";
import UsageGauge from "../UsageGauge";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "./SettingsSection";

export default function PlanSection({ plan }: { plan: AsyncResult<Schemas["PlanOverviewBody"]> }) {
  const p = plan.data;
  return (
    <SettingsSection
      id="settings-plan"
      title="Plan and usage"
      icon={Gauge}
      help={<>Limits of your plan and how much of them this organisation uses. Viewer hours count live watching across all members and reset each month.</>}
    >
      {!p ? (
        plan.error ? <p className="error-text" role="alert">{plan.error.message}</p> : <LoadingSpinner label="Loading plan…" />
      ) : (
        <div className="settings-grid">
          <div>
            <p><strong>{PLAN_NAMES[p.plan] || p.plan_name}</strong> plan{p.plan_cancel_pending ? " (cancels at period end)" : ""}</p>
            {p.payment_past_due && <p className="warning-text">Payment past due{p.grace_days_remaining != null ? `: ${p.grace_days_remaining} day(s) of grace left` : ""}.</p>}
            <a className="btn btn-small" href="/pricing">Compare plans</a>
          </div>
          <div>
            <UsageGauge label="Nodes" used={p.usage?.nodes} limit={p.limits?.max_nodes} />
            <UsageGauge label="Cameras" used={p.usage?.cameras} limit={p.limits?.max_cameras} />
            <UsageGauge label="Viewer hours this month" used={p.usage?.viewer_hours_used} limit={p.usage?.viewer_hours_limit} unit="h" />
          </div>
        </div>
      )}
    </SettingsSection>
  );
}
