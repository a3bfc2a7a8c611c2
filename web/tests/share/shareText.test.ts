import { describe, expect, it } from "vitest";
import { expiryNotice, formatDuration, linkTarget, linkTiming, refusalState } from "../../src/components/share/shareText";
import { link } from "./fixtures";

const HOUR = 3600_000;

describe("share text", () => {
  it("words durations coarsely", () => {
    expect(formatDuration(30_000)).toBe("less than a minute");
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(80 * 60_000)).toBe("1 h 20 min");
    expect(formatDuration(23 * HOUR + 59 * 60_000)).toBe("23 h");
    expect(formatDuration(72 * HOUR)).toBe("3 days");
    expect(formatDuration(72 * HOUR - 1000)).toBe("2 days 23 h");
  });

  it("says when the link expires, and that it has", () => {
    const now = Date.UTC(2026, 11, 8, 12, 0);
    const expires = new Date(now + 23 * HOUR + 5 * 60_000).toISOString();
    expect(expiryNotice(expires, now)).toMatch(/^This link expires in 23 h — \S+/);
    expect(expiryNotice(expires, now + 24 * HOUR)).toBe("This link has expired");
  });

  it("describes a row's target and timing", () => {
    const now = Date.now();
    expect(linkTarget(link())).toBe("Camera: Front door");
    expect(linkTarget(link({ scope: "group", target_name: "Yard" }))).toBe("Group: Yard");
    expect(linkTarget(link({ target_name: null }))).toBe("Camera: deleted");
    expect(linkTiming(link(), now)).toBe("expires in 23 h");
    expect(linkTiming(link({ status: "expired", expires_at: new Date(now - 2 * HOUR).toISOString() }), now)).toBe("expired 2 h ago");
    expect(linkTiming(link({ status: "revoked", revoked_at: new Date(now - 3 * 60_000).toISOString() }), now)).toBe("revoked 3 min ago");
  });

  it("maps refusals to page states", () => {
    expect(refusalState(404, null)).toBe("not_found");
    expect(refusalState(410, "share_link_expired")).toBe("expired");
    expect(refusalState(410, "share_link_revoked")).toBe("revoked");
    expect(refusalState(410, "share_link_unavailable")).toBe("unavailable");
    expect(refusalState(410, null)).toBe("revoked");
    expect(refusalState(429, "share_link_full")).toBe("full");
    expect(refusalState(429, "rate_limit_exceeded")).toBe("error");
    expect(refusalState(0, null)).toBe("error");
  });
});

describe("times near now", () => {
  it("says just now within a minute either way (clock skew)", () => {
    const now = Date.now();
    expect(linkTiming(link({ status: "revoked", revoked_at: new Date(now + 2000).toISOString() }), now)).toBe("revoked just now");
    expect(linkTiming(link({ status: "revoked", revoked_at: new Date(now - 30_000).toISOString() }), now)).toBe("revoked just now");
  });
});
