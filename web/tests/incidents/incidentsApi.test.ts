import { afterEach, describe, expect, it, vi } from "vitest";
import * as api from "../../src/services/api";
import { authorName, buildTimeline, countToday, getTodayCount, incidentSource, listIncidentPage, WINDOW } from "../../src/services/incidentsApi";
import { incident, me } from "./fixtures";

afterEach(() => vi.restoreAllMocks());

describe("incident authors", () => {
  it("tells AI from human by the created_by prefix", () => {
    expect(incidentSource("user:user_1")).toBe("human");
    expect(incidentSource("mcp:Claude")).toBe("ai");
    expect(incidentSource("mcp:<sentinel-agent>")).toBe("ai");
    expect(incidentSource("sentinel")).toBe("ai");
  });

  it("names authors and never shows the raw user: label", () => {
    expect(authorName("user:user_local_admin", me)).toBe("Ada Admin (you)");
    expect(authorName("user:user_local_admin", { ...me, name: "" })).toBe("You");
    expect(authorName("user:user_2abcdWXYZ", me)).toBe("Member …WXYZ");
    expect(authorName("mcp:<sentinel-agent>", me)).toBe("Sentinel AI");
    expect(authorName("sentinel", null)).toBe("Sentinel AI");
    expect(authorName("mcp:Claude desktop", me)).toBe("Claude desktop (MCP agent)");
    expect(authorName(null, me)).toBe("Unknown");
  });
});

describe("buildTimeline", () => {
  it("orders opened, evidence, close and a separate later edit", () => {
    const entries = buildTimeline(
      incident({
        created_by: "mcp:<sentinel-agent>",
        created_at: "2026-05-01T02:15:00",
        evidence: [
          { id: 2, incident_id: 7, kind: "snapshot", has_data: true, timestamp: "2026-05-01T02:16:00" },
          { id: 1, incident_id: 7, kind: "observation", has_data: false, text: "Left", timestamp: "2026-05-01T02:15:30" },
        ],
        status: "resolved",
        resolved_at: "2026-05-01T03:00:00",
        resolved_by: "user:user_local_admin",
        updated_at: "2026-05-01T04:00:00",
      }),
      me,
    );
    expect(entries.map((e) => e.text)).toEqual([
      "Opened by Sentinel AI",
      "Observation added",
      "Snapshot attached",
      "Resolved by Ada Admin (you)",
      "Last edited",
    ]);
  });

  it("does not repeat updated_at when it is the close itself", () => {
    const entries = buildTimeline(incident({ status: "dismissed", resolved_at: "2026-05-01T03:00:00", resolved_by: "user:x1234", updated_at: "2026-05-01T03:00:00" }), me);
    expect(entries.map((e) => e.kind)).toEqual(["created", "resolved"]);
    expect(entries[1].text).toBe("Dismissed by Member …1234");
  });
});

describe("today count", () => {
  it("counts incidents since local midnight", () => {
    const now = new Date(2026, 4, 1, 12, 0, 0);
    const todayIso = new Date(2026, 4, 1, 0, 30).toISOString();
    const yesterdayIso = new Date(2026, 3, 30, 23, 30).toISOString();
    expect(countToday([incident({ created_at: todayIso }), incident({ created_at: yesterdayIso })], now)).toBe(1);
  });

  it("reads the newest window and flags a full one", async () => {
    const now = new Date(2026, 4, 1, 12, 0, 0);
    const today = incident({ created_at: new Date(2026, 4, 1, 9).toISOString() });
    const list = vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 500, limit: WINDOW, offset: 0, incidents: Array.from({ length: WINDOW }, () => today) });
    expect(await getTodayCount(now)).toEqual({ count: WINDOW, atLeast: true });
    expect(list).toHaveBeenCalledWith({ limit: WINDOW, offset: 0 });
  });
});

describe("listIncidentPage", () => {
  it("lets the server page when no source is chosen", async () => {
    const list = vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 40, limit: 25, offset: 25, incidents: [incident()] });
    const page = await listIncidentPage({ status: "open" }, "", 25, 25);
    expect(list).toHaveBeenCalledWith({ status: "open", limit: 25, offset: 25 });
    expect(page).toEqual({ incidents: [incident()], total: 40, partial: false });
  });

  it("filters by source on the newest window and pages locally", async () => {
    const ai = incident({ id: 1, created_by: "mcp:Claude" });
    const human = incident({ id: 2, created_by: "user:u1" });
    const agent = incident({ id: 3, created_by: "mcp:<sentinel-agent>" });
    const list = vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 3, limit: WINDOW, offset: 0, incidents: [ai, human, agent] });
    const page = await listIncidentPage({ severity: "high" }, "ai", 1, 1);
    expect(list).toHaveBeenCalledWith({ severity: "high", limit: WINDOW, offset: 0 });
    expect(page.incidents.map((i) => i.id)).toEqual([3]);
    expect(page.total).toBe(2);
    expect(page.partial).toBe(false);
  });
});

describe("member names", () => {
  it("uses a known member's name before the fallback handle", () => {
    const members = new Map([["user_2abcdWXYZ", "Grace Hopper"]]);
    expect(authorName("user:user_2abcdWXYZ", me, members)).toBe("Grace Hopper");
    expect(authorName("user:user_other1234", me, members)).toBe("Member …1234");
  });
});
