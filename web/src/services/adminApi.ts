// Calls the Admin page needs, bundled from api.ts: viewer-hour usage, camera names, the
// tool catalogue and a week of motion timestamps.

import * as api from "./api";
import type { Schemas } from "./api";

export type ViewerUsage = Schemas["ViewerUsage"];

export const getViewerUsage = (days = 30): Promise<ViewerUsage> => api.getViewerUsage(days);

/** Every camera's display name by id (cameras the org no longer has keep their id). */
export async function getCameraNames(): Promise<Map<string, string>> {
  const cameras = await api.listCameras();
  return new Map(cameras.map((c) => [c.camera_id, c.name || c.camera_id]));
}

/** Tool names of the MCP catalog, read tools first, each group sorted. */
export async function getToolNames(): Promise<{ read: string[]; write: string[] }> {
  const catalog = await api.listMcpTools();
  const names = (items: Schemas["McpToolItem"][]) => items.map((t) => t.name).sort();
  return { read: names(catalog.read), write: names(catalog.write) };
}

// The motion listing reaches back at most 168 h and 500 rows a page; a few pages cover a
// busy week without hammering the server.
const MOTION_PAGE = 500;
const MOTION_MAX_PAGES = 4;

/** Motion event timestamps of the last `hours` (≤ 168), newest first. */
export async function getMotionTimestamps(hours: number): Promise<{ times: string[]; truncated: boolean }> {
  const times: string[] = [];
  for (let page = 0; page < MOTION_MAX_PAGES; page += 1) {
    const answer = await api.listMotionEvents({ hours: Math.min(168, hours), limit: MOTION_PAGE, offset: page * MOTION_PAGE });
    for (const event of answer.events) if (event.timestamp) times.push(event.timestamp);
    if ((page + 1) * MOTION_PAGE >= answer.total) return { times, truncated: false };
  }
  return { times, truncated: true };
}
