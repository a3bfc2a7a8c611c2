import { useAsync } from "./useAsync.js";
import { getPlan } from "../services/api.js";

/** `/api/nodes/plan`: plan, limits, usage (nodes, cameras, viewer hours), billing state. */
export function usePlanInfo({ intervalMs = 60000 } = {}) {
  return useAsync(getPlan, [], { intervalMs });
}

export const PLAN_NAMES = { free_org: "Free", free: "Free", pro: "Pro", pro_plus: "Pro Plus" };
