import { useEffect, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Link, useOutletContext } from "react-router";
import { useAsync } from "../hooks/useAsync";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import type { OutletContext } from "../components/Layout";
import Modal from "../components/Modal";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import UsageGauge from "../components/UsageGauge";
import { formatDateTime, formatRelative } from "../util/format";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

type Config = Schemas["SentinelConfigBody"];
type Camera = Schemas["CameraItem"];
/** The form's copy of the config: the cooldown input holds text until saved. */
type Draft = Omit<Config, "motion_cooldown_min"> & { motion_cooldown_min: number | string };

/** A tool-trace field (free-form JSON) as text. */
function shown(value: unknown): ReactNode {
  if (value == null) return null;
  return typeof value === "string" || typeof value === "number" ? value : JSON.stringify(value);
}

interface ConfigFormProps {
  payload: Schemas["SentinelConfigView"];
  cameras: Camera[] | undefined;
  isAdmin: boolean;
  onSaved: (config: Config) => void;
}

function ConfigForm({ payload, cameras, isAdmin, onSaved }: ConfigFormProps) {
  const toast = useToasts();
  const [draft, setDraft] = useState<Draft>(payload.config);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(payload.config), [payload.config]);
  const locked = !isAdmin || payload.plan_gated;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      const res = await api.updateSentinelConfig({
        enabled: draft.enabled,
        motion_enabled: draft.motion_enabled,
        incident_opened_enabled: draft.incident_opened_enabled,
        motion_cooldown_min: Number(draft.motion_cooldown_min),
        // The select offers exactly the schema's ScheduleModeName values.
        schedule_mode: draft.schedule_mode as Schemas["ScheduleModeName"],
        schedule_start: draft.schedule_start,
        schedule_end: draft.schedule_end,
        active_days: draft.active_days,
        camera_scope: draft.camera_scope,
      });
      toast.success("Sentinel settings saved.");
      onSaved(res.config);
    } catch (err) {
      toast.error(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="panel" onSubmit={save} aria-labelledby="sentinel-config">
      <h2 id="sentinel-config">Configuration</h2>
      <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="section-grid">
          <div>
            <h3>Triggers</h3>
            <label className="check"><input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled", e.target.checked)} />Sentinel enabled</label>
            <label className="check"><input type="checkbox" checked={draft.motion_enabled} onChange={(e) => set("motion_enabled", e.target.checked)} />Investigate motion</label>
            <label className="check"><input type="checkbox" checked={draft.incident_opened_enabled} onChange={(e) => set("incident_opened_enabled", e.target.checked)} />Review new incidents</label>
            <label className="field"><span>Motion cooldown per camera (minutes, 1–60)</span>
              <input type="number" min={1} max={60} value={draft.motion_cooldown_min} onChange={(e) => set("motion_cooldown_min", e.target.value)} />
            </label>
          </div>
          <div>
            <h3>Schedule</h3>
            <label className="field"><span>Mode</span>
              <select value={draft.schedule_mode} onChange={(e) => set("schedule_mode", e.target.value)}>
                <option value="always">Always</option><option value="scheduled">Scheduled window</option><option value="off">Off</option>
              </select>
            </label>
            {draft.schedule_mode === "scheduled" && (
              <>
                <div className="row">
                  <label className="field"><span>From</span><input type="time" value={draft.schedule_start} onChange={(e) => set("schedule_start", e.target.value)} /></label>
                  <label className="field"><span>To</span><input type="time" value={draft.schedule_end} onChange={(e) => set("schedule_end", e.target.value)} /></label>
                </div>
                <div className="row" role="group" aria-label="Active days">
                  {DAYS.map((d) => (
                    <label key={d} className="check"><input type="checkbox" checked={draft.active_days.includes(d)} onChange={(e) => set("active_days", e.target.checked ? [...draft.active_days, d] : draft.active_days.filter((x) => x !== d))} />{d}</label>
                  ))}
                </div>
              </>
            )}
          </div>
          <div>
            <h3>Camera scope</h3>
            <p className="muted small">Unchecked cameras are never investigated automatically. No selection means every camera.</p>
            {(cameras ?? []).map((c) => (
              <label key={c.camera_id} className="check">
                <input type="checkbox" checked={draft.camera_scope?.[c.camera_id] !== false} onChange={(e) => set("camera_scope", { ...draft.camera_scope, [c.camera_id]: e.target.checked })} />{c.name}
              </label>
            ))}
          </div>
        </div>
        {isAdmin && <button type="submit" className="btn btn-primary" disabled={saving || payload.plan_gated}>{saving ? "Saving…" : "Save"}</button>}
      </fieldset>
    </form>
  );
}

function RunDetail({ runId, onClose }: { runId: string; onClose: () => void }) {
  const run = useAsync(() => api.getSentinelRun(runId), [runId]);
  return (
    <Modal title="Sentinel run" onClose={onClose} wide>
      {run.error ? <p className="error-text">{run.error.message}</p> : !run.data ? <LoadingSpinner /> : (
        <div className="page">
          <p><strong>{run.data.trigger_type}</strong> · {run.data.outcome}{run.data.severity ? ` · ${run.data.severity}` : ""} · {formatDateTime(run.data.triggered_at)}</p>
          {run.data.incident_id && <p><Link to={`/incidents/${run.data.incident_id}`}>Incident #{run.data.incident_id}</Link></p>}
          {run.data.manual_prompt && <p className="muted">Prompt: {run.data.manual_prompt}</p>}
          {run.data.summary && <p>{run.data.summary}</p>}
          <h3>Tool trace ({run.data.tool_trace?.length ?? 0})</h3>
          <ol className="activity-feed">
            {(run.data.tool_trace ?? []).map((step, i) => (
              <li key={i} style={{ flexDirection: "column" }}>
                <code>{shown(step.tool)}({JSON.stringify(step.args)})</code>
                <span className="muted small">{shown(step.result)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Modal>
  );
}

function RunNow({ cameras, onStarted }: { cameras: Camera[] | undefined; onStarted: () => void }) {
  const toast = useToasts();
  const [prompt, setPrompt] = useState("");
  const [cameraId, setCameraId] = useState("");
  const [busy, setBusy] = useState(false);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.runSentinelNow({ prompt, cameraId });
      toast.success("Run queued. The agent picks it up within seconds.");
      setPrompt("");
      onStarted();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={run} aria-labelledby="run-now">
      <h2 id="run-now">Run now</h2>
      <label className="field"><span>What should Sentinel look at? (optional)</span><textarea maxLength={2000} value={prompt} onChange={(e) => setPrompt(e.target.value)} /></label>
      <div className="row">
        <label className="inline-field"><span>Camera</span>
          <select value={cameraId} onChange={(e) => setCameraId(e.target.value)}><option value="">Any</option>{(cameras ?? []).map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name}</option>)}</select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? "Queuing…" : "Run now"}</button>
      </div>
    </form>
  );
}

export default function SentinelPage() {
  const { isAdmin } = useOutletContext<OutletContext>();
  const config = useAsync(api.getSentinelConfig, []);
  const runs = useAsync(() => api.listSentinelRuns({ limit: 50 }), [], { intervalMs: 10000 });
  const cameras = useAsync(api.listCameras, []);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const stats = runs.data?.stats;

  return (
    <div className="page">
      <div className="page-header"><h1>Sentinel AI</h1></div>
      <p className="muted">An agent that looks through your cameras when motion fires or an incident opens, and files a report with evidence.</p>
      {config.error && <p className="error-text" role="alert">{config.error.message}</p>}
      {config.data?.plan_gated && (
        <div className="banner banner-warn" role="status">
          Sentinel AI is part of the Pro plan (you're on {config.data.plan_current}). <Link to="/pricing">Upgrade</Link> to turn it on.
        </div>
      )}
      {stats && (
        <section className="stat-grid" aria-label="Run statistics">
          <div className="stat panel"><span className="stat-value">{stats.runs_today}</span><span className="stat-label">Runs today</span></div>
          <div className="stat panel"><span className="stat-value">{stats.incidents_filed}</span><span className="stat-label">Incidents filed</span></div>
          <div className="stat panel"><span className="stat-value">{stats.pending}</span><span className="stat-label">In progress</span></div>
          <div className="stat panel"><span className="stat-value">{stats.runs_total}</span><span className="stat-label">All time</span></div>
          <div className="stat panel stat-wide"><UsageGauge label="Runs this month" used={stats.runs_this_month} limit={stats.monthly_cap} /></div>
        </section>
      )}
      {!config.data ? (!config.error && <LoadingSpinner />) : <ConfigForm payload={config.data} cameras={cameras.data} isAdmin={isAdmin} onSaved={(c) => config.setData((p) => p && { ...p, config: c })} />}
      {isAdmin && !config.data?.plan_gated && <RunNow cameras={cameras.data} onStarted={runs.reload} />}
      <section className="panel" aria-labelledby="run-history">
        <h2 id="run-history">Run history</h2>
        {runs.data === undefined ? (runs.error ? <p className="error-text">{runs.error.message}</p> : <LoadingSpinner />) : runs.data.runs.length === 0 ? <EmptyState title="No runs yet" /> : (
          <div className="table-wrap">
            <table>
              <thead><tr><th>When</th><th>Trigger</th><th>Camera</th><th>Outcome</th><th>Tools</th><th>Summary</th></tr></thead>
              <tbody>
                {runs.data.runs.map((r) => (
                  <tr key={r.id} className="clickable" onClick={() => setOpenRun(r.id)}>
                    <td><button type="button" className="link-button" onClick={() => setOpenRun(r.id)}>{formatRelative(r.triggered_at)}</button></td>
                    <td>{r.trigger_type}</td>
                    <td>{r.camera_id || "—"}</td>
                    <td>{r.outcome}{r.severity ? <span className={`pill sev-${r.severity}`} style={{ marginLeft: 6 }}>{r.severity}</span> : null}</td>
                    <td>{r.tool_call_count}</td>
                    <td className="truncate">{r.summary || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {openRun && <RunDetail runId={openRun} onClose={() => setOpenRun(null)} />}
    </div>
  );
}
