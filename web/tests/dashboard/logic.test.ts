import { describe, expect, it } from "vitest";
import type { Schemas } from "../../src/services/api";
import { insideWindow, isRecordingNow, minuteOfDay } from "../../src/components/dashboard/recording";
import { filterByGroup, parseGroupFilter, sortCameras } from "../../src/components/dashboard/cameraOrder";
import { planBanners } from "../../src/components/dashboard/planBanners";
import { diffPresence, nodeNameFromTitle, offlineNodes, presenceMessages } from "../../src/components/dashboard/presence";
import { safeColor, textOn } from "../../src/components/dashboard/groupColor";
import { readSnapshot } from "../../src/services/dashboardApi";

type Camera = Schemas["CameraItem"];
const off = { continuous_24_7: false, scheduled_recording: false };
const cam = (over: Partial<Camera>): Camera => ({ camera_id: "c", name: "Cam", status: "online", capabilities: [], disabled_by_plan: false, recording_policy: off, ...over });

const plan: Schemas["PlanOverviewBody"] = {
  plan: "free_org",
  plan_name: "Free",
  usage: { nodes: 1, cameras: 1, viewer_hours_used: 0, viewer_hours_limit: 30 },
  limits: { max_nodes: 1, max_cameras: 5, max_seats: 3, max_viewer_hours_per_month: 30, max_sse_subscribers: 2, log_retention_days: 7 },
  features: [],
  payment_past_due: false,
  plan_cancel_pending: false,
  grace_window_days: 7,
};

describe("recording now", () => {
  const at = (iso: string) => new Date(iso);
  it("reads the wall clock of the org time zone", () => {
    expect(minuteOfDay(at("2026-01-15T23:30:00Z"), "UTC")).toBe(23 * 60 + 30);
    expect(minuteOfDay(at("2026-01-15T23:30:00Z"), "Europe/Berlin")).toBe(30); // 00:30 next day
    expect(minuteOfDay(at("2026-01-15T12:00:00Z"), "Not/AZone")).toBe(12 * 60);
  });

  it("applies the heartbeat's window rule, wrapping midnight and never recording when start == end", () => {
    expect(insideWindow("08:00", "17:00", 8 * 60)).toBe(true);
    expect(insideWindow("08:00", "17:00", 17 * 60)).toBe(false);
    expect(insideWindow("22:00", "06:00", 23 * 60)).toBe(true);
    expect(insideWindow("22:00", "06:00", 5 * 60 + 59)).toBe(true);
    expect(insideWindow("22:00", "06:00", 12 * 60)).toBe(false);
    expect(insideWindow("10:00", "10:00", 10 * 60)).toBe(false);
    expect(insideWindow(null, "10:00", 9 * 60)).toBe(false);
  });

  it("counts continuous cameras and scheduled ones inside their window only", () => {
    const night = { continuous_24_7: false, scheduled_recording: true, scheduled_start: "22:00", scheduled_end: "06:00" };
    expect(isRecordingNow({ ...off, continuous_24_7: true }, at("2026-01-15T12:00:00Z"), "UTC")).toBe(true);
    expect(isRecordingNow(night, at("2026-01-15T23:00:00Z"), "UTC")).toBe(true);
    expect(isRecordingNow(night, at("2026-01-15T12:00:00Z"), "UTC")).toBe(false);
    // 12:00 UTC is 23:00 in Sydney (summer, +11): inside the night window there.
    expect(isRecordingNow(night, at("2026-01-15T12:00:00Z"), "Australia/Sydney")).toBe(true);
    expect(isRecordingNow(off, at("2026-01-15T23:00:00Z"), "UTC")).toBe(false);
  });
});

describe("camera order and group filter", () => {
  it("sorts naturally and stably", () => {
    const list = [cam({ camera_id: "b", name: "Camera 10" }), cam({ camera_id: "z", name: "camera 2" }), cam({ camera_id: "a", name: "Camera 2" }), cam({ camera_id: "c", name: "Camera 1" })];
    expect(sortCameras(list).map((c) => c.camera_id)).toEqual(["c", "a", "z", "b"]);
  });

  it("parses ?group= and filters", () => {
    expect(parseGroupFilter(null)).toBe("all");
    expect(parseGroupFilter("none")).toBe("none");
    expect(parseGroupFilter("3")).toBe(3);
    expect(parseGroupFilter("x")).toBe("all");
    const list = [cam({ camera_id: "a", group_id: 3 }), cam({ camera_id: "b", group_id: null }), cam({ camera_id: "c" })];
    expect(filterByGroup(list, 3).map((c) => c.camera_id)).toEqual(["a"]);
    expect(filterByGroup(list, "none").map((c) => c.camera_id)).toEqual(["b", "c"]);
    expect(filterByGroup(list, "all")).toHaveLength(3);
  });

  it("only paints hex colours and picks readable text", () => {
    expect(safeColor("#ABC")).toBe("#abc");
    expect(safeColor("red; background:url(x)")).toBe("#22c55e");
    expect(textOn("#ffff00")).toBe("#000000");
    expect(textOn("#1e3a8a")).toBe("#ffffff");
  });
});

describe("plan banners", () => {
  const now = new Date("2026-03-01T00:00:00Z");
  const ids = (p: typeof plan, suspended = 0) => planBanners(p, suspended, { now }).map((b) => b.id);

  it("stays quiet below 80% of the camera cap", () => {
    expect(ids({ ...plan, usage: { ...plan.usage, cameras: 3 } })).toEqual([]);
  });

  it("warns at 80% and errs at the cap with an upgrade path", () => {
    expect(ids({ ...plan, usage: { ...plan.usage, cameras: 4 } })).toEqual(["camera-near-cap"]);
    const [cap] = planBanners({ ...plan, usage: { ...plan.usage, cameras: 5 } }, 0, { now });
    expect(cap?.id).toBe("camera-cap");
    expect(cap?.tone).toBe("bad");
    expect(cap?.text).toContain("5 of 5 cameras on the Free plan");
    expect(cap?.action?.to).toBe("/pricing");
    expect(planBanners({ ...plan, usage: { ...plan.usage, cameras: 2 } }, 2, { now })[0]?.text).toContain("2 cameras are suspended");
  });

  it("explains the past-due grace period and its end", () => {
    const due = { ...plan, payment_past_due: true, grace_days_remaining: 3, grace_expires_at: "2026-03-04T00:00:00+00:00" };
    const [banner] = planBanners(due, 0, { now });
    expect(banner?.id).toBe("past-due");
    expect(banner?.text).toContain("3 days of the 7-day grace period left");
    expect(ids({ ...due, grace_days_remaining: 0, grace_expires_at: "2026-02-28T00:00:00Z" })).toEqual(["grace-ended"]);
  });

  it("tells members who can act instead of offering a button", () => {
    const [banner] = planBanners({ ...plan, usage: { ...plan.usage, cameras: 5 } }, 0, { now, isAdmin: false });
    expect(banner?.action).toBeUndefined();
    expect(banner?.text).toContain("Ask an admin to upgrade the plan.");
  });

  it("announces a pending cancellation, errors before warnings before notices", () => {
    expect(ids({ ...plan, plan_cancel_pending: true, payment_past_due: true, usage: { ...plan.usage, cameras: 5 } })).toEqual(["camera-cap", "past-due", "cancel-pending"]);
  });
});

describe("presence", () => {
  it("reports changes of known cameras only", () => {
    const first = diffPresence(new Map(), [cam({ camera_id: "a", status: "streaming" }), cam({ camera_id: "b", status: "offline" })]);
    expect(first.changes).toEqual([]);
    const second = diffPresence(first.next, [cam({ camera_id: "a", status: "offline" }), cam({ camera_id: "b", status: "online" }), cam({ camera_id: "n", status: "online" })]);
    expect(second.changes.map((c) => [c.camera.camera_id, c.presence])).toEqual([["a", "offline"], ["b", "online"]]);
    // In-between statuses announce nothing and keep the last known state.
    expect(diffPresence(second.next, [cam({ camera_id: "a", status: "starting" })]).changes).toEqual([]);
  });

  it("names cameras and nodes by name", () => {
    expect(nodeNameFromTitle("Node 'Barn loft' went offline")).toBe("Barn loft");
    const down = offlineNodes([
      cam({ camera_id: "a", node_id: "n1", node_name: "Barn", status: "offline" }),
      cam({ camera_id: "b", node_id: "n1", node_name: "Barn", status: "offline" }),
      cam({ camera_id: "c", node_id: "n2", node_name: "House", status: "offline" }),
      cam({ camera_id: "d", node_id: "n2", node_name: "House", status: "online" }),
    ]);
    expect(down.map((n) => [n.name, n.cameras.length])).toEqual([["Barn", 2]]);
  });
});

describe("presenceMessages", () => {
  const camNews = (id: string, presence: "online" | "offline", nodeId = "n1") => ({ what: "camera" as const, id, name: `Cam ${id}`, nodeId, nodeName: nodeId === "n1" ? "Barn" : "House", presence });

  it("tells one camera by name and node", () => {
    expect(presenceMessages([camNews("1", "offline")])).toEqual([{ presence: "offline", title: "Camera offline", text: "Cam 1 on Barn went offline." }]);
    expect(presenceMessages([camNews("1", "online")])[0]?.text).toBe("Cam 1 on Barn is back online.");
  });

  it("folds a node's cameras into the node's message, and groups the rest per node", () => {
    const messages = presenceMessages([
      camNews("1", "offline"),
      camNews("2", "offline"),
      { what: "node", id: "n1", name: "Barn", presence: "offline" },
      camNews("3", "offline", "n2"),
      camNews("4", "offline", "n2"),
      camNews("5", "online", "n2"),
    ]);
    expect(messages.map((m) => m.text)).toEqual([
      "Node Barn went offline, with its 2 cameras.",
      "2 cameras on House went offline: Cam 3, Cam 4.",
      "Cam 5 on House is back online.",
    ]);
  });
});

describe("readSnapshot", () => {
  it("reads the node's answer and turns a node-side failure into an error", () => {
    expect(readSnapshot({ status: "ok", data: { filename: "s.jpg", image_b64: "AAA" } })).toEqual({ filename: "s.jpg", imageB64: "AAA" });
    expect(() => readSnapshot({ status: "error", error: "camera busy" })).toThrow("camera busy");
  });
});
