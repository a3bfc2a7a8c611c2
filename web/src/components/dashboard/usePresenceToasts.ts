import { useEffect, useRef } from "react";
import type { Schemas } from "../../services/api";
import { useToasts } from "../../hooks/useToasts";
import { useNotificationEvents } from "../../hooks/useNotifications";
import type { NotificationFrame } from "../../services/sse";
import { diffPresence, nodeNameFromTitle, presenceMessages } from "./presence";
import type { Presence, PresenceNews } from "./presence";

type Camera = Schemas["CameraItem"];

const CAMERA_KINDS: Record<string, Presence> = { camera_offline: "offline", camera_online: "online" };
const NODE_KINDS: Record<string, Presence> = { node_offline: "offline", node_online: "online" };

function cameraNews(camera: Camera, presence: Presence): PresenceNews {
  return { what: "camera", id: camera.camera_id, name: camera.name || camera.camera_id, nodeId: camera.node_id ?? null, nodeName: camera.node_name ?? null, presence };
}

/**
 * "Went offline" / "back online" toasts, naming cameras and nodes. Two sources feed one
 * record of what was last announced, so each change is told once: the live notification
 * stream (fast) and the difference between two camera polls (when the stream is down, or
 * the org muted transition notifications). Changes are held for `batchMs` so a node that
 * goes down with its cameras makes one toast. `onChange` lets the page refresh its list.
 */
export function usePresenceToasts(cameras: Camera[] | undefined, onChange: () => void, { batchMs = 1500 }: { batchMs?: number } = {}): void {
  const toast = useToasts();
  const announced = useRef<Map<string, Presence> | null>(null);
  const nodes = useRef(new Map<string, Presence>());
  const latest = useRef<Camera[]>([]);
  const pending = useRef<PresenceNews[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const changed = useRef(onChange);
  changed.current = onChange;

  const flush = () => {
    timer.current = undefined;
    const news = pending.current;
    pending.current = [];
    for (const message of presenceMessages(news)) {
      if (message.presence === "offline") toast.warning(message.text, { title: message.title });
      else toast.success(message.text, { title: message.title });
    }
  };
  const tell = (news: PresenceNews) => {
    pending.current.push(news);
    timer.current ??= setTimeout(flush, batchMs);
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    if (!cameras) return;
    latest.current = cameras;
    // The first list only sets the baseline: cameras that were already down are not news.
    const { next, changes } = diffPresence(announced.current ?? new Map(), cameras);
    if (announced.current) for (const { camera, presence } of changes) tell(cameraNews(camera, presence));
    announced.current = next;
  }, [cameras]);

  useNotificationEvents((event: NotificationFrame) => {
    const cameraPresence = CAMERA_KINDS[event.kind];
    if (cameraPresence && event.camera_id) {
      const known = announced.current ?? new Map<string, Presence>();
      if (known.get(event.camera_id) !== cameraPresence) {
        const camera = latest.current.find((c) => c.camera_id === event.camera_id);
        const fallback: Camera = { camera_id: event.camera_id, name: event.title.replace(/ (went offline|is online)$/, ""), node_id: event.node_id, status: "", capabilities: [], disabled_by_plan: false, recording_policy: { continuous_24_7: false, scheduled_recording: false } };
        tell(cameraNews(camera ?? fallback, cameraPresence));
        known.set(event.camera_id, cameraPresence);
        announced.current = known;
      }
      changed.current();
      return true;
    }
    const nodePresence = NODE_KINDS[event.kind];
    if (nodePresence && event.node_id) {
      if (nodes.current.get(event.node_id) !== nodePresence) {
        const fromCameras = latest.current.find((c) => c.node_id === event.node_id && c.node_name)?.node_name;
        tell({ what: "node", id: event.node_id, name: fromCameras || nodeNameFromTitle(event.title) || event.node_id, presence: nodePresence });
        nodes.current.set(event.node_id, nodePresence);
      }
      changed.current();
      return true;
    }
    return false;
  });
}
