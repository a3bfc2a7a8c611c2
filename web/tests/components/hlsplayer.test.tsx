import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { setTokenGetter } from "../../src/auth/token";

type Handler = (event?: string, data?: unknown) => void;
interface FakeConfig {
  xhrSetup: (xhr: Pick<XMLHttpRequest, "setRequestHeader">, url: string) => Promise<void> | void;
}

// The parts of an hls.js instance the tests drive and inspect.
interface FakeInstance {
  config: FakeConfig;
  handlers: Record<string, Handler>;
  destroyed: boolean;
  recovered?: boolean;
  src?: string;
}

const instances: FakeInstance[] = [];
vi.mock("hls.js/light", () => {
  class FakeHls implements FakeInstance {
    config: FakeConfig;
    handlers: Record<string, Handler> = {};
    destroyed = false;
    recovered?: boolean;
    src?: string;

    static isSupported() {
      return true;
    }
    static Events = { ERROR: "hlsError", MANIFEST_PARSED: "hlsManifestParsed" };
    static ErrorTypes = { NETWORK_ERROR: "networkError", MEDIA_ERROR: "mediaError" };
    constructor(config: FakeConfig) {
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
    recoverMediaError() {
      this.recovered = true;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return { default: FakeHls };
});

const { default: HlsPlayer } = await import("../../src/components/HlsPlayer");

beforeEach(() => {
  instances.length = 0;
  setTokenGetter(async () => "shared-token");
});
afterEach(() => setTokenGetter(null));

describe("HlsPlayer", () => {
  it("adds the shared bearer token to every hls.js request", async () => {
    render(<HlsPlayer src="/api/cameras/c1/master.m3u8" />);
    const hls = instances[0];
    expect(hls.src).toBe("/api/cameras/c1/master.m3u8");
    const xhr = { setRequestHeader: vi.fn() };
    await hls.config.xhrSetup(xhr, "/api/cameras/c1/segment/segment_00001.ts");
    expect(xhr.setRequestHeader).toHaveBeenCalledWith("Authorization", "Bearer shared-token");
  });

  it("stops and explains the viewer-hour cap (429)", () => {
    render(<HlsPlayer src="/s.m3u8" />);
    act(() => instances[0].handlers.hlsError("hlsError", { fatal: false, type: "networkError", response: { code: 429 } }));
    expect(screen.getByRole("status")).toHaveTextContent("Monthly viewer-hour cap reached");
    expect(screen.getByRole("link", { name: "Upgrade" })).toHaveAttribute("href", "/pricing");
    expect(instances[0].destroyed).toBe(true);
    expect(instances).toHaveLength(1);
  });

  it("explains plan suspension (402)", () => {
    render(<HlsPlayer src="/s.m3u8" />);
    act(() => instances[0].handlers.hlsError("hlsError", { fatal: true, type: "networkError", response: { code: 402 } }));
    expect(screen.getByRole("status")).toHaveTextContent("suspended by your plan");
  });

  it("rebuilds the player after a fatal network error", () => {
    vi.useFakeTimers();
    try {
      render(<HlsPlayer src="/s.m3u8" />);
      act(() => instances[0].handlers.hlsError("hlsError", { fatal: true, type: "networkError", response: { code: 404 } }));
      expect(screen.getByRole("status")).toHaveTextContent("Waiting for the camera");
      act(() => vi.advanceTimersByTime(3500));
      expect(instances).toHaveLength(2);
      expect(instances[0].destroyed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("leaves a VOD clip's controls usable once the manifest loads", () => {
    render(<HlsPlayer src="/clip.m3u8" live={false} autoPlay={false} controls />);
    expect(screen.getByRole("status")).toHaveTextContent("Connecting");
    act(() => instances[0].handlers.hlsManifestParsed());
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    expect(screen.queryByText("LIVE")).not.toBeInTheDocument();
  });

  it("recovers media errors in place", () => {
    render(<HlsPlayer src="/s.m3u8" />);
    act(() => instances[0].handlers.hlsError("hlsError", { fatal: true, type: "mediaError" }));
    expect(instances[0].recovered).toBe(true);
    expect(instances).toHaveLength(1);
  });
});
