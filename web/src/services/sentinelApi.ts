// Sentinel AI: the agent's connection status (the `agent` object of GET /api/sentinel/config,
// read defensively so an older server reads as "unknown") and why a run is still waiting, by the contract in
// docs/integration-and-sentinel.md §3: every run counts toward the monthly cap; a run
// pending over 2 minutes makes the server wake the agent again; one pending over 6 hours
// is closed as an error ("abandoned"), and one running over 20 minutes as "stranded".

import * as api from "./api";
import type { Schemas } from "./api";
import { parseServerTime } from "../util/format";

export type SentinelAgentStatus = Schemas["SentinelAgentStatus"];

export type SentinelConfigView = Omit<Schemas["SentinelConfigView"], "agent"> & { agent: SentinelAgentStatus | null };
export type SentinelRun = Schemas["SentinelRunItem"];

/** A pending run gets a second wake-up after this long. */
export const REWAKE_AFTER_MS = 2 * 60 * 1000;
/** A pending run is closed as abandoned after this long. */
export const ABANDON_AFTER_MS = 6 * 60 * 60 * 1000;
/** A claimed (running) run is closed as stranded this long after it started. */
export const STRANDED_AFTER_MS = 20 * 60 * 1000;
/** An agent that polled this recently counts as connected (it polls every few seconds). */
export const CONNECTED_WITHIN_MS = 5 * 60 * 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const bool = (value: unknown): boolean => value === true;
const textOrNull = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** The `agent` object, or null when the server does not send one (older server: unknown). */
export function readAgentStatus(payload: unknown): SentinelAgentStatus | null {
  if (!isRecord(payload) || !isRecord(payload.agent)) return null;
  const agent = payload.agent;
  return {
    wakeup_configured: bool(agent.wakeup_configured),
    agent_key_configured: bool(agent.agent_key_configured),
    last_poll_at: textOrNull(agent.last_poll_at),
    last_wakeup_at: textOrNull(agent.last_wakeup_at),
    last_wakeup_error: textOrNull(agent.last_wakeup_error),
  };
}

export async function getSentinelConfig(): Promise<SentinelConfigView> {
  const payload = await api.getSentinelConfig();
  return { ...payload, agent: readAgentStatus(payload) };
}

export type AgentState =
  | "unknown" // the server did not say
  | "not_configured" // no agent key: nothing can claim runs
  | "wakeup_failing" // the last wake-up webhook failed
  | "never_polled" // a key exists but no agent has ever asked for work
  | "stale" // it polled once, but not lately
  | "connected";

export interface AgentSummary {
  state: AgentState;
  title: string;
  detail: string;
}

function msSince(value: string | null | undefined, now: number): number | null {
  const at = parseServerTime(value);
  return at ? now - at.getTime() : null;
}

/** Milliseconds from a server timestamp until `now` (null when it does not parse). */
export function parseWaited(value: string | null | undefined, now = Date.now()): number | null {
  const ms = msSince(value, now);
  return ms === null ? null : Math.max(0, ms);
}

/** Words a duration the way a person reads it: "45 s", "12 min", "3 h 5 min". */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export function agentState(agent: SentinelAgentStatus | null, now = Date.now()): AgentState {
  if (!agent) return "unknown";
  const sincePoll = msSince(agent.last_poll_at, now);
  if (sincePoll !== null && sincePoll <= CONNECTED_WITHIN_MS) return agent.last_wakeup_error ? "wakeup_failing" : "connected";
  if (!agent.agent_key_configured) return "not_configured";
  if (agent.last_wakeup_error) return "wakeup_failing";
  return sincePoll === null ? "never_polled" : "stale";
}

export function describeAgent(agent: SentinelAgentStatus | null, now = Date.now()): AgentSummary {
  const summary = describeState(agent, now);
  // Without a wake-up URL the agent only learns of a run when it next polls.
  if (agent && agent.agent_key_configured && !agent.wakeup_configured && summary.state !== "connected") {
    return { ...summary, detail: `${summary.detail} No wake-up URL is configured either, so runs are only found when the agent polls.` };
  }
  return summary;
}

function describeState(agent: SentinelAgentStatus | null, now: number): AgentSummary {
  const state = agentState(agent, now);
  const polled = agent?.last_poll_at ? `last polled ${formatWait(msSince(agent.last_poll_at, now) ?? 0)} ago` : "";
  switch (state) {
    case "connected":
      return { state, title: "Agent connected", detail: `The agent ${polled}; new runs are picked up within seconds.` };
    case "not_configured":
      return { state, title: "No agent connected", detail: "No Sentinel agent key is configured on this server, so nothing picks runs up: they wait as pending and expire after 6 hours." };
    case "wakeup_failing":
      return { state, title: "Wake-ups are failing", detail: `The last wake-up call to the agent failed: ${agent?.last_wakeup_error ?? "unknown error"}.${polled ? ` The agent ${polled}.` : ""}` };
    case "never_polled":
      return { state, title: "Agent never connected", detail: "An agent key is configured, but no agent has asked for work yet. Runs wait as pending until one does." };
    case "stale":
      return { state, title: "Agent not polling", detail: `The agent ${polled}; runs wait as pending until it comes back.` };
    default:
      return { state, title: "Agent status unknown", detail: "This server does not report the agent's connection. Runs that stay pending are waiting for an agent to claim them." };
  }
}

export interface PendingExplanation {
  waitedMs: number;
  /** Until the server closes it as abandoned (0 when already due). */
  expiresInMs: number;
  reason: string;
}

/** How long a pending run has waited, why, and when it expires. */
export function explainPending(run: SentinelRun, agent: SentinelAgentStatus | null, now = Date.now()): PendingExplanation {
  const waitedMs = Math.max(0, msSince(run.triggered_at, now) ?? 0);
  const expiresInMs = Math.max(0, ABANDON_AFTER_MS - waitedMs);
  return { waitedMs, expiresInMs, reason: pendingReason(waitedMs, agentState(agent, now), agent) };
}

/** How long a claimed run has been running, and when the server gives up on it. */
export function explainRunning(run: SentinelRun, now = Date.now()): PendingExplanation {
  const waitedMs = Math.max(0, msSince(run.started_at ?? run.triggered_at, now) ?? 0);
  return { waitedMs, expiresInMs: Math.max(0, STRANDED_AFTER_MS - waitedMs), reason: "The agent claimed it and is investigating." };
}

function pendingReason(waitedMs: number, state: AgentState, agent: SentinelAgentStatus | null): string {
  if (state === "not_configured") return "No agent is connected to claim it.";
  if (state === "wakeup_failing") return `The last wake-up failed: ${agent?.last_wakeup_error ?? "unknown error"}.`;
  if (state === "never_polled") return "No agent has ever polled for work.";
  if (state === "stale") return "The agent has stopped polling.";
  if (waitedMs < REWAKE_AFTER_MS) return "Waiting for the agent to claim it.";
  if (state === "connected") return "The agent was woken again but has not claimed it yet.";
  return "No agent has claimed it yet; the server wakes the agent again after 2 minutes.";
}
