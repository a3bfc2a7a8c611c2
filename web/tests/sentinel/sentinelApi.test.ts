import { afterEach, describe, expect, it, vi } from "vitest";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import { agentState, describeAgent, explainPending, explainRunning, formatWait, getSentinelConfig, readAgentStatus } from "../../src/services/sentinelApi";
import type { SentinelAgentStatus, SentinelRun } from "../../src/services/sentinelApi";

afterEach(() => vi.restoreAllMocks());

const NOW = Date.parse("2026-12-07T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;

const agent = (overrides: Partial<SentinelAgentStatus> = {}): SentinelAgentStatus => ({
  wakeup_configured: true,
  agent_key_configured: true,
  last_poll_at: ago(10_000),
  last_wakeup_at: null,
  last_wakeup_error: null,
  ...overrides,
});

const run = (overrides: Partial<SentinelRun> = {}): SentinelRun => ({
  id: "a".repeat(32),
  triggered_at: ago(30_000),
  trigger_type: "manual",
  tool_call_count: 0,
  outcome: "pending",
  summary: "",
  ...overrides,
});

describe("readAgentStatus", () => {
  it("treats a missing or malformed agent object as unknown", () => {
    expect(readAgentStatus({ config: {} })).toBeNull();
    expect(readAgentStatus({ agent: "yes" })).toBeNull();
    expect(readAgentStatus(null)).toBeNull();
  });

  it("reads the fields it knows and nothing else", () => {
    expect(readAgentStatus({ agent: { wakeup_configured: true, agent_key_configured: "true", last_poll_at: "2026-12-07T11:59:00Z", last_wakeup_error: "" } })).toEqual({
      wakeup_configured: true,
      agent_key_configured: false,
      last_poll_at: "2026-12-07T11:59:00Z",
      last_wakeup_at: null,
      last_wakeup_error: null,
    });
  });

  it("adds it to the config view", async () => {
    const view: Omit<Schemas["SentinelConfigView"], "agent"> = {
      config: { enabled: true, motion_enabled: true, incident_opened_enabled: true, motion_cooldown_min: 5, schedule_mode: "always", schedule_start: "22:00", schedule_end: "06:00", active_days: [], camera_scope: {} },
      plan_gated: false,
      plan_required: "pro",
      plan_current: "Pro",
      monthly_cap: 100,
    };
    vi.spyOn(api, "getSentinelConfig").mockResolvedValue({ ...view, agent: agent() } as Schemas["SentinelConfigView"]);
    expect((await getSentinelConfig()).agent?.agent_key_configured).toBe(true);
  });
});

describe("agentState", () => {
  it("covers connected, never polled, stale, failing, not configured and unknown", () => {
    expect(agentState(agent(), NOW)).toBe("connected");
    expect(agentState(agent({ last_poll_at: null }), NOW)).toBe("never_polled");
    expect(agentState(agent({ last_poll_at: ago(20 * MIN) }), NOW)).toBe("stale");
    expect(agentState(agent({ last_poll_at: null, last_wakeup_error: "HTTP 502" }), NOW)).toBe("wakeup_failing");
    expect(agentState(agent({ agent_key_configured: false, last_poll_at: null }), NOW)).toBe("not_configured");
    expect(agentState(null, NOW)).toBe("unknown");
  });

  it("puts the wake-up error in the explanation", () => {
    expect(describeAgent(agent({ last_poll_at: null, last_wakeup_error: "connection refused" }), NOW).detail).toContain("connection refused");
    expect(describeAgent(agent({ last_poll_at: null, wakeup_configured: false }), NOW).detail).toContain("No wake-up URL");
    expect(describeAgent(agent({ agent_key_configured: false, last_poll_at: null, wakeup_configured: false }), NOW).detail).not.toContain("No wake-up URL");
  });
});

describe("explainPending", () => {
  it("gives the wait, the reason and the time left before the 6 h expiry", () => {
    const why = explainPending(run({ triggered_at: ago(90 * MIN) }), agent({ agent_key_configured: false, last_poll_at: null }), NOW);
    expect(formatWait(why.waitedMs)).toBe("1 h 30 min");
    expect(formatWait(why.expiresInMs)).toBe("4 h 30 min");
    expect(why.reason).toBe("No agent is connected to claim it.");
  });

  it("distinguishes a fresh run from one the agent ignores after the re-wake", () => {
    expect(explainPending(run({ triggered_at: ago(30_000) }), agent(), NOW).reason).toBe("Waiting for the agent to claim it.");
    expect(explainPending(run({ triggered_at: ago(3 * MIN) }), agent(), NOW).reason).toContain("woken again");
    expect(explainPending(run({ triggered_at: ago(3 * MIN) }), null, NOW).reason).toContain("wakes the agent again after 2 minutes");
    expect(explainPending(run({ triggered_at: ago(7 * 60 * MIN) }), null, NOW).expiresInMs).toBe(0);
  });
});

describe("explainRunning", () => {
  it("counts from the claim and gives the 20 minute stranding limit", () => {
    const why = explainRunning(run({ outcome: "running", triggered_at: ago(30 * MIN), started_at: ago(5 * MIN) }), NOW);
    expect(formatWait(why.waitedMs)).toBe("5 min");
    expect(formatWait(why.expiresInMs)).toBe("15 min");
  });
});
