// Calls the Admin page needs beyond api.ts: the viewer-hour usage endpoint (added on the
// server in parallel, so not in the OpenAPI snapshot yet) and small bundles of existing calls.

import type { Client } from "openapi-fetch";
import { client } from "./api";
import * as api from "./api";
import type { Schemas } from "./api";

// generated type replaces this after merge
export interface ViewerUsage {
  days: number;
  today_hours: number;
  month_hours: number;
  month_limit_hours: number;
  active_viewers: number;
  /** One entry per UTC day, oldest first, zero-filled. */
  by_day: { date: string; hours: number }[];
}

// generated type replaces this after merge: the one path openapi-fetch needs to type the call.
interface UsagePaths {
  "/api/usage/viewer-hours": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { days?: number }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": ViewerUsage } } };
    };
  };
}

// The shared client, so the call carries the bearer token and failures become ApiError
// through the same middleware; only its path typing is widened to the new endpoint.
const usageClient = client as unknown as Client<UsagePaths, "application/json">;

export async function getViewerUsage(days = 30): Promise<ViewerUsage> {
  const { data } = await usageClient.GET("/api/usage/viewer-hours", { params: { query: { days } } });
  if (!data) throw new api.ApiError({ status: 0, message: "The usage answer was empty." });
  return data;
}

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
