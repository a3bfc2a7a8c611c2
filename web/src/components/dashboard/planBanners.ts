import type { Schemas } from "../../services/api";
import { parseServerTime } from "../../util/format";

type Plan = Schemas["PlanOverviewBody"];

export type BannerTone = "warn" | "bad" | "info";

export interface PlanBanner {
  /** Stable id, also the banner's test id suffix (`plan-banner-<id>`). */
  id: "camera-near-cap" | "camera-cap" | "past-due" | "grace-ended" | "cancel-pending";
  tone: BannerTone;
  title: string;
  text: string;
  /** Where the fix lives (pricing page). */
  action?: { label: string; to: string };
}

/** Share of the camera cap at which the dashboard starts warning. */
export const CAMERA_WARN_RATIO = 0.8;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function cameraBanner(plan: Plan, suspended: number): PlanBanner | null {
  const cap = plan.limits.max_cameras;
  const used = plan.usage.cameras;
  if (!cap) return null;
  const name = plan.plan_name || plan.plan;
  if (used >= cap || suspended > 0) {
    const over = suspended > 0 ? ` ${plural(suspended, "camera")} ${suspended === 1 ? "is" : "are"} suspended and not streaming.` : " New cameras will be suspended until you upgrade.";
    return {
      id: "camera-cap",
      tone: "bad",
      title: "Camera limit reached",
      text: `You are using ${used} of ${cap} cameras on the ${name} plan.${over}`,
      action: { label: "Upgrade plan", to: "/pricing" },
    };
  }
  if (used >= Math.ceil(cap * CAMERA_WARN_RATIO)) {
    return {
      id: "camera-near-cap",
      tone: "warn",
      title: "Approaching your camera limit",
      text: `You are using ${used} of ${cap} cameras on the ${name} plan (${Math.round((used / cap) * 100)}%).`,
      action: { label: "See plans", to: "/pricing" },
    };
  }
  return null;
}

function pastDueBanner(plan: Plan, now: Date): PlanBanner | null {
  if (!plan.payment_past_due) return null;
  const expires = parseServerTime(plan.grace_expires_at);
  const days = plan.grace_days_remaining;
  const ended = (days != null && days <= 0) || (expires !== null && expires.getTime() <= now.getTime());
  if (ended) {
    return {
      id: "grace-ended",
      tone: "bad",
      title: "Payment past due: grace period over",
      text: "Your cameras now run under the Free plan's limits, so cameras beyond it are suspended. Update your billing details to restore them.",
      action: { label: "Update billing", to: "/pricing" },
    };
  }
  const left = days != null ? `${plural(days, "day")} of the ${plan.grace_window_days}-day grace period left` : "you are in the grace period";
  const until = expires ? ` (until ${expires.toLocaleDateString()})` : "";
  return {
    id: "past-due",
    tone: "warn",
    title: "Payment past due",
    text: `Your last payment failed; ${left}${until}. After that, cameras beyond the Free plan's limit are suspended. Adding nodes and keys is blocked until billing is updated.`,
    action: { label: "Update billing", to: "/pricing" },
  };
}

function cancelBanner(plan: Plan): PlanBanner | null {
  if (!plan.plan_cancel_pending) return null;
  // The plan endpoint gives no period end date, so the banner cannot say when.
  return {
    id: "cancel-pending",
    tone: "info",
    title: "Cancellation pending",
    text: `Your ${plan.plan_name || plan.plan} plan is cancelled and stays active until the end of the billing period; then the Free plan's limits apply and extra cameras are suspended.`,
    action: { label: "Keep my plan", to: "/pricing" },
  };
}

const ASK_ADMIN: Record<PlanBanner["id"], string> = {
  "camera-near-cap": "An admin can move the organisation to a bigger plan.",
  "camera-cap": "Ask an admin to upgrade the plan.",
  "past-due": "Ask an admin to update the billing details.",
  "grace-ended": "Ask an admin to update the billing details.",
  "cancel-pending": "An admin can renew the plan before then.",
};

// Members cannot change the plan or billing: they get who can, instead of a button.
function forMember(banner: PlanBanner): PlanBanner {
  return { ...banner, text: `${banner.text} ${ASK_ADMIN[banner.id]}`, action: undefined };
}

/**
 * The plan banners to show, most urgent first. `suspended` = cameras with
 * `disabled_by_plan`; `isAdmin` decides between a way out and who to ask.
 */
export function planBanners(plan: Plan | undefined, suspended: number, { now = new Date(), isAdmin = true }: { now?: Date; isAdmin?: boolean } = {}): PlanBanner[] {
  if (!plan) return [];
  const order: Record<BannerTone, number> = { bad: 0, warn: 1, info: 2 };
  return [pastDueBanner(plan, now), cameraBanner(plan, suspended), cancelBanner(plan)]
    .filter((b): b is PlanBanner => b !== null)
    .map((b) => (isAdmin ? b : forMember(b)))
    .sort((a, b) => order[a.tone] - order[b.tone]);
}
