import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { Save } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

type Config = Schemas["SentinelConfigBody"];
type Camera = Schemas["CameraItem"];
/** The form's copy of the config: the cooldown input holds text until saved. */
type Draft = Omit<Config, "motion_cooldown_min"> & { motion_cooldown_min: number | string };

export interface ConfigFormProps {
  payload: Omit<Schemas["SentinelConfigView"], "agent">;
  cameras: Camera[] | undefined;
  isAdmin: boolean;
  onSaved: (config: Config) => void;
}

/** Triggers, schedule and camera scope; read-only for members and on plans without Sentinel. */
export default function ConfigForm({ payload, cameras, isAdmin, onSaved }: ConfigFormProps) {
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
      {!isAdmin && <p className="muted small">Only an admin can change these settings.</p>}
      <fieldset disabled={locked} className="sen-fieldset">
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
        {isAdmin && <button type="submit" className="btn btn-primary" disabled={saving || payload.plan_gated}><Save size={16} aria-hidden="true" />{saving ? "Saving…" : "Save"}</button>}
      </fieldset>
    </form>
  );
}

