import { useCallback, useMemo, useRef, useState } from "react";
import { useOutletContext, useSearchParams } from "react-router";
import { useAsync } from "../hooks/useAsync";
import { usePlanInfo, PLAN_NAMES } from "../hooks/usePlanInfo";
import { useToasts } from "../hooks/useToasts";
import { listCameras, listGroups, requestSnapshot, setRecording, streamUrl } from "../services/api";
import type { Schemas } from "../services/api";
import CameraCard, { LIVE_STATUSES, statusTone } from "../components/CameraCard";
import type { Camera } from "../components/CameraCard";
import type { OutletContext } from "../components/Layout";
import HlsPlayer from "../components/HlsPlayer";
import HeartbeatBanner from "../components/HeartbeatBanner";
import AddNodeModal from "../components/AddNodeModal";
import Modal from "../components/Modal";
import UsageGauge from "../components/UsageGauge";
import EmptyState from "../components/EmptyState";
import { AdminWelcomeHero, MemberWelcomeHero } from "../components/WelcomeHero";
import { compareNames, formatRelative } from "../util/format";

/** A node's snapshot answer, passed through verbatim: `{status, data: {filename, image_b64}}` or `{error}`. */
type SnapshotAnswer = Awaited<ReturnType<typeof requestSnapshot>>;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function StatusCards({ cameras, plan }: { cameras: Camera[]; plan: Schemas["PlanOverviewBody"] | undefined }) {
  const online = cameras.filter((c) => LIVE_STATUSES.has(c.status)).length;
  const recording = cameras.filter((c) => c.recording_policy?.continuous_24_7).length;
  const suspended = cameras.filter((c) => c.disabled_by_plan).length;
  const usage = plan?.usage;
  return (
    <section className="stat-grid" aria-label="Overview">
      <div className="stat panel"><span className="stat-value">{cameras.length}</span><span className="stat-label">Cameras</span></div>
      <div className="stat panel"><span className="stat-value tone-ok-text" data-testid="online-count">{online}</span><span className="stat-label">Online</span></div>
      <div className="stat panel"><span className="stat-value">{cameras.length - online}</span><span className="stat-label">Offline</span></div>
      <div className="stat panel"><span className="stat-value">{recording}</span><span className="stat-label">Recording{suspended ? ` · ${suspended} suspended` : ""}</span></div>
      <div className="stat panel stat-wide">
        <UsageGauge
          label={`Viewer hours this month${plan ? ` · ${PLAN_NAMES[plan.plan] || plan.plan_name || plan.plan}` : ""}`}
          used={usage?.viewer_hours_used ?? 0}
          limit={usage?.viewer_hours_limit ?? 0}
          format={(v) => Number(v).toFixed(v < 10 ? 2 : 0)}
          unit="h"
        />
      </div>
    </section>
  );
}

function SnapshotView({ snapshot }: { snapshot: SnapshotAnswer }) {
  const data = record(snapshot.data) ?? snapshot;
  const image = text(data.image_b64);
  const filename = text(data.filename);
  if (image) {
    return <img className="snapshot-img" alt={`Snapshot ${filename}`} src={`data:image/jpeg;base64,${image}`} />;
  }
  if (snapshot.status === "error" || snapshot.error) return <p className="error-text">{String(snapshot.error || "Snapshot failed")}</p>;
  return <p className="muted">Snapshot saved on the node{filename ? ` as ${filename}` : ""}.</p>;
}

interface CameraViewerProps {
  camera: Camera;
  isAdmin: boolean;
  onClose: () => void;
  onToggleRecording: (camera: Camera, on: boolean) => void;
  busy: boolean;
}

function CameraViewer({ camera, isAdmin, onClose, onToggleRecording, busy }: CameraViewerProps) {
  const toast = useToasts();
  const frame = useRef<HTMLDivElement>(null);
  const [snapshot, setSnapshot] = useState<SnapshotAnswer | null>(null);
  const [snapBusy, setSnapBusy] = useState(false);
  const recording = camera.recording_policy?.continuous_24_7;

  const takeSnapshot = async () => {
    setSnapBusy(true);
    try {
      setSnapshot(await requestSnapshot(camera.camera_id));
    } catch (err) {
      toast.error(err);
    } finally {
      setSnapBusy(false);
    }
  };

  return (
    <Modal title={camera.name} onClose={onClose} wide>
      <div ref={frame} className="viewer-frame">
        <HlsPlayer src={streamUrl(camera.camera_id)} controls muted title={`${camera.name} live`} />
      </div>
      <div className="viewer-bar">
        <span className={`status-dot tone-${statusTone(camera.status)}`} aria-hidden="true" />
        <span>{camera.status}</span>
        <span className="muted small">{camera.node_name ? `on ${camera.node_name}` : ""} · last seen {formatRelative(camera.last_seen)}</span>
        <div className="spacer" />
        <button type="button" className="btn btn-small" onClick={() => frame.current?.requestFullscreen?.()}>Full screen</button>
        <button type="button" className="btn btn-small" disabled={snapBusy} onClick={takeSnapshot}>{snapBusy ? "Capturing…" : "Snapshot"}</button>
        {isAdmin && (
          <button type="button" className={`btn btn-small ${recording ? "btn-danger" : "btn-primary"}`} disabled={busy} onClick={() => onToggleRecording(camera, !recording)}>
            {recording ? "Stop recording" : "Start recording"}
          </button>
        )}
      </div>
      {snapshot && <SnapshotView snapshot={snapshot} />}
    </Modal>
  );
}

function SkeletonGrid() {
  return (
    <div className="camera-grid" aria-hidden="true">
      {[0, 1, 2].map((i) => <div key={i} className="camera-card skeleton" />)}
    </div>
  );
}

export default function DashboardPage() {
  const { isAdmin } = useOutletContext<OutletContext>();
  const toast = useToasts();
  const [params, setParams] = useSearchParams();
  const cameras = useAsync(listCameras, [], { intervalMs: 10000 });
  const groups = useAsync(listGroups, []);
  const plan = usePlanInfo();
  const [groupFilter, setGroupFilter] = useState("all");
  const [adding, setAdding] = useState(false);
  const [busyCamera, setBusyCamera] = useState<string | null>(null);

  const list = useMemo(() => {
    const all = cameras.data ?? [];
    const filtered = groupFilter === "all" ? all : all.filter((c) => String(c.group_id ?? "none") === groupFilter);
    return [...filtered].sort((a, b) => compareNames(a.name, b.name));
  }, [cameras.data, groupFilter]);

  const openId = params.get("camera");
  const openCamera = (cameras.data ?? []).find((c) => c.camera_id === openId);

  const toggleRecording = useCallback(
    async (camera: Camera, on: boolean) => {
      setBusyCamera(camera.camera_id);
      try {
        await setRecording(camera.camera_id, on);
        cameras.setData((all) => all?.map((c) => (c.camera_id === camera.camera_id ? { ...c, recording_policy: { ...c.recording_policy, continuous_24_7: on } } : c)));
        toast.success(on ? `Recording ${camera.name}` : `Stopped recording ${camera.name}`);
      } catch (err) {
        toast.error(err);
      } finally {
        setBusyCamera(null);
      }
    },
    [cameras, toast],
  );

  const snapshot = useCallback(
    async (camera: Camera) => {
      setBusyCamera(camera.camera_id);
      try {
        const filename = text(record((await requestSnapshot(camera.camera_id)).data)?.filename);
        toast.success(filename ? `Snapshot saved as ${filename}` : "Snapshot captured.");
      } catch (err) {
        toast.error(err);
      } finally {
        setBusyCamera(null);
      }
    },
    [toast],
  );

  const initialLoading = cameras.data === undefined && cameras.loading;
  const hasCameras = (cameras.data ?? []).length > 0;
  const hasNode = (plan.data?.usage?.nodes ?? 0) > 0;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Dashboard</h1>
        <div className="page-actions">
          {(groups.data ?? []).length > 0 && (
            <label className="inline-field">
              <span>Group</span>
              <select value={groupFilter} onChange={(e) => setGroupFilter(e.target.value)}>
                <option value="all">All cameras</option>
                {(groups.data ?? []).map((g) => <option key={g.id} value={String(g.id)}>{g.icon} {g.name} ({g.camera_count})</option>)}
                <option value="none">Ungrouped</option>
              </select>
            </label>
          )}
          {isAdmin && <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>Add node</button>}
        </div>
      </div>
      {isAdmin && <HeartbeatBanner onConnected={() => { cameras.reload(); plan.reload(); }} />}
      {plan.data?.payment_past_due && (
        <div className="banner banner-warn" role="alert">
          Your payment is past due{plan.data.grace_days_remaining != null ? `; ${plan.data.grace_days_remaining} day(s) of grace left` : ""}. Update billing to keep every camera streaming.
        </div>
      )}
      <StatusCards cameras={cameras.data ?? []} plan={plan.data} />
      {cameras.error && !cameras.data && <p className="error-text" role="alert">{cameras.error.message}</p>}
      {initialLoading ? (
        <SkeletonGrid />
      ) : !hasCameras ? (
        isAdmin ? <AdminWelcomeHero hasNode={hasNode} onAddNode={() => setAdding(true)} /> : <MemberWelcomeHero />
      ) : list.length === 0 ? (
        <EmptyState title="No cameras in this group">Pick another group or assign cameras in Settings.</EmptyState>
      ) : (
        <div className="camera-grid">
          {list.map((camera) => (
            <CameraCard
              key={camera.camera_id}
              camera={camera}
              isAdmin={isAdmin}
              busy={busyCamera === camera.camera_id}
              highlight={camera.camera_id === openId}
              thumbnail={camera.camera_id !== openId}
              onOpen={(c) => setParams({ camera: c.camera_id })}
              onToggleRecording={toggleRecording}
              onSnapshot={snapshot}
            />
          ))}
        </div>
      )}
      {openCamera && (
        <CameraViewer
          camera={openCamera}
          isAdmin={isAdmin}
          busy={busyCamera === openCamera.camera_id}
          onToggleRecording={toggleRecording}
          onClose={() => setParams({})}
        />
      )}
      {adding && <AddNodeModal onClose={() => setAdding(false)} onCreated={() => plan.reload()} />}
    </div>
  );
}
