import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import { ApiError } from "../../src/services/api";
import { changedFields, savedMessage, titleError } from "../../src/components/incidents/incidentText";
import { incident, me } from "./fixtures";
import { renderAt } from "./render";

vi.mock("../../src/components/HlsPlayer", () => ({ default: () => <div data-testid="clip" /> }));
const { default: IncidentsPage } = await import("../../src/pages/IncidentsPage");

afterEach(() => vi.restoreAllMocks());

const before = incident();

/** The page at /incidents/7: the list behind the open detail dialog. */
async function openDetail() {
  vi.spyOn(api, "getIncidentCounts").mockResolvedValue({ open: 1, open_critical: 0, open_high: 1, total: 1 });
  vi.spyOn(api, "listCameras").mockResolvedValue([]);
  const list = vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 1, limit: 25, offset: 0, incidents: [before] });
  vi.spyOn(api, "getIncident").mockResolvedValue(before);
  renderAt(<IncidentsPage />, { path: "/incidents/7", routes: ["/incidents", "/incidents/:incidentId"], identity: me });
  const dialog = await screen.findByRole("dialog", { name: "#7 Person at gate" });
  await screen.findByTestId("incident-row-7");
  await userEvent.click(within(dialog).getByRole("button", { name: "Edit" }));
  return { dialog, list };
}

async function retype(box: HTMLElement, text: string) {
  await userEvent.clear(box);
  if (text) await userEvent.type(box, text);
}

describe("retitling an incident in the detail view", () => {
  it("prefills Title above Summary and Report", async () => {
    const { dialog } = await openDetail();
    const boxes = within(dialog).getAllByRole("textbox");
    expect(boxes.map((b) => b.closest("label")?.querySelector("span")?.textContent)).toEqual(["Title", "Summary", "Report"]);
    expect(within(dialog).getByRole("textbox", { name: "Title" })).toHaveValue("Person at gate");
    expect(within(dialog).getByRole("textbox", { name: "Title" })).toHaveFocus();
  });

  it("sends only the new title and updates the heading and the list row", async () => {
    const { dialog, list } = await openDetail();
    const after = { ...before, title: "Intruder at the north gate" };
    const update = vi.spyOn(api, "updateIncident").mockResolvedValue(after);
    list.mockResolvedValue({ total: 1, limit: 25, offset: 0, incidents: [after] });
    await retype(within(dialog).getByRole("textbox", { name: "Title" }), "  Intruder at the north gate ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));

    expect(update).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledWith("7", { title: "Intruder at the north gate" });
    expect(await screen.findByText("Title saved.")).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "#7 Intruder at the north gate" })).toBe(dialog);
    await waitFor(() => expect(within(screen.getByTestId("incident-row-7")).getByRole("link")).toHaveTextContent("Intruder at the north gate"));
    expect(within(dialog).queryByRole("textbox", { name: "Title" })).toBeNull();
    expect(within(dialog).getByRole("button", { name: "Edit" })).toHaveFocus();
  });

  it("refuses a blank title inline without a request and keeps the draft", async () => {
    const { dialog } = await openDetail();
    const update = vi.spyOn(api, "updateIncident");
    const title = within(dialog).getByRole("textbox", { name: "Title" });
    await retype(title, "   ");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Summary" }), " still here");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));

    expect(update).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Title is required.");
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(title).toHaveAccessibleDescription("Title is required.");
    expect(title).toHaveFocus();
    expect(within(dialog).getByRole("textbox", { name: "Summary" })).toHaveValue("Someone loitering still here");
    expect(screen.getByRole("dialog", { name: "#7 Person at gate" })).toBe(dialog);

    // Typing a title clears the complaint.
    await userEvent.type(title, "Back");
    expect(title).not.toHaveAttribute("aria-invalid");
    expect(within(dialog).queryByRole("alert")).toBeNull();
  });

  it("shows the server's 400 inline and keeps the draft", async () => {
    const { dialog } = await openDetail();
    vi.spyOn(api, "updateIncident").mockRejectedValue(new ApiError({ status: 400, message: "title is required" }));
    await retype(within(dialog).getByRole("textbox", { name: "Title" }), "Renamed");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("title is required");
    expect(within(dialog).getByRole("textbox", { name: "Title" })).toHaveValue("Renamed");
    expect(within(dialog).getByRole("button", { name: "Save" })).toBeEnabled();
    expect(screen.getByRole("dialog", { name: "#7 Person at gate" })).toBe(dialog);
  });

  it("sends only the summary when only the summary changed", async () => {
    const { dialog } = await openDetail();
    const update = vi.spyOn(api, "updateIncident").mockResolvedValue({ ...before, summary: "Gone" });
    await retype(within(dialog).getByRole("textbox", { name: "Summary" }), "Gone");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(update).toHaveBeenCalledWith("7", { summary: "Gone" });
    expect(await screen.findByText("Summary saved.")).toBeInTheDocument();
  });

  it("keeps focus in the editor when the list behind it refreshes", async () => {
    // Only setInterval is faked: the page's 30 s list poll, not userEvent's timers.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { dialog, list } = await openDetail();
      const summary = within(dialog).getByRole("textbox", { name: "Summary" });
      summary.focus();
      const calls = list.mock.calls.length;
      list.mockResolvedValue({ total: 1, limit: 25, offset: 0, incidents: [{ ...before, title: "Polled" }] });
      vi.advanceTimersByTime(30000);
      await waitFor(() => expect(within(screen.getByTestId("incident-row-7")).getByRole("link")).toHaveTextContent("Polled"));
      expect(list.mock.calls.length).toBeGreaterThan(calls);
      expect(summary).toHaveFocus();
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends nothing when nothing changed", async () => {
    const { dialog } = await openDetail();
    const update = vi.spyOn(api, "updateIncident");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(update).not.toHaveBeenCalled();
    expect(within(dialog).queryByRole("textbox", { name: "Title" })).toBeNull();
  });
});

describe("incident text helpers", () => {
  const saved = { title: "A", summary: "s", report: "r" };

  it("lists only changed fields, with the title trimmed", () => {
    expect(changedFields(saved, { ...saved })).toEqual({});
    expect(changedFields(saved, { ...saved, title: "  A  " })).toEqual({});
    expect(changedFields(saved, { ...saved, title: " B " })).toEqual({ title: "B" });
    // Summary and report are stored verbatim: a trailing space is a change.
    expect(changedFields(saved, { ...saved, summary: "s ", report: "" })).toEqual({ summary: "s ", report: "" });
  });

  it("refuses blank titles only", () => {
    expect(titleError({ ...saved, title: " \n\t" })).toBe("Title is required.");
    expect(titleError({ ...saved, title: " x " })).toBeNull();
  });

  it("words the toast after the fields saved", () => {
    expect(savedMessage({ title: "B" })).toBe("Title saved.");
    expect(savedMessage({ summary: "s", report: "r" })).toBe("Summary and report saved.");
    expect(savedMessage({ title: "B", summary: "s", report: "r" })).toBe("Title, summary and report saved.");
  });
});
