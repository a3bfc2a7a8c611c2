import { useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { useOutletContext } from "react-router";
import { useAsync } from "../hooks/useAsync";
import type { AsyncResult } from "../hooks/useAsync";
import { usePlanInfo, PLAN_NAMES } from "../hooks/usePlanInfo";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import type { OutletContext } from "../components/Layout";
import AddNodeModal from "../components/AddNodeModal";
import KeyRotationModal from "../components/KeyRotationModal";
import Modal from "../components/Modal";
import UsageGauge from "../components/UsageGauge";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import { statusTone } from "../components/CameraCard";
import { formatBytes, formatRelative } from "../util/format";

const TIMEZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

type InboxToggle = keyof Schemas["InboxToggles"];
type EmailToggle = keyof Schemas["EmailPreferencesRequest"] | "email_welcome";
type Groups = AsyncResult<Schemas["GroupItem"][]>;

const INBOX_TOGGLES: [InboxToggle, string][] = [
  ["motion_notifications", "Motion events"],
  ["camera_transition_notifications", "Cameras going offline / online"],
  ["node_transition_notifications", "Nodes going offline / online"],
];

const EMAIL_TOGGLES: [EmailToggle, string][] = [
  ["email_camera_offline", "Camera offline / online"],
  ["email_node_offline", "Node offline / online"],
  ["email_incident_created", "New incidents"],
  ["email_mcp_key_audit", "MCP key created / revoked"],
  ["email_cameranode_disk_low", "CameraNode disk low"],
  ["email_member_audit", "Member changes"],
  ["email_motion", "Motion (with cooldown and digest)"],
  ["email_welcome", "Welcome e-mail"],
];

function Section({ id, title, children, className = "", actions }: { id: string; title: string; children: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section id={id} className={`panel ${className}`} aria-labelledby={`${id}-title`}>
      <div className="row-between">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

function Storage({ storage }: { storage: Schemas["NodeStorageBody"] | null | undefined }) {
  if (!storage) return <span className="muted small">No storage report yet</span>;
  const diskUsed = (storage.disk_total_bytes ?? 0) - (storage.disk_free_bytes ?? 0);
  return (
    <div className="storage">
      {storage.max_bytes ? (
        <UsageGauge label="Recordings" used={storage.used_bytes} limit={storage.max_bytes} format={formatBytes} />
      ) : null}
      {storage.disk_total_bytes ? <UsageGauge label="Host disk" used={diskUsed} limit={storage.disk_total_bytes} format={formatBytes} /> : null}
    </div>
  );
}

type NodeRow = Schemas["NodeListItem"];

function NodesSection({ onChanged }: { onChanged?: () => void }) {
  const toast = useToasts();
  const nodes = useAsync(api.listNodes, [], { intervalMs: 15000 });
  const [adding, setAdding] = useState(false);
  const [rotating, setRotating] = useState<NodeRow | null>(null);
  const [deleting, setDeleting] = useState<NodeRow | null>(null);

  const remove = async () => {
    if (!deleting) return;
    try {
      const res = await api.deleteNode(deleting.node_id);
      toast.success(`Deleted node ${deleting.name}${res.node_wiped ? " (node wiped)" : ""}.`);
      setDeleting(null);
      nodes.reload();
      onChanged?.();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <Section id="settings-nodes" title="CloudNodes" actions={<button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>Add node</button>}>
      {nodes.data === undefined ? (
        nodes.error ? <p className="error-text">{nodes.error.message}</p> : <LoadingSpinner />
      ) : nodes.data.length === 0 ? (
        <EmptyState title="No nodes yet">Add a node to get a one-time key and the install command.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>Node</th><th>Status</th><th>Cameras</th><th>Version</th><th>Storage</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {nodes.data.map((n) => (
                <tr key={n.node_id}>
                  <td><strong>{n.name}</strong><div className="muted small">{n.node_id}{n.hostname ? ` · ${n.hostname}` : ""}</div>
                    {n.last_register_error && <div className="error-text small">{n.last_register_error}</div>}</td>
                  <td><span className={`status-dot tone-${statusTone(n.status)}`} aria-hidden="true" /> {n.status}<div className="muted small">seen {formatRelative(n.last_seen)}</div></td>
                  <td>{n.camera_count}</td>
                  <td>{n.node_version || "—"}{n.update_available && <div className="small warning-text">Update: {n.update_available}</div>}</td>
                  <td style={{ minWidth: 180 }}><Storage storage={n.storage} /></td>
                  <td>
                    <div className="row">
                      <button type="button" className="btn btn-small" onClick={() => setRotating(n)}>Rotate key</button>
                      <button type="button" className="btn btn-small btn-danger" onClick={() => setDeleting(n)}>Delete</button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && <AddNodeModal onClose={() => { setAdding(false); nodes.reload(); }} onCreated={() => { nodes.reload(); onChanged?.(); }} />}
      {rotating && <KeyRotationModal node={rotating} onClose={() => { setRotating(null); nodes.reload(); }} />}
      {deleting && (
        <Modal title={`Delete ${deleting.name}?`} onClose={() => setDeleting(null)} footer={<><button type="button" className="btn btn-ghost" onClick={() => setDeleting(null)}>Cancel</button><button type="button" className="btn btn-danger" onClick={remove}>Delete node</button></>}>
          <p>The node, its {deleting.camera_count} camera(s) and their live caches are removed. A connected node is asked to wipe its local data.</p>
        </Modal>
      )}
    </Section>
  );
}

function GroupsSection({ groups }: { groups: Groups }) {
  const toast = useToasts();
  const [name, setName] = useState("");
  const [color, setColor] = useState("#22c55e");
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.createGroup({ name: name.trim(), color });
      setName("");
      groups.reload();
    } catch (err) {
      toast.error(err);
    }
  };
  return (
    <Section id="settings-groups" title="Camera groups">
      <form className="row" onSubmit={create}>
        <label className="visually-hidden" htmlFor="group-name">Group name</label>
        <input id="group-name" value={name} maxLength={100} placeholder="New group name" onChange={(e) => setName(e.target.value)} required />
        <label className="visually-hidden" htmlFor="group-color">Colour</label>
        <input id="group-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        <button type="submit" className="btn" disabled={!name.trim()}>Create</button>
      </form>
      <ul className="inbox-list">
        {(groups.data ?? []).map((g) => (
          <li key={g.id} className="row-between" style={{ padding: "0.4rem 0" }}>
            <span><span className="status-dot" style={{ display: "inline-block", background: g.color }} aria-hidden="true" /> {g.icon} {g.name} <span className="muted small">({g.camera_count})</span></span>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => api.deleteGroup(g.id).then(groups.reload, (e) => toast.error(e))}>Delete</button>
          </li>
        ))}
      </ul>
    </Section>
  );
}

type DraftMode = "off" | "continuous" | "scheduled";

function CameraPolicyRow({ camera, groups, onSaved }: { camera: Schemas["CameraItem"]; groups: Schemas["GroupItem"][] | undefined; onSaved: () => void }) {
  const toast = useToasts();
  const policy = camera.recording_policy || {};
  const mode: DraftMode = policy.continuous_24_7 ? "continuous" : policy.scheduled_recording ? "scheduled" : "off";
  const [draft, setDraft] = useState<{ mode: DraftMode; start: string; end: string }>({ mode, start: policy.scheduled_start || "22:00", end: policy.scheduled_end || "06:00" });
  const [saving, setSaving] = useState(false);
  const dirty = draft.mode !== mode || (draft.mode === "scheduled" && (draft.start !== policy.scheduled_start || draft.end !== policy.scheduled_end));

  const save = async () => {
    setSaving(true);
    try {
      await api.updateRecordingSettings(camera.camera_id, {
        continuous_24_7: draft.mode === "continuous",
        scheduled_recording: draft.mode === "scheduled",
        ...(draft.mode === "scheduled" ? { scheduled_start: draft.start, scheduled_end: draft.end } : {}),
      });
      toast.success(`Recording policy saved for ${camera.name}.`);
      onSaved();
    } catch (err) {
      toast.error(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <tr>
      <td><strong>{camera.name}</strong><div className="muted small">{camera.camera_id}</div></td>
      <td>
        <select aria-label={`Group of ${camera.name}`} value={camera.group_id ?? ""} onChange={(e) => api.assignGroup(camera.camera_id, Number(e.target.value) || 0).then(onSaved, (err) => toast.error(err))}>
          <option value="">None</option>
          {(groups ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
        </select>
      </td>
      <td>
        <div className="row">
          <select aria-label={`Recording mode of ${camera.name}`} value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: e.target.value as DraftMode })}>
            <option value="off">Off</option>
            <option value="continuous">Continuous 24/7</option>
            <option value="scheduled">Scheduled</option>
          </select>
          {draft.mode === "scheduled" && (
            <>
              <input type="time" aria-label="Start" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
              <span className="muted">to</span>
              <input type="time" aria-label="End" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} />
            </>
          )}
          <button type="button" className="btn btn-small" disabled={!dirty || saving} onClick={save}>{saving ? "Saving…" : "Save"}</button>
        </div>
      </td>
    </tr>
  );
}

function CamerasSection({ groups }: { groups: Groups }) {
  const cameras = useAsync(api.listCameras, []);
  return (
    <Section id="settings-recording" title="Cameras and recording">
      <p className="muted small">Recording happens on the CloudNode; scheduled windows use the organisation's timezone and may wrap midnight.</p>
      {cameras.data === undefined ? <LoadingSpinner /> : cameras.data.length === 0 ? <p className="muted">No cameras yet.</p> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>Camera</th><th>Group</th><th>Recording</th></tr></thead>
            <tbody>
              {cameras.data.map((c) => <CameraPolicyRow key={`${c.camera_id}-${JSON.stringify(c.recording_policy)}`} camera={c} groups={groups.data} onSaved={() => { cameras.reload(); groups.reload(); }} />)}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function TimezoneSection({ settings, isAdmin }: { settings: AsyncResult<Schemas["OrgSettings"]>; isAdmin: boolean }) {
  const toast = useToasts();
  const [value, setValue] = useState<string | null>(null);
  const current = value ?? settings.data?.timezone ?? "UTC";
  const save = async () => {
    try {
      const res = await api.setTimezone(current);
      toast.success(`Timezone set to ${res.timezone}.`);
      settings.reload();
      setValue(null);
    } catch (err) {
      toast.error(err);
    }
  };
  return (
    <Section id="settings-timezone" title="Timezone">
      <div className="row">
        <label className="visually-hidden" htmlFor="tz">Timezone</label>
        <input id="tz" list="tz-list" value={current} disabled={!isAdmin} onChange={(e) => setValue(e.target.value)} />
        <datalist id="tz-list">{TIMEZONES.map((tz) => <option key={tz} value={tz} />)}</datalist>
        {isAdmin && <button type="button" className="btn" disabled={value === null} onClick={save}>Save</button>}
      </div>
    </Section>
  );
}

function NotificationsSection({ isAdmin }: { isAdmin: boolean }) {
  const toast = useToasts();
  const inbox = useAsync(api.getNotificationSettings, []);
  const email = useAsync(api.getEmailPreferences, []);
  const motion = useAsync(api.getMotionIngestion, []);

  const setInbox = async (key: InboxToggle, on: boolean) => {
    if (!inbox.data) return;
    const next = { ...inbox.data, [key]: on };
    try {
      // The server answers `{success}`; the toggles are what was sent.
      await api.updateNotificationSettings(next);
      inbox.setData(next);
    } catch (err) {
      toast.error(err);
    }
  };
  const setEmail = async (key: EmailToggle, on: boolean) => {
    try {
      const res = await api.updateEmailPreferences({ [key]: on });
      email.setData(res);
    } catch (err) {
      toast.error(err);
    }
  };
  const setMotion = async (on: boolean) => {
    try {
      motion.setData(await api.setMotionIngestion(on));
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <Section id="settings-notifications" title="Notifications">
      <div className="section-grid">
        <div>
          <h3>Inbox</h3>
          {inbox.data ? INBOX_TOGGLES.map(([key, label]) => (
            <label key={key} className="check"><input type="checkbox" checked={Boolean(inbox.data?.[key])} disabled={!isAdmin} onChange={(e) => setInbox(key, e.target.checked)} />{label}</label>
          )) : <LoadingSpinner inline />}
          <h3 style={{ marginTop: "1rem" }}>Motion ingestion</h3>
          {motion.data ? (
            <label className="check"><input type="checkbox" checked={Boolean(motion.data.motion_ingestion_enabled)} disabled={!isAdmin} onChange={(e) => setMotion(e.target.checked)} />Accept motion events from nodes</label>
          ) : <LoadingSpinner inline />}
        </div>
        <div>
          <h3>E-mail</h3>
          {email.data ? (
            <>
              {!email.data.email_globally_enabled && <p className="muted small">E-mail delivery is switched off on this server (EMAIL_ENABLED); preferences are kept for when it is on.</p>}
              {EMAIL_TOGGLES.map(([key, label]) => (
                <label key={key} className="check">
                  <input type="checkbox" checked={Boolean(email.data?.preferences?.[key])} disabled={!isAdmin || key === "email_welcome"} onChange={(e) => setEmail(key, e.target.checked)} />
                  {label}
                </label>
              ))}
            </>
          ) : email.error ? <p className="error-text">{email.error.message}</p> : <LoadingSpinner inline />}
        </div>
      </div>
    </Section>
  );
}

function PlanSection({ plan }: { plan: AsyncResult<Schemas["PlanOverviewBody"]> }) {
  const p = plan.data;
  return (
    <Section id="settings-plan" title="Plan and usage">
      {!p ? <LoadingSpinner /> : (
        <div className="section-grid">
          <div>
            <p><strong>{PLAN_NAMES[p.plan] || p.plan_name}</strong> plan{p.plan_cancel_pending ? " (cancels at period end)" : ""}</p>
            {p.payment_past_due && <p className="warning-text">Payment past due{p.grace_days_remaining != null ? ` — ${p.grace_days_remaining} day(s) of grace left` : ""}.</p>}
            <a className="btn btn-small" href="/pricing">Compare plans</a>
          </div>
          <div>
            <UsageGauge label="Nodes" used={p.usage?.nodes} limit={p.limits?.max_nodes} />
            <UsageGauge label="Cameras" used={p.usage?.cameras} limit={p.limits?.max_cameras} />
            <UsageGauge label="Viewer hours this month" used={p.usage?.viewer_hours_used} limit={p.usage?.viewer_hours_limit} unit="h" />
          </div>
        </div>
      )}
    </Section>
  );
}

function DangerZone() {
  const toast = useToasts();
  const [confirm, setConfirm] = useState<"wipe" | "reset" | null>(null);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      if (confirm === "wipe") {
        const res = await api.wipeLogs();
        toast.success(`Deleted ${res.deleted_logs} stream log(s) and ${res.deleted_mcp_logs} MCP log(s).`);
      } else {
        const res = await api.fullReset();
        toast.success(`Reset complete: ${res.nodes_deleted} node(s), ${res.cameras_deleted} camera(s) deleted.`);
      }
      setConfirm(null);
      setTyped("");
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  const exportData = async () => {
    try {
      await api.downloadResponse(await api.exportOrgData(), "gdpr-export.zip");
    } catch (err) {
      toast.error(err);
    }
  };

  const phrase = confirm === "reset" ? "DELETE EVERYTHING" : "WIPE LOGS";
  return (
    <Section id="settings-danger" title="Danger zone" className="danger-zone">
      <div className="row-between"><div><strong>Export all data</strong><p className="muted small">A ZIP of every table for this organisation (GDPR Art. 20).</p></div><button type="button" className="btn" onClick={exportData}>Export</button></div>
      <div className="row-between"><div><strong>Wipe logs</strong><p className="muted small">Deletes stream access and MCP activity logs (Pro and Pro Plus).</p></div><button type="button" className="btn btn-danger" onClick={() => setConfirm("wipe")}>Wipe logs</button></div>
      <div className="row-between"><div><strong>Full reset</strong><p className="muted small">Erases every node, camera, incident, log and setting of this organisation (GDPR Art. 17).</p></div><button type="button" className="btn btn-danger" onClick={() => setConfirm("reset")}>Full reset</button></div>
      {confirm && (
        <Modal
          title={confirm === "reset" ? "Erase all organisation data?" : "Wipe logs?"}
          onClose={() => { setConfirm(null); setTyped(""); }}
          footer={<><button type="button" className="btn btn-ghost" onClick={() => { setConfirm(null); setTyped(""); }}>Cancel</button><button type="button" className="btn btn-danger" disabled={typed !== phrase || busy} onClick={run}>{busy ? "Working…" : "Confirm"}</button></>}
        >
          <p>This cannot be undone. Type <code>{phrase}</code> to confirm.</p>
          <label className="field"><span>Confirmation</span><input data-autofocus value={typed} onChange={(e) => setTyped(e.target.value)} /></label>
        </Modal>
      )}
    </Section>
  );
}

export default function SettingsPage() {
  const { isAdmin } = useOutletContext<OutletContext>();
  const settings = useAsync(api.getSettings, []);
  const groups = useAsync(api.listGroups, []);
  const plan = usePlanInfo();
  return (
    <div className="page">
      <div className="page-header"><h1>Settings</h1></div>
      {!isAdmin && <p className="muted">You're a member: settings are read-only. Ask an admin to change them.</p>}
      {isAdmin && <NodesSection onChanged={plan.reload} />}
      <PlanSection plan={plan} />
      {isAdmin && <CamerasSection groups={groups} />}
      {isAdmin && <GroupsSection groups={groups} />}
      <TimezoneSection settings={settings} isAdmin={isAdmin} />
      <NotificationsSection isAdmin={isAdmin} />
      {isAdmin && <DangerZone />}
    </div>
  );
}
