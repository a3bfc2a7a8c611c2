import { describe, expect, it } from "vitest";
import { detectPlatform, installInstructions } from "../../src/components/settings/platform";
import { nodeHints } from "../../src/components/settings/nodeHints";
import type { NodeRow } from "../../src/components/settings/nodeHints";
import { groupColor, groupIcon } from "../../src/components/settings/groupIcons";

describe("detectPlatform", () => {
  it.each([
    [{ platform: "Windows", userAgent: "" }, "windows"],
    [{ platform: "macOS", userAgent: "" }, "macos"],
    [{ platform: "MacIntel", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)" }, "macos"],
    [{ platform: "Linux", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120" }, "linux"],
    [{ platform: "Linux", userAgent: "Mozilla/5.0 (X11; Linux aarch64) Chrome/120" }, "raspberry-pi"],
    [{ platform: "Linux armv7l", userAgent: "Mozilla/5.0 (X11; Linux armv7l)" }, "raspberry-pi"],
    [{ platform: "Android", userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8)" }, null],
    [{ platform: "iPhone", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)" }, null],
    [{ platform: "", userAgent: "" }, null],
  ] as const)("%o → %s", (hints, expected) => {
    expect(detectPlatform(hints)).toBe(expected);
  });
});

describe("installInstructions", () => {
  it("runs the installer as root with the node's id, key and URL", () => {
    const linux = installInstructions("linux", "https://cc.example", "ab12cd34", "KEY");
    expect(linux.command).toBe("curl -fsSL https://cc.example/install.sh | sudo bash -s -- ab12cd34 KEY https://cc.example");
    expect(installInstructions("raspberry-pi", "https://cc.example").command).toContain("<node_id> <api_key>");
  });

  it("points Windows at the MSI download instead of a command", () => {
    const windows = installInstructions("windows", "https://cc.example");
    expect(windows.command).toBeNull();
    expect(windows.download?.href).toBe("https://cc.example/downloads/windows/x86_64");
  });
});

const base: NodeRow = {
  node_id: "ab12cd34",
  name: "Garage",
  status: "online",
  camera_count: 1,
  last_seen: "2026-01-01T00:00:00Z",
  node_version: "1.2.0",
  latest_node_version: "1.2.0",
  min_supported_node_version: "1.0.0",
  version_supported: true,
  update_available: null,
};

describe("nodeHints", () => {
  it("says nothing about a healthy, current node", () => {
    expect(nodeHints(base)).toEqual([]);
  });

  it("reports a failing registration with the stored reason first", () => {
    const hints = nodeHints({ ...base, last_register_error: "Camera limit reached", last_register_error_at: "2026-01-01T00:00:00Z", update_available: "1.3.0" });
    expect(hints.map((h) => h.kind)).toEqual(["register-error", "update"]);
    expect(hints[0].text).toContain("Camera limit reached");
  });

  it("offers the release feed's update, or warns when the version is below the minimum", () => {
    expect(nodeHints({ ...base, update_available: "1.3.0" })[0]).toMatchObject({ kind: "update", text: expect.stringContaining("v1.3.0") });
    expect(nodeHints({ ...base, node_version: "0.9.0", version_supported: false, update_available: "1.3.0" }).map((h) => h.kind)).toEqual(["unsupported"]);
  });

  it("tells a never-seen node to install, without offering it an update", () => {
    // The server names the latest release as update_available for a node with no version.
    expect(nodeHints({ ...base, status: "pending", last_seen: null, node_version: null, update_available: "1.3.0" }).map((h) => h.kind)).toEqual(["waiting"]);
  });
});

describe("group icons", () => {
  it("maps stored names to icons and anything else (emoji, unknown) to the folder", () => {
    expect(groupIcon("warehouse").name).toBe("warehouse");
    expect(groupIcon("Home").name).toBe("home");
    expect(groupIcon("\u{1F4C1}").name).toBe("folder");
    expect(groupIcon("rocket").name).toBe("folder");
    expect(groupIcon(null).name).toBe("folder");
  });

  it("keeps hex colours and replaces anything else", () => {
    expect(groupColor("#ef4444")).toBe("#ef4444");
    expect(groupColor("red; background:url(x)")).toBe("#22c55e");
  });
});
