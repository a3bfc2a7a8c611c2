import { compareNames } from "../../util/format";
import type { Schemas } from "../../services/api";

type Camera = Schemas["CameraItem"];

/**
 * Cameras in the order a person reads them: "Camera 2" before "Camera 10", case ignored.
 * Equal names fall back to the id, so two "Door" cameras never swap places between polls.
 */
export function sortCameras(cameras: readonly Camera[]): Camera[] {
  return [...cameras].sort((a, b) => compareNames(a.name, b.name) || (a.camera_id < b.camera_id ? -1 : a.camera_id > b.camera_id ? 1 : 0));
}

/** The `?group=` value: a group id, `none` (ungrouped) or absent (all). */
export type GroupFilterValue = number | "none" | "all";

export function parseGroupFilter(value: string | null): GroupFilterValue {
  if (!value || value === "all") return "all";
  if (value === "none") return "none";
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : "all";
}

export function filterByGroup(cameras: readonly Camera[], filter: GroupFilterValue): Camera[] {
  if (filter === "all") return [...cameras];
  if (filter === "none") return cameras.filter((c) => c.group_id == null);
  return cameras.filter((c) => c.group_id === filter);
}
