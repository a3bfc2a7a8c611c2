import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import { ApiError } from "../../src/services/errors";
import SettingsPage from "../../src/pages/SettingsPage";
import { draftFromGroup, groupChanges } from "../../src/components/settings/GroupFields";
import { renderPage } from "./render";

afterEach(() => vi.restoreAllMocks());
// The whole page renders and user-event types for real; a busy CI machine needs headroom.
vi.setConfig({ testTimeout: 20000 });

const shop: Schemas["GroupItem"] = { id: 3, name: "Shop", icon: "\u{1F3EA}", color: "#22c55e", camera_count: 2 };
const yard: Schemas["GroupItem"] = { id: 4, name: "Yard", icon: "trees", color: "#38bdf8", camera_count: 0 };

/** Settings with `listGroups` answering each call with the next list (the last one repeats). */
function mockSettings(...lists: Schemas["GroupItem"][][]) {
  vi.spyOn(api, "listNodes").mockResolvedValue([]);
  vi.spyOn(api, "getPlan").mockRejectedValue(new Error("offline"));
  vi.spyOn(api, "listCameras").mockResolvedValue([]);
  const listGroups = vi.spyOn(api, "listGroups");
  for (const list of lists) listGroups.mockResolvedValueOnce(list);
  listGroups.mockResolvedValue(lists[lists.length - 1]);
  const toggles = { motion_notifications: true, camera_transition_notifications: true, node_transition_notifications: true };
  vi.spyOn(api, "getSettings").mockResolvedValue({ timezone: "UTC", notifications: toggles });
  vi.spyOn(api, "getNotificationSettings").mockResolvedValue(toggles);
  vi.spyOn(api, "getEmailPreferences").mockResolvedValue({ email_globally_enabled: false, preferences: {} });
  vi.spyOn(api, "getMotionIngestion").mockResolvedValue({ motion_ingestion_enabled: true });
  vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [] });
  return listGroups;
}

async function openEditor(name: string) {
  const list = await screen.findByRole("list", { name: "Camera groups" });
  await userEvent.click(within(list).getByRole("button", { name: `Edit group ${name}` }));
  return screen.getByRole("form", { name: `Editing group ${name}` });
}

describe("editing a camera group", () => {
  it("prefills the form, replaces a legacy emoji icon, saves the changes and refreshes the list", async () => {
    const listGroups = mockSettings([shop, yard], [{ ...shop, name: "Shop floor", icon: "warehouse", color: "#ef4444" }, yard]);
    const update = vi.spyOn(api, "updateGroup").mockResolvedValue({ success: true, id: 3, name: "Shop floor", icon: "warehouse", color: "#ef4444" });
    renderPage(<SettingsPage />, { path: "/settings" });

    const form = await openEditor("Shop");
    const name = within(form).getByLabelText("Group name");
    expect(name).toHaveValue("Shop");
    expect(name).toHaveFocus();
    // The emoji has no picker entry; the form starts on the folder the list already showed.
    expect(within(form).getByRole("radio", { name: "Folder" })).toBeChecked();
    expect(within(form).getByRole("radio", { name: "Green" })).toBeChecked();

    await userEvent.clear(name);
    await userEvent.type(name, "  Shop floor ");
    await userEvent.click(within(form).getByRole("radio", { name: "Warehouse" }));
    await userEvent.click(within(form).getByRole("radio", { name: "Red" }));
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect(update).toHaveBeenCalledWith(3, { name: "Shop floor", icon: "warehouse", color: "#ef4444" });
    expect(await screen.findByText("Group saved.")).toBeInTheDocument();
    const list = screen.getByRole("list", { name: "Camera groups" });
    await waitFor(() => expect(within(list).getByRole("button", { name: "Edit group Shop floor" })).toHaveFocus());
    expect(screen.queryByRole("form", { name: /Editing group/ })).toBeNull();
    expect(listGroups).toHaveBeenCalledTimes(2);
  });

  it("sends only what changed", async () => {
    mockSettings([yard]);
    const update = vi.spyOn(api, "updateGroup").mockResolvedValue({ success: true, id: 4, name: "Yard", icon: "trees", color: "#a855f7" });
    renderPage(<SettingsPage />, { path: "/settings" });

    const form = await openEditor("Yard");
    expect(within(form).getByRole("radio", { name: "Garden / outdoor" })).toBeChecked();
    await userEvent.click(within(form).getByRole("radio", { name: "Purple" }));
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect(update).toHaveBeenCalledWith(4, { color: "#a855f7" });
  });

  it("shows a name clash inline and keeps the form open with the typed values", async () => {
    mockSettings([shop, yard]);
    const update = vi.spyOn(api, "updateGroup").mockRejectedValue(new ApiError({ status: 409, message: "Group name already exists" }));
    renderPage(<SettingsPage />, { path: "/settings" });

    const form = await openEditor("Shop");
    const name = within(form).getByLabelText("Group name");
    await userEvent.clear(name);
    await userEvent.type(name, "Yard");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect(update).toHaveBeenCalledTimes(1);
    expect(await within(form).findByRole("alert")).toHaveTextContent("Group name already exists");
    expect(name).toHaveValue("Yard");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Group name already exists");
    expect(screen.getByRole("form", { name: "Editing group Shop" })).toBeInTheDocument();
    expect(screen.queryByText("Group saved.")).toBeNull();

    // Typing a different name clears the complaint.
    await userEvent.type(name, " 2");
    expect(within(form).queryByRole("alert")).toBeNull();
  });

  it("shows other failures as a toast and keeps the form open", async () => {
    mockSettings([yard]);
    vi.spyOn(api, "updateGroup").mockRejectedValue(new ApiError({ status: 500, message: "Something went wrong on the server." }));
    renderPage(<SettingsPage />, { path: "/settings" });

    const form = await openEditor("Yard");
    await userEvent.click(within(form).getByRole("radio", { name: "Red" }));
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Something went wrong on the server.")).toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Editing group Yard" })).toBeInTheDocument();
    expect(within(form).getByRole("button", { name: "Save" })).toBeEnabled();
  });

  it("cancels without saving, with the button or Escape, and the row comes back unchanged", async () => {
    mockSettings([yard]);
    const update = vi.spyOn(api, "updateGroup");
    renderPage(<SettingsPage />, { path: "/settings" });

    let form = await openEditor("Yard");
    await userEvent.type(within(form).getByLabelText("Group name"), " north");
    await userEvent.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form", { name: "Editing group Yard" })).toBeNull();
    expect(screen.getByRole("button", { name: "Edit group Yard" })).toHaveFocus();

    form = await openEditor("Yard");
    // A fresh form: the abandoned edit is gone.
    expect(within(form).getByLabelText("Group name")).toHaveValue("Yard");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("form", { name: "Editing group Yard" })).toBeNull();
    expect(update).not.toHaveBeenCalled();
  });

  it("closes without a request when nothing changed", async () => {
    mockSettings([yard]);
    const update = vi.spyOn(api, "updateGroup");
    renderPage(<SettingsPage />, { path: "/settings" });

    const form = await openEditor("Yard");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Nothing changed.")).toBeInTheDocument();
    expect(update).not.toHaveBeenCalled();
    expect(screen.queryByRole("form", { name: "Editing group Yard" })).toBeNull();
  });

  it("disables Save for a blank name", async () => {
    mockSettings([yard]);
    renderPage(<SettingsPage />, { path: "/settings" });
    const form = await openEditor("Yard");
    await userEvent.clear(within(form).getByLabelText("Group name"));
    await userEvent.type(within(form).getByLabelText("Group name"), "   ");
    expect(within(form).getByRole("button", { name: "Save" })).toBeDisabled();
  });

  it("has no serious accessibility violations with the form open next to the create form", async () => {
    mockSettings([shop, yard]);
    renderPage(<SettingsPage />, { path: "/settings" });
    await openEditor("Shop");
    const result = await axe.run(document.body, { rules: { "color-contrast": { enabled: false }, "label-content-name-mismatch": { enabled: false } } });
    const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    expect(serious).toEqual([]);
  });

  it("keeps the create form's radios separate from the edit form's", async () => {
    mockSettings([yard]);
    renderPage(<SettingsPage />, { path: "/settings" });
    const form = await openEditor("Yard");
    const create = screen.getByRole("form", { name: "New camera group" });
    await userEvent.click(within(form).getByRole("radio", { name: "Red" }));
    expect(within(create).getByRole("radio", { name: "Green" })).toBeChecked();
    expect(within(form).getByRole("radio", { name: "Red" })).toBeChecked();
  });
});

describe("group edit logic", () => {
  it("starts legacy icons on the folder and short colours as six digits", () => {
    expect(draftFromGroup({ name: "A", icon: "\u{1F4C1}", color: "#ABC" })).toEqual({ name: "A", icon: "folder", color: "#aabbcc" });
    expect(draftFromGroup({ name: "A", icon: "Home", color: "red" })).toEqual({ name: "A", icon: "home", color: "#22c55e" });
  });

  it("lists only changed fields, trimming the name", () => {
    const stored = { name: "Yard", icon: "trees", color: "#38bdf8" };
    expect(groupChanges(stored, { name: " Yard ", icon: "trees", color: "#38BDF8" })).toEqual({});
    expect(groupChanges(stored, { name: "Back yard", icon: "car", color: "#38bdf8" })).toEqual({ name: "Back yard", icon: "car" });
    // A legacy emoji is replaced by the named icon the form started on.
    expect(groupChanges({ ...stored, icon: "\u{1F333}" }, draftFromGroup({ ...stored, icon: "\u{1F333}" }))).toEqual({ icon: "folder" });
  });
});
