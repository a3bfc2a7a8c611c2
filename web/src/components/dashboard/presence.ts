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

/** One presence change waiting to be told: a camera, or a whole node (admins only get those). */
export type PresenceNews =
  | { what: "camera"; id: string; name: string; nodeId: string | null; nodeName: string | null; presence: Presence }
  | { what: "node"; id: string; name: string; presence: Presence };

export interface PresenceMessage {
  presence: Presence;
  title: string;
  text: string;
}

const listNames = (names: string[]) => (names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`);

/**
 * Folds a burst of changes into few toasts: a node going down takes its cameras with it,
 * and that is one message ("Node Barn went offline, with its 4 cameras"), not five.
 */
export function presenceMessages(news: readonly PresenceNews[]): PresenceMessage[] {
  const messages: PresenceMessage[] = [];
  const verb = (p: Presence, many: boolean) => (p === "offline" ? "went offline" : many ? "are back online" : "is back online");
  const cameras = news.filter((n): n is Extract<PresenceNews, { what: "camera" }> => n.what === "camera");
  const told = new Set<string>();
  for (const node of news) {
    if (node.what !== "node") continue;
    const own = cameras.filter((c) => c.nodeId === node.id && c.presence === node.presence);
    own.forEach((c) => told.add(c.id));
    const with_ = own.length ? `, with ${own.length === 1 ? `its camera ${own[0]?.name}` : `its ${own.length} cameras`}` : "";
    messages.push({
      presence: node.presence,
      title: `Node ${node.presence}`,
      text: `Node ${node.name} ${node.presence === "offline" ? "went offline" : "is back online"}${with_}.`,
    });
  }
  const groups = new Map<string, typeof cameras>();
  for (const camera of cameras) {
    if (told.has(camera.id)) continue;
    const key = `${camera.presence}|${camera.nodeId ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), camera]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const where = first.nodeName ? ` on ${first.nodeName}` : "";
    const text =
      group.length === 1
        ? `${first.name}${where} ${verb(first.presence, false)}.`
        : `${group.length} cameras${where} ${verb(first.presence, true)}: ${listNames(group.map((c) => c.name))}.`;
    messages.push({ presence: first.presence, title: `Camera${group.length === 1 ? "" : "s"} ${first.presence}`, text });
  }
  return messages;
}
