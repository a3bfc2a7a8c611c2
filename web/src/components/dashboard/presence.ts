import type { Schemas } from "../../services/api";

type Camera = Schemas["CameraItem"];

export type Presence = "online" | "offline";

/** Statuses that mean the camera is delivering video. */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(["online", "streaming"]);

/** Online, offline, or null for an in-between status (starting, restarting, failed…) that announces nothing. */
export function presenceOf(status: string): Presence | null {
  if (status === "offline") return "offline";
  return LIVE_STATUSES.has(status) ? "online" : null;
}

export interface PresenceChange {
  camera: Camera;
  presence: Presence;
}

/**
 * Compares the last announced presence of each camera with a fresh list. A camera seen
 * for the first time is recorded silently: only a change of a known camera is news.
 */
export function diffPresence(known: ReadonlyMap<string, Presence>, cameras: readonly Camera[]): { next: Map<string, Presence>; changes: PresenceChange[] } {
  const next = new Map(known);
  const changes: PresenceChange[] = [];
  for (const camera of cameras) {
    const presence = presenceOf(camera.status);
    if (!presence) continue;
    const before = known.get(camera.camera_id);
    if (before && before !== presence) changes.push({ camera, presence });
    next.set(camera.camera_id, presence);
  }
  return { next, changes };
}

/** "Front door on Office" — the camera by name, and its node by name when known. */
export function cameraLabel(camera: Pick<Camera, "name" | "camera_id" | "node_name">): string {
  const name = camera.name || camera.camera_id;
  return camera.node_name ? `${name} on ${camera.node_name}` : name;
}

export interface OfflineNode {
  nodeId: string;
  name: string;
  cameras: Camera[];
}

/**
 * Nodes whose every camera is offline: the node itself is most likely down, which is one
 * banner rather than a wall of grey cards. Named by node name, never by id when a name exists.
 */
export function offlineNodes(cameras: readonly Camera[]): OfflineNode[] {
  const byNode = new Map<string, Camera[]>();
  for (const camera of cameras) {
    if (!camera.node_id) continue;
    byNode.set(camera.node_id, [...(byNode.get(camera.node_id) ?? []), camera]);
  }
  const down: OfflineNode[] = [];
  for (const [nodeId, list] of byNode) {
    if (list.every((c) => c.status === "offline")) down.push({ nodeId, name: list.find((c) => c.node_name)?.node_name || nodeId, cameras: list });
  }
  return down.sort((a, b) => a.name.localeCompare(b.name));
}

/** The node name inside a `node_offline` / `node_online` title (`Node 'Office' went offline`). */
export function nodeNameFromTitle(title: string): string | null {
  const match = /^Node '(.+)' /.exec(title);
  return match?.[1] ?? null;
}
