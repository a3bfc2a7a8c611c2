import { useAsync } from "./useAsync";
import { getPlan } from "../services/api";

/** `/api/nodes/plan`: plan, limits, usage (nodes, cameras, viewer hours), billing state. */
export function usePlanInfo({ intervalMs = 60000 }: { intervalMs?: number } = {}) {
  return useAsync(getPlan, [], { intervalMs });
}

export const PLAN_NAMES: Record<string, string> = { free_org: "Free", free: "Free", pro: "Pro", pro_plus: "Pro Plus" };
