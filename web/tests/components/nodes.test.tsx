import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import AddNodeModal, { installCommands } from "../../src/components/AddNodeModal";
import HeartbeatBanner, { PENDING_NODE_KEY } from "../../src/components/HeartbeatBanner";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";

const garage: Schemas["NodeItem"] = { node_id: "ab12cd34", name: "Garage", status: "pending", camera_count: 0, last_seen: null };

afterEach(() => vi.restoreAllMocks());

describe("AddNodeModal", () => {
  it("creates a node and shows the one-time key with the install command", async () => {
    vi.spyOn(api, "createNode").mockResolvedValue({ success: true, node_id: "ab12cd34", name: "Garage", api_key: "11111111-2222-3333-4444-555555555555", warning: "Store this API key securely. It cannot be retrieved again." });
    const onCreated = vi.fn();
    render(<AddNodeModal onClose={() => {}} onCreated={onCreated} />);
    await userEvent.type(screen.getByLabelText("Name (optional)"), "Garage");
    await userEvent.click(screen.getByRole("button", { name: "Create node" }));
    expect(await screen.findByTestId("new-node-key")).toHaveTextContent("11111111-2222-3333-4444-555555555555");
    expect(api.createNode).toHaveBeenCalledWith("Garage");
    expect(screen.getByTestId("install-command")).toHaveTextContent("install.sh | sudo bash -s -- ab12cd34 11111111-2222-3333-4444-555555555555");
    expect(screen.getByRole("alert")).toHaveTextContent("cannot be retrieved again");
    expect(JSON.parse(localStorage.getItem(PENDING_NODE_KEY) ?? "null")).toMatchObject({ nodeId: "ab12cd34" });
    expect(onCreated).toHaveBeenCalled();
  });

  it("shows the server's error sentence", async () => {
    vi.spyOn(api, "createNode").mockRejectedValue(new api.ApiError({ status: 403, message: "Node limit reached (2 on Free plan). Upgrade your plan to add more nodes." }));
    render(<AddNodeModal onClose={() => {}} />);
    await userEvent.click(screen.getByRole("button", { name: "Create node" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Node limit reached");
  });

  it("builds install commands for every platform", () => {
    const cmds = installCommands("ab12cd34", "KEY", "https://cc.example");
    expect(cmds.unix).toBe("curl -fsSL https://cc.example/install.sh | sudo bash -s -- ab12cd34 KEY https://cc.example");
    expect(cmds.simulate).toContain("--node-id ab12cd34 --api-key KEY --api-url https://cc.example");
  });
});

describe("HeartbeatBanner", () => {
  it("polls the pending node until its first heartbeat, then clears", async () => {
    localStorage.setItem(PENDING_NODE_KEY, JSON.stringify({ nodeId: "ab12cd34", since: Date.now() }));
    const getNode = vi.spyOn(api, "getNode")
      .mockResolvedValueOnce(garage)
      .mockResolvedValue({ ...garage, status: "online", last_seen: "2026-01-01T00:00:00" });
    const onConnected = vi.fn();
    render(<HeartbeatBanner intervalMs={20} onConnected={onConnected} />);
    expect(screen.getByTestId("heartbeat-banner")).toHaveTextContent("Waiting for the first heartbeat from your new node");
    await waitFor(() => expect(screen.getByTestId("heartbeat-banner")).toHaveTextContent("Waiting for the first heartbeat from node Garage"));
    await waitFor(() => expect(screen.getByTestId("heartbeat-banner-done")).toHaveTextContent("Garage is connected."));
    expect(getNode).toHaveBeenCalledWith("ab12cd34");
    expect(localStorage.getItem(PENDING_NODE_KEY)).toBeNull();
    expect(onConnected).toHaveBeenCalled();
  });

  it("renders nothing without a pending node", () => {
    const { container } = render(<HeartbeatBanner />);
    expect(container).toBeEmptyDOMElement();
  });
});
