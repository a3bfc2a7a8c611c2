import { describe, expect, it } from "vitest";
import { auditCategory, countByDay, dayRange, detailPairs, fillDays, humanizeEvent, nameCameraIds, toCsv } from "../../src/components/admin/series";
import { sparkPoints } from "../../src/components/admin/Sparkline";

const NOW = new Date("2026-12-07T20:00:00Z");

describe("day series", () => {
  it("lists the window's UTC days oldest first, ending today", () => {
    expect(dayRange(3, NOW)).toEqual(["2026-12-05", "2026-12-06", "2026-12-07"]);
    expect(dayRange(30, NOW)).toHaveLength(30);
    expect(dayRange(30, NOW)[0]).toBe("2026-11-08");
  });

  it("zero-fills the server's sparse, newest-first days", () => {
    const range = dayRange(4, NOW);
    const byDay = [{ date: "2026-12-07", count: 5 }, { date: "2026-12-05", count: 2 }, { date: "2026-11-01", count: 99 }];
    expect(fillDays(range, byDay, (d) => d.count)).toEqual([0, 2, 0, 5]);
  });

  it("counts naive UTC timestamps per day and skips missing ones", () => {
    const range = dayRange(2, NOW);
    expect(countByDay(range, ["2026-12-06T23:59:59", "2026-12-07T00:00:01", "2026-12-07T10:00:00Z", null, "garbage"])).toEqual([1, 2]);
  });
});

describe("audit categories", () => {
  it.each([
    ["node_created", "Nodes"],
    ["node_key_rotated", "Nodes"],
    ["camera_recording_policy_updated", "Cameras"],
    ["recording_toggled", "Cameras"],
    ["motion_ingestion_toggled", "Cameras"],
    ["mcp_key_created", "Keys"],
    ["integration_key_revoked", "Keys"],
    ["timezone_updated", "Settings"],
    ["notification_settings_updated", "Settings"],
    ["logs_wiped", "Settings"],
    ["gdpr_export", "Settings"],
    ["incident_created", "Incidents"],
    ["sentinel_manual_run", "Sentinel"],
    ["member_promotion_requested", "Account"],
    ["email_unsubscribed", "Account"],
    ["something_new", "Other"],
  ])("%s is in %s", (event, category) => {
    expect(auditCategory(event)).toBe(category);
  });

  it("words events and names cameras inside details", () => {
    expect(humanizeEvent("node_key_rotated")).toBe("Node key rotated");
    expect(humanizeEvent("mcp_key_created")).toBe("MCP key created");
    const name = (id: string) => (id === "cam-1" ? "Front door" : id);
    expect(detailPairs('{"camera_id":"cam-1","recording":true}', name)).toEqual([["camera", "Front door"], ["recording", "true"]]);
    expect(detailPairs("not json", name)).toEqual([["", "not json"]]);
    expect(detailPairs(null, name)).toEqual([]);
  });
});

describe("toCsv", () => {
  it("quotes, neutralises formulas and ends lines with CRLF", () => {
    expect(toCsv(["a", "b"], [["x,y", '=SUM(1)'], [null, 'say "hi"']])).toBe('a,b\r\n"x,y",\'=SUM(1)\r\n,"say ""hi"""\r\n');
  });
});

describe("sparkPoints", () => {
  it("scales into the box with the maximum at the top", () => {
    const points = sparkPoints([0, 5, 10], 100, 20).split(" ");
    expect(points).toEqual(["0.0,19.0", "50.0,10.0", "100.0,1.0"]);
    expect(sparkPoints([], 100, 20)).toBe("");
  });
});

describe("nameCameraIds", () => {
  it("replaces known ids, longest first, and leaves unknown ones", () => {
    const names: [string, string][] = [["cam-1", "Porch"], ["cam-10", "Garage"]];
    expect(nameCameraIds('{"camera_id":"cam-10","other":"cam-1","x":"cam-9"}', names)).toBe('{"camera_id":"Garage","other":"Porch","x":"cam-9"}');
  });
});
