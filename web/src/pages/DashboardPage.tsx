import { useCallback, useEffect, useMemo, useState } from "react";
import { useOutletContext, useSearchParams } from "react-router";
import { Plus } from "lucide-react";
import { useAsync } from "../hooks/useAsync";
import { usePlanInfo } from "../hooks/usePlanInfo";
import { useToasts } from "../hooks/useToasts";
import { assignGroup, listCameras, listGroups, setRecording } from "../services/api";
import { loadOrgTimezone, takeSnapshot } from "../services/dashboardApi";
import CameraCard from "../components/CameraCard";
import type { Camera } from "../components/CameraCard";
import type { OutletContext } from "../components/Layout";
import HeartbeatBanner from "../components/HeartbeatBanner";
import AddNodeModal from "../components/AddNodeModal";
import ShareDialog from "../components/share/ShareDialog";
import EmptyState from "../components/EmptyState";
import { AdminWelcomeHero, MemberWelcomeHero } from "../components/WelcomeHero";
import CameraViewer from "../components/dashboard/CameraViewer";
import GroupFilter from "../components/dashboard/GroupFilter";
import OfflineNodesBanner from "../components/dashboard/OfflineNodesBanner";
import PlanBanners from "../components/dashboard/PlanBanners";
import StatusCards from "../components/dashboard/StatusCards";
import type { StatusCounts } from "../components/dashboard/StatusCards";
import { filterByGroup, parseGroupFilter, sortCameras } from "../components/dashboard/cameraOrder";
import type { GroupFilterValue } from "../components/dashboard/cameraOrder";
import { safeColor } from "../components/dashboard/groupColor";
import { planBanners } from "../components/dashboard/planBanners";
import { LIVE_STATUSES, offlineNodes } from "../components/dashboard/presence";
import { isRecordingNow, scheduleLabel } from "../components/dashboard/recording";
import { usePresenceToasts } from "../components/dashboard/usePresenceToasts";
import { compareNames } from "../util/format";
import "../styles/dashboard.css";

/** Re-evaluates schedule windows once a minute without refetching anything. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function countCameras(cameras: Camera[], recording: (c: Camera) => boolean): StatusCounts {
  const online = cameras.filter((c) => LIVE_STATUSES.has(c.status)).length;
  const recordingNow = cameras.filter(recording);
  return {
    total: cameras.length,
    online,
    offline: cameras.filter((c) => c.status === "offline").length,
    recording: recordingNow.length,
    scheduledNow: recordingNow.filter((c) => !c.recording_policy.continuous_24_7).length,
    recordingOffline: recordingNow.filter((c) => c.status === "offline").length,
    suspended: cameras.filter((c) => c.disabled_by_plan).length,
  };
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
  const timezone = useAsync(loadOrgTimezone, []);
  const plan = usePlanInfo();
  const now = useMinuteClock();
  const [adding, setAdding] = useState(false);
  const [busyCamera, setBusyCamera] = useState<string | null>(null);
  const [sharing, setSharing] = useState<Camera | null>(null);

  usePresenceToasts(cameras.data, cameras.reload);

  const all = useMemo(() => cameras.data ?? [], [cameras.data]);
  const groupList = useMemo(() => [...(groups.data ?? [])].sort((a, b) => compareNames(a.name, b.name)), [groups.data]);
  const asked = parseGroupFilter(params.get("group"));
  // A link to a group that was deleted since shows everything rather than an empty grid.
  const filter = typeof asked === "number" && groups.data && !groups.data.some((g) => g.id === asked) ? "all" : asked;
  const openId = params.get("camera");
  const openCamera = all.find((c) => c.camera_id === openId);
  const zone = timezone.data ?? "UTC";
  const recordingNow = useCallback((c: Camera) => isRecordingNow(c.recording_policy, now, zone), [now, zone]);

  const list = useMemo(() => sortCameras(filterByGroup(all, filter)), [all, filter]);
  const colors = useMemo(() => new Map(groupList.map((g) => [g.id, safeColor(g.color)])), [groupList]);
  const counts = useMemo(() => countCameras(all, recordingNow), [all, recordingNow]);
  const banners = useMemo(() => planBanners(plan.data, counts.suspended, { now, isAdmin }), [plan.data, counts.suspended, now, isAdmin]);
  const downNodes = useMemo(() => offlineNodes(all), [all]);
  const pillCounts = useMemo(() => {
    const byGroup = new Map<number, number>();
    for (const c of all) if (c.group_id != null) byGroup.set(c.group_id, (byGroup.get(c.group_id) ?? 0) + 1);
    return { all: all.length, none: all.filter((c) => c.group_id == null).length, byGroup };
  }, [all]);

  // Changes one query parameter and keeps the others (the group filter survives opening a camera).
  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      }),
    [setParams],
  );
  const setFilter = (value: GroupFilterValue) => setParam("group", value === "all" ? null : String(value));

  const patchCamera = (id: string, change: (c: Camera) => Camera) => cameras.setData((list) => list?.map((c) => (c.camera_id === id ? change(c) : c)));

  // Runs one camera action with its buttons disabled; a failure becomes a toast naming what failed.
  const withBusy = async (camera: Camera, failure: string, action: () => Promise<void>) => {
    setBusyCamera(camera.camera_id);
    try {
      await action();
    } catch (err) {
      toast.error(err, { title: failure });
    } finally {
      setBusyCamera(null);
    }
  };

  const toggleRecording = (camera: Camera, on: boolean) =>
    withBusy(camera, `Could not ${on ? "start" : "stop"} recording ${camera.name}`, async () => {
      await setRecording(camera.camera_id, on);
      patchCamera(camera.camera_id, (c) => ({ ...c, recording_policy: { ...c.recording_policy, continuous_24_7: on } }));
      // The toggle only touches continuous recording; a schedule set in Settings keeps running.
      const schedule = camera.recording_policy.scheduled_recording ? scheduleLabel(camera.recording_policy) : null;
      const after = schedule ? ` Its schedule (${schedule}) still applies.` : "";
      toast.success(on ? `${camera.name} now records continuously.` : `${camera.name} stopped continuous recording.${after}`);
    });

  const snapshot = (camera: Camera) =>
    withBusy(camera, `Snapshot of ${camera.name} failed`, async () => {
      const shot = await takeSnapshot(camera.camera_id);
      toast.success(shot.filename ? `Snapshot of ${camera.name} saved as ${shot.filename}.` : `Snapshot of ${camera.name} captured.`);
    });

  const moveToGroup = (camera: Camera, groupId: number | null) =>
    withBusy(camera, `Could not change the group of ${camera.name}`, async () => {
      await assignGroup(camera.camera_id, groupId);
      const group = groupList.find((g) => g.id === groupId);
      patchCamera(camera.camera_id, (c) => ({ ...c, group_id: groupId, group: group?.name ?? null }));
      toast.success(group ? `${camera.name} moved to ${group.name}.` : `${camera.name} removed from its group.`);
      groups.reload();
    });

  const initialLoading = cameras.data === undefined && cameras.loading;
  const hasNode = (plan.data?.usage.nodes ?? 0) > 0;

  return (
    <div className="page dashboard">
      <div className="page-header">
        <h1>Dashboard</h1>
        {isAdmin && (
          <div className="page-actions">
            <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
              <Plus size={16} aria-hidden="true" /> Add node
            </button>
          </div>
        )}
      </div>
      {isAdmin && <HeartbeatBanner onConnected={() => { cameras.reload(); plan.reload(); }} />}
      <PlanBanners banners={banners} />
      <OfflineNodesBanner nodes={downNodes} isAdmin={isAdmin} />
      <StatusCards counts={counts} plan={plan.data} />
      {cameras.error && (
        <p className="error-text" role="alert">
          {cameras.data ? `Could not refresh the cameras: ${cameras.error.message}` : cameras.error.message}
        </p>
      )}
      {initialLoading ? (
        <SkeletonGrid />
      ) : all.length === 0 ? (
        cameras.error ? null : isAdmin ? <AdminWelcomeHero hasNode={hasNode} onAddNode={() => setAdding(true)} /> : <MemberWelcomeHero />
      ) : (
        <section aria-labelledby="dashboard-cameras" className="dash-cameras">
          {/* Keeps the heading outline h1 > h2 > h3 (card names) for screen-reader navigation. */}
          <h2 id="dashboard-cameras" className="visually-hidden">Cameras</h2>
          {groupList.length > 0 && <GroupFilter groups={groupList} value={filter} onChange={setFilter} counts={pillCounts} />}
          {list.length === 0 ? (
            <EmptyState title="No cameras in this group">Pick another group{isAdmin ? " or assign cameras to this one from a camera's view" : ""}.</EmptyState>
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
                  groupColor={camera.group_id != null ? (colors.get(camera.group_id) ?? null) : null}
                  recordingNow={recordingNow(camera)}
                  onOpen={(c) => setParam("camera", c.camera_id)}
                  onToggleRecording={toggleRecording}
                  onSnapshot={snapshot}
                  onShare={setSharing}
                />
              ))}
            </div>
          )}
        </section>
      )}
      {openCamera && (
        <CameraViewer
          camera={openCamera}
          isAdmin={isAdmin}
          recordingNow={recordingNow(openCamera)}
          groups={groupList}
          busy={busyCamera === openCamera.camera_id}
          onToggleRecording={toggleRecording}
          onAssignGroup={moveToGroup}
          onShare={setSharing}
          onClose={() => setParam("camera", null)}
        />
      )}
      {sharing && <ShareDialog camera={sharing} cameras={all} groups={groupList} onClose={() => setSharing(null)} />}
      {adding && <AddNodeModal onClose={() => setAdding(false)} onCreated={() => plan.reload()} />}
    </div>
  );
}
