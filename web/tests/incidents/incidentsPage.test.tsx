import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import { ApiError } from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import { WINDOW } from "../../src/services/incidentsApi";
import { incident, me } from "./fixtures";
import { renderAt } from "./render";

vi.mock("../../src/components/HlsPlayer", () => ({ default: () => <div data-testid="clip" /> }));
const { default: IncidentsPage } = await import("../../src/pages/IncidentsPage");

afterEach(() => vi.restoreAllMocks());

const ROUTES = ["/incidents", "/incidents/:incidentId"];
const human = incident({ id: 1, title: "Door forced", severity: "critical", created_by: "user:user_local_admin", created_at: new Date().toISOString() });
const ai = incident({ id: 2, title: "Loitering", severity: "low", created_by: "mcp:<sentinel-agent>", created_at: "2020-01-01T00:00:00" });

function stubList() {
  vi.spyOn(api, "getIncidentCounts").mockResolvedValue({ open: 2, open_critical: 1, open_high: 0, total: 9 });
  vi.spyOn(api, "listCameras").mockResolvedValue([]);
  return vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 2, limit: 25, offset: 0, incidents: [human, ai] });
}

describe("IncidentsPage", () => {
  it("shows counts with Today, severity-striped rows and authors by name", async () => {
    stubList();
    renderAt(<IncidentsPage />, { path: "/incidents", routes: ROUTES, identity: me });
    const counts = await screen.findByRole("region", { name: "Incident counts" });
    await waitFor(() => expect(within(counts).getByText("Today").previousElementSibling).toHaveTextContent("1"));
    const row = await screen.findByTestId("incident-row-1");
    expect(row).toHaveClass("sev-stripe-critical");
    expect(screen.getByTestId("incident-row-2")).toHaveClass("sev-stripe-low");
    expect(within(row).getByText("Ada Admin (you)")).toBeInTheDocument();
    expect(within(screen.getByTestId("incident-row-2")).getByText("Sentinel AI")).toBeInTheDocument();
    expect(screen.queryByText(/user:/)).toBeNull();
  });

  it("filters by source with chips that can be removed", async () => {
    const list = stubList();
    renderAt(<IncidentsPage />, { path: "/incidents", routes: ROUTES, identity: me });
    await screen.findByTestId("incident-row-1");
    await userEvent.click(within(screen.getByRole("group", { name: "Source" })).getByRole("button", { name: "AI" }));
    await waitFor(() => expect(screen.queryByTestId("incident-row-1")).toBeNull());
    expect(screen.getByTestId("incident-row-2")).toBeInTheDocument();
    expect(list).toHaveBeenLastCalledWith({ status: "", severity: "", camera_id: "", limit: WINDOW, offset: 0 });
    const chips = screen.getByRole("list", { name: "Active filters" });
    await userEvent.click(within(chips).getByRole("button", { name: "Remove filter Source: AI" }));
    expect(await screen.findByTestId("incident-row-1")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Active filters" })).toBeNull();
  });

  it("creates an incident from the New incident modal and opens it", async () => {
    stubList();
    const created = incident({ id: 12, title: "Broken fence" });
    const create = vi.spyOn(api, "createIncident").mockResolvedValue(created);
    vi.spyOn(api, "getIncident").mockResolvedValue(created);
    renderAt(<IncidentsPage />, { path: "/incidents", routes: ROUTES, identity: me });
    await userEvent.click(await screen.findByRole("button", { name: "New incident" }));
    const dialog = screen.getByRole("dialog", { name: "New incident" });
    await userEvent.type(within(dialog).getByLabelText("Title"), "Broken fence");
    await userEvent.selectOptions(within(dialog).getByLabelText("Severity"), "critical");
    await userEvent.type(within(dialog).getByLabelText("Summary"), "North side");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create incident" }));
    expect(create).toHaveBeenCalledWith({ title: "Broken fence", summary: "North side", severity: "critical", camera_id: null });
    expect(await screen.findByText("Incident #12 created.")).toBeInTheDocument();
    expect(await screen.findByRole("dialog", { name: "#12 Broken fence" })).toBeInTheDocument();
  });

  it("shows the server's refusal inside the modal", async () => {
    stubList();
    vi.spyOn(api, "listCameras").mockResolvedValue([{ camera_id: "cam_1", name: "Porch" } as Schemas["CameraItem"]]);
    vi.spyOn(api, "createIncident").mockRejectedValue(new ApiError({ status: 404, message: "Camera 'cam_1' not found" }));
    renderAt(<IncidentsPage />, { path: "/incidents", routes: ROUTES, identity: me });
    await userEvent.click(await screen.findByRole("button", { name: "New incident" }));
    const dialog = screen.getByRole("dialog", { name: "New incident" });
    await userEvent.type(within(dialog).getByLabelText("Title"), "Parcel taken");
    await userEvent.selectOptions(within(dialog).getByLabelText("Camera"), "cam_1");
    await userEvent.type(within(dialog).getByLabelText("Summary"), "From the porch");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create incident" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Camera 'cam_1' not found");
  });

  it("keeps the modal open and explains blank fields", async () => {
    stubList();
    const create = vi.spyOn(api, "createIncident");
    renderAt(<IncidentsPage />, { path: "/incidents", routes: ROUTES, identity: me });
    await userEvent.click(await screen.findByRole("button", { name: "New incident" }));
    const dialog = screen.getByRole("dialog", { name: "New incident" });
    await userEvent.type(within(dialog).getByLabelText("Title"), "   ");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create incident" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Title and summary need some text.");
    expect(create).not.toHaveBeenCalled();
  });
});
