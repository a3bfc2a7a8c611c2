import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Mock } from "vitest";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import type { SharedView } from "../../src/api/shareLinks";
import { jsonResponse } from "./fixtures";

type Handler = (event?: string, data?: unknown) => void;
interface FakeInstance {
  handlers: Record<string, Handler>;
  destroyed: boolean;
  src?: string;
  config: { xhrSetup: (xhr: Pick<XMLHttpRequest, "setRequestHeader">, url: string) => Promise<void> | void };
}
const instances: FakeInstance[] = [];
vi.mock("hls.js/light", () => {
  class FakeHls implements FakeInstance {
    handlers: Record<string, Handler> = {};
    destroyed = false;
    src?: string;
    config: FakeInstance["config"];
    static isSupported() {
      return true;
    }
    static Events = { ERROR: "hlsError", MANIFEST_PARSED: "hlsManifestParsed" };
    static ErrorTypes = { NETWORK_ERROR: "networkError", MEDIA_ERROR: "mediaError" };
    constructor(config: FakeInstance["config"]) {
      this.config = config;
      instances.push(this);
    }
    on(event: string, fn: Handler) {
      this.handlers[event] = fn;
    }
    loadSource(src: string) {
      this.src = src;
    }
    attachMedia() {}
    recoverMediaError() {}
    destroy() {
      this.destroyed = true;
    }
  }
  return { default: FakeHls };
});

const { RootRoutes } = await import("../../src/App");
const { setTokenGetter } = await import("../../src/auth/token");

const TOKEN = "shr_0123456789abcdef0123456789abcdef";
const HOUR = 3600_000;

function view(overrides: Partial<SharedView> = {}): SharedView {
  return {
    label: "Front door – shared",
    expires_at: new Date(Date.now() + 23 * HOUR + 5 * 60_000).toISOString(),
    cameras: [
      { camera_id: "cam_front", name: "Front door", status: "streaming", playlist: `/api/share/${TOKEN}/cameras/cam_front/stream.m3u8` },
      { camera_id: "cam_yard", name: "Yard", status: "offline", playlist: `/api/share/${TOKEN}/cameras/cam_yard/stream.m3u8` },
    ],
    ...overrides,
  };
}

let fetchMock: Mock<(request: Request) => Promise<Response>>;
const paths = () => fetchMock.mock.calls.map(([request]) => new URL(request.url).pathname);

// The app's real route table: the share page must render without any auth provider.
function openShare(token = TOKEN) {
  return render(
    <MemoryRouter initialEntries={[`/share/${token}`]}>
      <RootRoutes />
    </MemoryRouter>,
  );
}

beforeEach(() => {
  instances.length = 0;
  fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
  // A session elsewhere in the browser must not be sent from the public page.
  setTokenGetter(async () => "admin-session");
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  setTokenGetter(null);
  document.head.querySelectorAll("meta[name=referrer]").forEach((m) => m.remove());
});

describe("public share page", () => {
  it("shows the label, the expiry and a player per streaming camera, calling nothing else", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, view()));
    openShare();
    expect(await screen.findByRole("heading", { level: 1, name: "Front door – shared" })).toBeInTheDocument();
    expect(screen.getByTestId("share-expiry")).toHaveTextContent(/This link expires in 23 h — \S+/);
    const grid = screen.getByRole("list", { name: "Shared cameras" });
    const front = within(grid).getByRole("article", { name: "Front door" });
    const yard = within(grid).getByRole("article", { name: "Yard" });
    expect(within(yard).getByText("This camera is offline right now.")).toBeInTheDocument();
    expect(within(yard).getByTestId("share-camera-state")).toHaveTextContent("Offline");
    await waitFor(() => expect(instances).toHaveLength(1));
    expect(instances[0].src).toBe(`/api/share/${TOKEN}/cameras/cam_front/stream.m3u8`);
    expect(within(front).getByTestId("share-camera-state")).toHaveTextContent("Connecting");
    // No bearer token on the playlist and segment requests.
    const xhr = { setRequestHeader: vi.fn() };
    await instances[0].config.xhrSetup(xhr, "segment/segment_00001.ts");
    expect(xhr.setRequestHeader).not.toHaveBeenCalled();
    // The one API call, without the session's token; no header links, no sign-in.
    expect(paths()).toEqual([`/api/share/${TOKEN}`]);
    expect(fetchMock.mock.calls[0][0].headers.get("Authorization")).toBeNull();
    expect(screen.queryAllByRole("link")).toHaveLength(0);
    expect(screen.queryByText(/sign in/i)).not.toBeInTheDocument();
    expect(document.head.querySelector('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  });

  it("says when a camera's stream has not started, and LIVE once it plays", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, view()));
    openShare();
    const front = await screen.findByRole("article", { name: "Front door" });
    await waitFor(() => expect(instances).toHaveLength(1));
    act(() => instances[0].handlers.hlsError("hlsError", { fatal: true, type: "networkError", response: { code: 404 } }));
    expect(within(front).getByRole("status")).toHaveTextContent("The stream has not started yet");
    expect(within(front).getByTestId("share-camera-state")).toHaveTextContent("Not started");
  });

  it.each([
    [404, { detail: "Share link not found" }, "This link doesn't exist"],
    [410, { detail: { error: "share_link_expired", message: "expired" } }, "This link has expired"],
    [410, { detail: { error: "share_link_revoked", message: "revoked" } }, "This link was turned off"],
    [410, { detail: { error: "share_link_unavailable", message: "plan" } }, "This link is not available right now"],
    [429, { detail: { error: "share_link_full", message: "full", max_viewers: 2 } }, "Too many viewers"],
  ])("answers %i with a friendly page", async (status, body, heading) => {
    fetchMock.mockResolvedValue(jsonResponse(status, body));
    openShare();
    expect(await screen.findByRole("heading", { level: 1, name: heading })).toBeInTheDocument();
    if (status === 429) {
      expect(screen.getByText("This link already has its maximum number of viewers. Try again in a minute.")).toBeInTheDocument();
      expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    }
    expect(instances).toHaveLength(0);
  });

  it("tries again after a full link", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(429, { detail: { error: "share_link_full", message: "full" } })).mockResolvedValue(jsonResponse(200, view()));
    openShare();
    const retry = await screen.findByRole("button", { name: "Try again" });
    act(() => retry.click());
    expect(await screen.findByRole("heading", { level: 1, name: "Front door – shared" })).toBeInTheDocument();
  });

  it("says when no camera is left on the link", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, view({ cameras: [] })));
    openShare();
    expect(await screen.findByText("No cameras are available on this link")).toBeInTheDocument();
  });

  it("switches to the revoked page when a playlist starts answering 410", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, view()));
    openShare();
    await screen.findByRole("article", { name: "Front door" });
    await waitFor(() => expect(instances).toHaveLength(1));
    const networkDetails = { status: 410, responseText: JSON.stringify({ detail: { error: "share_link_revoked", message: "revoked" } }) };
    act(() => instances[0].handlers.hlsError("hlsError", { fatal: false, type: "networkError", response: { code: 410 }, networkDetails }));
    expect(await screen.findByRole("heading", { level: 1, name: "This link was turned off" })).toBeInTheDocument();
    expect(instances[0].destroyed).toBe(true);
    expect(screen.queryByRole("article")).not.toBeInTheDocument();
  });

  it("stops the players and says so when the link expires while watching", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    fetchMock.mockResolvedValue(jsonResponse(200, view({ expires_at: new Date(Date.now() + 90_000).toISOString() })));
    openShare();
    expect(await screen.findByTestId("share-expiry")).toHaveTextContent("This link expires in 1 min");
    await waitFor(() => expect(instances).toHaveLength(1));
    await act(async () => {
      vi.advanceTimersByTime(91_000);
    });
    expect(screen.getByRole("heading", { level: 1, name: "This link has expired" })).toBeInTheDocument();
    expect(instances[0].destroyed).toBe(true);
    expect(screen.queryByRole("article")).not.toBeInTheDocument();
    expect(paths()).toEqual([`/api/share/${TOKEN}`]);
  });

  it("counts down as time passes", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    fetchMock.mockResolvedValue(jsonResponse(200, view({ expires_at: new Date(Date.now() + 3 * HOUR + 30_000).toISOString() })));
    openShare();
    expect(await screen.findByTestId("share-expiry")).toHaveTextContent("This link expires in 3 h");
    await waitFor(() => expect(instances).toHaveLength(1));
    await act(async () => {
      vi.advanceTimersByTime(HOUR + 60_000);
    });
    expect(screen.getByTestId("share-expiry")).toHaveTextContent("This link expires in 1 h 59 min");
  });
});
