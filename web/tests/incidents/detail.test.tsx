import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import { ApiError } from "../../src/services/api";
import { incident, me } from "./fixtures";
import { renderAt } from "./render";

vi.mock("../../src/components/HlsPlayer", () => ({ default: () => <div data-testid="clip" /> }));
const { default: IncidentReportModal } = await import("../../src/components/IncidentReportModal");

afterEach(() => vi.restoreAllMocks());

const detail = incident({
  created_by: "mcp:<sentinel-agent>",
  report: "## Findings",
  evidence_count: 2,
  evidence: [
    { id: 1, incident_id: 7, kind: "observation", has_data: false, text: "Person near the gate", camera_id: "n_cam", timestamp: "2026-05-01T02:16:00" },
    { id: 2, incident_id: 7, kind: "observation", has_data: false, text: "Left northbound", timestamp: "2026-05-01T02:20:00" },
  ],
});

function renderModal() {
  return renderAt(<IncidentReportModal incidentId={7} onClose={() => {}} />, { path: "/incidents/7", routes: ["/incidents/:incidentId"], identity: me });
}

describe("incident detail", () => {
  it("shows the author by name, observations and a timeline", async () => {
    vi.spyOn(api, "getIncident").mockResolvedValue(detail);
    renderModal();
    const dialog = await screen.findByRole("dialog", { name: "#7 Person at gate" });
    expect(within(dialog).getAllByText("Sentinel AI").length).toBeGreaterThan(0);
    expect(within(dialog).getByText("Person near the gate")).toBeInTheDocument();
    const timeline = within(dialog).getByRole("list", { name: "Timeline" });
    expect(within(timeline).getByText("Opened by Sentinel AI")).toBeInTheDocument();
    expect(within(timeline).getAllByText("Observation added")).toHaveLength(2);
    expect(dialog.textContent).not.toContain("mcp:");
  });

  it("edits summary and report inline and saves them", async () => {
    vi.spyOn(api, "getIncident").mockResolvedValue(detail);
    const update = vi.spyOn(api, "updateIncident").mockResolvedValue({ ...detail, summary: "New summary", report: "New report" });
    renderModal();
    const dialog = await screen.findByRole("dialog", { name: "#7 Person at gate" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Edit" }));
    const summary = within(dialog).getByRole("textbox", { name: "Summary" });
    await userEvent.clear(summary);
    await userEvent.type(summary, "New summary");
    const report = within(dialog).getByRole("textbox", { name: "Report" });
    await userEvent.clear(report);
    await userEvent.type(report, "New report");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(update).toHaveBeenCalledWith(7, { summary: "New summary", report: "New report" });
    expect(await screen.findByText("Summary and report saved.")).toBeInTheDocument();
    expect(within(dialog).queryByRole("textbox", { name: "Summary" })).toBeNull();
    expect(within(dialog).getByText("New summary")).toBeInTheDocument();
  });

  it("keeps the draft and shows the error when saving fails", async () => {
    vi.spyOn(api, "getIncident").mockResolvedValue(detail);
    vi.spyOn(api, "updateIncident").mockRejectedValue(new ApiError({ status: 429, message: "Too many requests. Try again shortly." }));
    renderModal();
    const dialog = await screen.findByRole("dialog", { name: "#7 Person at gate" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Edit" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Summary" }), " more");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    // Inline, inside the form that keeps the draft (no second, toast copy of the message).
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Too many requests");
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    expect(within(dialog).getByRole("textbox", { name: "Summary" })).toHaveValue("Someone loitering more");
  });

  it("Cancel drops the draft without a request", async () => {
    vi.spyOn(api, "getIncident").mockResolvedValue(detail);
    const update = vi.spyOn(api, "updateIncident");
    renderModal();
    const dialog = await screen.findByRole("dialog", { name: "#7 Person at gate" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Edit" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Summary" }), "x");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(update).not.toHaveBeenCalled();
    expect(within(dialog).getByText("Someone loitering")).toBeInTheDocument();
  });
});
