import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";

vi.mock("../../src/components/HlsPlayer", () => ({ default: ({ src, title }: { src?: string; title?: string }) => <div data-testid="clip" data-src={src}>{title}</div> }));
const { default: IncidentReportModal } = await import("../../src/components/IncidentReportModal");

afterEach(() => vi.restoreAllMocks());

const incident: Schemas["IncidentDetail"] = {
  id: 7,
  evidence_count: 3,
  title: "Person at gate",
  summary: "Someone loitering",
  report: "## Findings\n\n* Arrived 02:14\n\n<img src=x onerror=alert(1)>",
  severity: "high",
  status: "open",
  created_by: "mcp:Claude",
  created_at: "2026-05-01T02:15:00",
  camera_id: "n_cam",
  evidence: [
    { id: 1, incident_id: 7, kind: "snapshot", has_data: true, data_mime: "image/jpeg", camera_id: "n_cam", timestamp: "2026-05-01T02:15:01" },
    { id: 2, incident_id: 7, kind: "clip", has_data: true, data_mime: "video/mp2t;duration=10", camera_id: "n_cam", timestamp: "2026-05-01T02:15:02" },
    { id: 3, incident_id: 7, kind: "observation", has_data: false, text: "Left at 02:20", timestamp: "2026-05-01T02:20:00" },
  ],
};

describe("IncidentReportModal", () => {
  it("renders the sanitised markdown report and every evidence kind", async () => {
    vi.spyOn(api, "getIncident").mockResolvedValue(incident);
    vi.spyOn(api, "fetchEvidenceBlob").mockResolvedValue(new Response(new Blob(["jpeg"], { type: "image/jpeg" })));
    URL.createObjectURL = vi.fn(() => "blob:snap");
    URL.revokeObjectURL = vi.fn();
    render(<IncidentReportModal incidentId="7" onClose={() => {}} />);
    const dialog = await screen.findByRole("dialog", { name: "#7 Person at gate" });
    expect(within(dialog).getByRole("heading", { name: "Findings" })).toBeInTheDocument();
    expect(dialog.querySelector("img[onerror]")).toBeNull();
    expect(await within(dialog).findByAltText("Snapshot evidence 1")).toHaveAttribute("src", "blob:snap");
    expect(api.fetchEvidenceBlob).toHaveBeenCalledWith(7, 1);
    expect(within(dialog).getByTestId("clip")).toHaveAttribute("data-src", "/api/incidents/7/evidence/2/playlist.m3u8");
    expect(within(dialog).getByText("Left at 02:20")).toBeInTheDocument();
  });

  it("patches status changes", async () => {
    vi.spyOn(api, "getIncident").mockResolvedValue(incident);
    const update = vi.spyOn(api, "updateIncident").mockResolvedValue({ ...incident, status: "resolved" });
    const onChanged = vi.fn();
    render(<IncidentReportModal incidentId="7" onClose={() => {}} onChanged={onChanged} />);
    await userEvent.selectOptions(await screen.findByLabelText("Status"), "resolved");
    expect(update).toHaveBeenCalledWith("7", { status: "resolved" });
    expect(onChanged).toHaveBeenCalled();
  });
});
