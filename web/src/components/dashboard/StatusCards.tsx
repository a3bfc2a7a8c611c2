import { Circle, Video, VideoOff, Wifi } from "lucide-react";
import type { ReactNode } from "react";
import type { Schemas } from "../../services/api";
import UsageGauge from "../UsageGauge";
import { PLAN_NAMES } from "../../hooks/usePlanInfo";

type Plan = Schemas["PlanOverviewBody"];

export interface StatusCounts {
  total: number;
  online: number;
  offline: number;
  /** Recording now: continuous, or scheduled and inside the window. */
  recording: number;
  scheduledNow: number;
  /** Of `recording`, how many are offline (set to record, but sending nothing). */
  recordingOffline: number;
  suspended: number;
}

function Stat({ icon, value, label, testId, tone }: { icon: ReactNode; value: number; label: ReactNode; testId: string; tone?: string }) {
  return (
    <div className="stat panel">
      <span className={`stat-value${tone ? ` ${tone}` : ""}`} data-testid={testId}>{value}</span>
      <span className="stat-label">
        {icon}
        {label}
      </span>
    </div>
  );
}

/** The overview row: camera counts, then camera and viewer-hour usage against the plan. */
export default function StatusCards({ counts, plan }: { counts: StatusCounts; plan: Plan | undefined }) {
  const planName = plan ? PLAN_NAMES[plan.plan] || plan.plan_name || plan.plan : "";
  const recordingNote = [
    counts.scheduledNow ? `${counts.scheduledNow} on schedule` : "",
    counts.recordingOffline ? `${counts.recordingOffline} offline` : "",
    counts.suspended ? `${counts.suspended} suspended` : "",
  ].filter(Boolean).join(" · ");
  return (
    <section className="stat-grid dash-stats" aria-label="Overview">
      <Stat icon={<Video size={14} aria-hidden="true" />} value={counts.total} label="Cameras" testId="camera-count" />
      <Stat icon={<Wifi size={14} aria-hidden="true" />} value={counts.online} label="Online" testId="online-count" tone={counts.online ? "tone-ok-text" : undefined} />
      <Stat icon={<VideoOff size={14} aria-hidden="true" />} value={counts.offline} label="Offline" testId="offline-count" tone={counts.offline ? "tone-warn-text" : undefined} />
      <Stat
        icon={<Circle size={12} aria-hidden="true" />}
        value={counts.recording}
        label={<>Recording{recordingNote && <span className="stat-note"><span className="visually-hidden">, </span>{recordingNote}</span>}</>}
        testId="recording-count"
      />
      <div className="stat panel stat-wide dash-gauges">
        {plan && plan.limits.max_cameras > 0 && (
          <UsageGauge label={`Cameras on ${planName}`} used={plan.usage.cameras} limit={plan.limits.max_cameras} />
        )}
        <UsageGauge
          label={`Viewer hours this month${planName ? ` · ${planName}` : ""}`}
          used={plan?.usage.viewer_hours_used ?? 0}
          limit={plan?.usage.viewer_hours_limit ?? 0}
          format={(v) => Number(v).toFixed(v < 10 ? 2 : 0)}
          unit="h"
        />
      </div>
    </section>
  );
}
