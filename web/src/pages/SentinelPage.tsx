import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { Link, useOutletContext } from "react-router";
import { Activity, CalendarDays, FileExclamationPoint, Hourglass, Info } from "lucide-react";
import { useAsync } from "../hooks/useAsync";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import { ABANDON_AFTER_MS, agentState, getSentinelConfig } from "../services/sentinelApi";
import type { SentinelAgentStatus } from "../services/sentinelApi";
import type { OutletContext } from "../components/Layout";
import LoadingSpinner from "../components/LoadingSpinner";
import UsageGauge from "../components/UsageGauge";
import AgentStatusPanel from "../components/sentinel/AgentStatusPanel";
import PendingRuns from "../components/sentinel/PendingRuns";
import RunHistory from "../components/sentinel/RunHistory";
import RunNowForm from "../components/sentinel/RunNowForm";
import RunDetailModal from "../components/sentinel/RunDetailModal";
import ConfigForm from "../components/sentinel/ConfigForm";
import "../styles/sentinel.css";

/** Re-renders every `ms` so waiting times stay current between fetches. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function Stat({ icon, value, label }: { icon: ReactNode; value: ReactNode; label: string }) {
  return (
    <div className="stat panel sen-stat">
      <span className="sen-stat-icon" aria-hidden="true">{icon}</span>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

/** The counters and the monthly quota, with what counts toward it. */
function Stats({ stats }: { stats: Schemas["SentinelRunStats"] }) {
  return (
    <section aria-label="Run statistics" className="sen-stats-wrap">
      <div className="stat-grid">
        <Stat icon={<CalendarDays size={16} />} value={stats.runs_today} label="Runs today" />
        <Stat icon={<FileExclamationPoint size={16} />} value={stats.incidents_filed} label="Incidents filed" />
        <Stat icon={<Hourglass size={16} />} value={stats.pending} label="Pending or running" />
        <Stat icon={<Activity size={16} />} value={stats.runs_total} label="All time" />
        <div className="stat panel stat-wide"><UsageGauge label="Runs this month" used={stats.runs_this_month} limit={stats.monthly_cap} /></div>
      </div>
      <p className="sen-quota-note small" data-testid="sentinel-quota-note">
        <Info size={14} aria-hidden="true" />
        <span>
          Every run counts toward the monthly quota ({stats.remaining_this_month} of {stats.monthly_cap} left), including runs still pending and runs that
          expire unclaimed. A run no agent claims within {ABANDON_AFTER_MS / 3600000} hours is closed as an error ("abandoned").
        </span>
      </p>
    </section>
  );
}

/** Runs from the last 6 hours and a bit: every run that can still be pending. */
function pendingWindowStart(now: number): string {
  return new Date(now - ABANDON_AFTER_MS - 15 * 60 * 1000).toISOString();
}

export default function SentinelPage() {
  const { isAdmin } = useOutletContext<OutletContext>();
  const now = useNow(15000);
  const config = useAsync(getSentinelConfig, [], { intervalMs: 30000 });
  const runs = useAsync(() => api.listSentinelRuns({ limit: 50 }), [], { intervalMs: 10000 });
  // The history shows the newest 50; a pending run can be older, so look at the whole
  // window in which one can still be waiting.
  const recent = useAsync(() => api.listSentinelRuns({ limit: 200, since: pendingWindowStart(Date.now()) }), [], { intervalMs: 10000 });
  const cameras = useAsync(api.listCameras, []);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const cameraName = (id: string) => cameras.data?.find((c) => c.camera_id === id)?.name ?? id;
  const agent: SentinelAgentStatus | null = config.data?.agent ?? null;
  const reloadRuns = () => {
    runs.reload();
    recent.reload();
  };

  return (
    <div className="page sen-page">
      <div className="page-header"><h1>Sentinel AI</h1></div>
      <p className="muted">An agent that looks through your cameras when motion fires or an incident opens, and files a report with evidence.</p>
      {config.error && <p className="error-text" role="alert">{config.error.message}</p>}
      {config.data?.plan_gated && (
        <div className="banner banner-warn" role="status">
          Sentinel AI is part of the Pro plan (you're on {config.data.plan_current}). <Link to="/pricing">Upgrade</Link> to turn it on.
        </div>
      )}
      {config.data && !config.data.plan_gated && <AgentStatusPanel agent={agent} now={now} />}
      {runs.data && <Stats stats={runs.data.stats} />}
      {recent.data && <PendingRuns runs={recent.data.runs} agent={agent} now={now} cameraName={cameraName} onOpen={setOpenRun} />}
      {!config.data ? (!config.error && <LoadingSpinner label="Loading configuration" />) : (
        <ConfigForm payload={config.data} cameras={cameras.data} isAdmin={isAdmin} onSaved={(c) => config.setData((p) => p && { ...p, config: c })} />
      )}
      {isAdmin && config.data && !config.data.plan_gated && <RunNowForm cameras={cameras.data} agentState={agentState(agent, now)} onStarted={reloadRuns} />}
      <section className="panel" aria-labelledby="run-history">
        <h2 id="run-history">Run history</h2>
        {runs.data === undefined ? (runs.error ? <p className="error-text" role="alert">{runs.error.message}</p> : <LoadingSpinner label="Loading runs" />) : (
          <RunHistory runs={runs.data.runs} now={now} cameraName={cameraName} onOpen={setOpenRun} />
        )}
      </section>
      {openRun && <RunDetailModal runId={openRun} agent={agent} now={now} onClose={() => setOpenRun(null)} />}
    </div>
  );
}
