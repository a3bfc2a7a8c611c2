import { useEffect, useRef } from "react";
import type { Schemas } from "../../services/api";
import { useToasts } from "../../hooks/useToasts";
import { useNotificationEvents } from "../../hooks/useNotifications";
import type { NotificationFrame } from "../../services/sse";
import { cameraLabel, diffPresence, nodeNameFromTitle } from "./presence";
import type { Presence } from "./presence";

type Camera = Schemas["CameraItem"];

const CAMERA_KINDS: Record<string, Presence> = { camera_offline: "offline", camera_online: "online" };
const NODE_KINDS: Record<string, Presence> = { node_offline: "offline", node_online: "online" };

/**
 * "Went offline" / "back online" toasts, naming camera and node. Two sources feed one
 * record of what was last announced, so each change is told once: the live notification
 * stream (fast) and the difference between two camera polls (when the stream is down, or
 * the org muted transition notifications). `onChange` lets the page refresh its list.
 */
export function usePresenceToasts(cameras: Camera[] | undefined, onChange: () => void): void {
  const toast = useToasts();
  const announced = useRef<Map<string, Presence> | null>(null);
  const nodes = useRef(new Map<string, Presence>());
  const latest = useRef<Camera[]>([]);
  const changed = useRef(onChange);
  changed.current = onChange;

  const tell = (label: string, presence: Presence, what: "Camera" | "Node") => {
    if (presence === "offline") toast.warning(`${label} went offline.`, { title: `${what} offline` });
    else toast.success(`${label} is back online.`, { title: `${what} online` });
  };

  useEffect(() => {
    if (!cameras) return;
    latest.current = cameras;
    // The first list only sets the baseline: cameras that were already down are not news.
    const { next, changes } = diffPresence(announced.current ?? new Map(), cameras);
    if (announced.current) for (const { camera, presence } of changes) tell(cameraLabel(camera), presence, "Camera");
    announced.current = next;
  }, [cameras]);

  useNotificationEvents((event: NotificationFrame) => {
    const cameraPresence = CAMERA_KINDS[event.kind];
    if (cameraPresence && event.camera_id) {
      const camera = latest.current.find((c) => c.camera_id === event.camera_id);
      const known = announced.current ?? new Map<string, Presence>();
      if (known.get(event.camera_id) !== cameraPresence) {
        tell(camera ? cameraLabel(camera) : event.title.replace(/ (went offline|is online)$/, ""), cameraPresence, "Camera");
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
        tell(`Node ${fromCameras || nodeNameFromTitle(event.title) || event.node_id}`, nodePresence, "Node");
        nodes.current.set(event.node_id, nodePresence);
      }
      changed.current();
      return true;
    }
    return false;
  });
}
