import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import ShareDialog from "../../src/components/share/ShareDialog";
import { renderPage } from "../settings/render";
import { created } from "./fixtures";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 20000 });

const cameras = [
  { camera_id: "cam_front", name: "Front door" },
  { camera_id: "cam_yard", name: "Yard" },
];
const groups = [{ id: 7, name: "Outside" }];

function open(props: Partial<Parameters<typeof ShareDialog>[0]> = {}) {
  const onClose = vi.fn();
  const onCreated = vi.fn();
  renderPage(<ShareDialog camera={cameras[0]} cameras={cameras} groups={groups} onClose={onClose} onCreated={onCreated} {...props} />, { path: "/dashboard" });
  return { onClose, onCreated };
}

describe("ShareDialog", () => {
  it("is a labelled dialog, preselects the camera and prefills the label", () => {
    open();
    const dialog = screen.getByRole("dialog", { name: "Share Front door" });
    expect(dialog).toBeInTheDocument();
    expect(screen.getByLabelText("Label")).toHaveValue("Front door – shared");
    expect(screen.getByLabelText("Share")).toHaveValue("camera");
    expect(screen.getByLabelText("Camera")).toHaveValue("cam_front");
    expect(screen.getByLabelText("Expires after")).toHaveValue("24");
    expect(screen.getByLabelText("Label")).toHaveFocus();
  });

  it("creates a camera link and shows the full address once, with Copy", async () => {
    const create = vi.spyOn(api, "createShareLink").mockResolvedValue(created());
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { onCreated } = open();
    await userEvent.selectOptions(screen.getByLabelText("Expires after"), "8 hours");
    await userEvent.type(screen.getByLabelText(/Viewer limit/), "5");
    await userEvent.click(screen.getByRole("button", { name: "Create link" }));
    expect(create).toHaveBeenCalledWith({ label: "Front door – shared", camera_id: "cam_front", expires_in_hours: 8, max_viewers: 5 });
    const url = `${window.location.origin}/share/shr_0123456789abcdef0123456789abcdef`;
    expect(await screen.findByTestId("share-url")).toHaveValue(url);
    expect(screen.getByText(/won't be shown again/)).toBeInTheDocument();
    expect(onCreated).toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith(url);
    expect(await screen.findByText("Link copied")).toBeInTheDocument();
  });

  it("shares a group, with the label following the group until typed", async () => {
    const create = vi.spyOn(api, "createShareLink").mockResolvedValue(created({ scope: "group", camera_id: null, group_id: 7 }));
    open({ camera: null });
    expect(screen.getByRole("dialog", { name: "New share link" })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Share"), "group");
    expect(screen.getByLabelText("Group")).toHaveValue("7");
    expect(screen.getByLabelText("Label")).toHaveValue("Outside – shared");
    await userEvent.clear(screen.getByLabelText("Label"));
    await userEvent.type(screen.getByLabelText("Label"), "For the neighbours");
    await userEvent.click(screen.getByRole("button", { name: "Create link" }));
    expect(create).toHaveBeenCalledWith({ label: "For the neighbours", group_id: 7, expires_in_hours: 24, max_viewers: null });
  });

  it("refuses a viewer limit outside 1–50 before asking the server", async () => {
    const create = vi.spyOn(api, "createShareLink");
    open();
    await userEvent.type(screen.getByLabelText(/Viewer limit/), "51");
    expect(screen.getByText(/whole number from 1 to 50/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create link" })).toBeDisabled();
    expect(create).not.toHaveBeenCalled();
  });

  it("shows a 402 as an upgrade hint in the dialog", async () => {
    vi.spyOn(api, "createShareLink").mockRejectedValue(
      new api.ApiError({ status: 402, code: "plan_required", message: "Share links need the Pro plan." }),
    );
    const onPlanRequired = vi.fn();
    open({ onPlanRequired });
    await userEvent.click(screen.getByRole("button", { name: "Create link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Share links need the Pro plan.");
    expect(screen.getByRole("link", { name: "See plans" })).toHaveAttribute("href", "/pricing");
    expect(onPlanRequired).toHaveBeenCalled();
  });

  it.each([
    [404, "Camera not found"],
    [409, "Too many active share links (100). Revoke one first."],
    [422, "label must not be blank"],
  ])("shows the server's %i sentence inline", async (status, message) => {
    vi.spyOn(api, "createShareLink").mockRejectedValue(new api.ApiError({ status, message }));
    open();
    await userEvent.click(screen.getByRole("button", { name: "Create link" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent(message));
    expect(screen.queryByRole("link", { name: "See plans" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create link" })).toBeEnabled();
  });

  it("loads cameras and groups itself when the opener has none", async () => {
    vi.spyOn(api, "listCameras").mockResolvedValue([{ camera_id: "cam_yard", name: "Yard" }] as unknown as Awaited<ReturnType<typeof api.listCameras>>);
    vi.spyOn(api, "listGroups").mockResolvedValue([]);
    open({ camera: null, cameras: undefined, groups: undefined });
    await screen.findByRole("option", { name: "Yard" });
    expect(screen.getByRole("option", { name: "A camera group" })).toBeDisabled();
  });
});
