import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import type { AsyncResult } from "../../src/hooks/useAsync";
import ShareLinksSection from "../../src/components/settings/ShareLinksSection";
import { renderPage } from "../settings/render";
import { link } from "./fixtures";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 20000 });

function planOf(slug: string | null): AsyncResult<Schemas["PlanOverviewBody"]> {
  const data = slug ? ({ plan: slug, plan_name: slug } as Schemas["PlanOverviewBody"]) : undefined;
  return { data, error: null, loading: false, reload: async () => data, setData: () => {} };
}

const HOUR = 3600_000;
const links = [
  link({ id: 1, label: "Old", created_at: new Date(Date.now() - 50 * HOUR).toISOString(), status: "expired", expires_at: new Date(Date.now() - 2 * HOUR).toISOString(), views: 4 }),
  link({ id: 3, label: "Newest", created_at: new Date(Date.now() - HOUR).toISOString(), max_viewers: 5, views: 1, last_used_at: new Date(Date.now() - 60_000).toISOString() }),
  link({ id: 2, label: "Cut off", scope: "group", camera_id: null, group_id: 7, target_name: "Outside", created_at: new Date(Date.now() - 5 * HOUR).toISOString(), status: "revoked", revoked_at: new Date(Date.now() - 3 * 60_000).toISOString() }),
];

describe("Settings → Shared links", () => {
  it("lists links newest first with status, target, expiry, views, last use and cap", async () => {
    vi.spyOn(api, "listShareLinks").mockResolvedValue({ links });
    renderPage(<ShareLinksSection plan={planOf("pro")} />, { path: "/settings" });
    const section = screen.getByRole("region", { name: "Shared links" });
    const list = await within(section).findByRole("list", { name: "Share links" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows.map((r) => within(r).getByText(/^(Old|Newest|Cut off)$/).textContent)).toEqual(["Newest", "Cut off", "Old"]);
    expect(rows[0]).toHaveTextContent("Active");
    expect(rows[0]).toHaveTextContent("Camera: Front door");
    expect(rows[0]).toHaveTextContent(/expires in 2\d h/);
    expect(rows[0]).toHaveTextContent("1 view · last used 1 min ago");
    expect(rows[0]).toHaveTextContent("up to 5 viewers");
    expect(rows[1]).toHaveTextContent("Revoked");
    expect(rows[1]).toHaveTextContent("Group: Outside · revoked 3 min ago");
    expect(rows[2]).toHaveTextContent("Expired");
    expect(rows[2]).toHaveTextContent("expired 2 h ago");
    expect(rows[2]).toHaveTextContent("4 views · last used never");
    // Only an active link can be revoked.
    expect(within(list).getAllByRole("button", { name: /^Revoke/ })).toHaveLength(1);
    expect(within(section).getByRole("button", { name: "Help: Shared links" })).toBeInTheDocument();
  });

  it("revokes after confirmation, with a toast, and reloads", async () => {
    const list = vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [link({ id: 3, label: "Newest" })] });
    const revoke = vi.spyOn(api, "revokeShareLink").mockResolvedValue({ success: true, link: link({ id: 3, status: "revoked" }) });
    renderPage(<ShareLinksSection plan={planOf("pro_plus")} />, { path: "/settings" });
    await userEvent.click(await screen.findByRole("button", { name: "Revoke Newest" }));
    const dialog = screen.getByRole("dialog", { name: 'Revoke "Newest"?' });
    expect(revoke).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole("button", { name: "Revoke link" }));
    expect(revoke).toHaveBeenCalledWith(3);
    expect(await screen.findByText(/Revoked "Newest": the link stops working at once\./)).toBeInTheDocument();
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("opens the share dialog from New share link", async () => {
    vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [] });
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    vi.spyOn(api, "listGroups").mockResolvedValue([]);
    renderPage(<ShareLinksSection plan={planOf("pro")} />, { path: "/settings" });
    expect(await screen.findByText("No share links yet")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "New share link" }));
    expect(screen.getByRole("dialog", { name: "New share link" })).toBeInTheDocument();
  });

  it("on a Free plan offers an upgrade instead of creating, but still revokes", async () => {
    vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [link({ id: 3, label: "Newest" })] });
    renderPage(<ShareLinksSection plan={planOf("free_org")} />, { path: "/settings" });
    expect(await screen.findByTestId("share-upgrade")).toHaveTextContent("Pro and Pro Plus");
    expect(screen.getByRole("link", { name: "See plans" })).toHaveAttribute("href", "/pricing");
    expect(screen.queryByRole("button", { name: "New share link" })).not.toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Revoke Newest" })).toBeEnabled();
  });

  it("switches to the upgrade hint when the server answers 402", async () => {
    vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [] });
    vi.spyOn(api, "listCameras").mockResolvedValue([{ camera_id: "c1", name: "Porch" }] as unknown as Awaited<ReturnType<typeof api.listCameras>>);
    vi.spyOn(api, "listGroups").mockResolvedValue([]);
    vi.spyOn(api, "createShareLink").mockRejectedValue(new api.ApiError({ status: 402, code: "plan_required", message: "This feature requires the Pro plan or higher." }));
    renderPage(<ShareLinksSection plan={planOf(null)} />, { path: "/settings" });
    await userEvent.click(await screen.findByRole("button", { name: "New share link" }));
    await screen.findByRole("option", { name: "Porch" });
    await userEvent.selectOptions(screen.getByLabelText("Camera"), "c1");
    await userEvent.click(screen.getByRole("button", { name: "Create link" }));
    expect(await screen.findByText("This feature requires the Pro plan or higher.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByTestId("share-upgrade")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New share link" })).not.toBeInTheDocument();
  });

  it("says why the list could not load", async () => {
    vi.spyOn(api, "listShareLinks").mockRejectedValue(new api.ApiError({ status: 500, message: "The server ran into a problem. Please try again." }));
    renderPage(<ShareLinksSection plan={planOf("pro")} />, { path: "/settings" });
    expect(await screen.findByRole("alert")).toHaveTextContent("The server ran into a problem");
  });
});
