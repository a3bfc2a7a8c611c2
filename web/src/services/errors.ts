// One parser for every error envelope the server emits (rest-api.md §0.3), so a toast
// always shows a sentence and never "[object Object]":
//   E1 {detail: "text"}
//   E2 {detail: {message, plan_limit_hit?, ...}}          (402 push, 426 version)
//   E3 {detail: {error: "validation_failed", message, errors: [...]}}
//   E4 {error: "rate_limit_exceeded", message, limit, retry_after_seconds}
//   E5 {detail: {error: code, message, ...extras}}
//   E6 {error: "sentence"}                                 (MCP gate)
//   FastAPI-style {detail: [{loc, msg}]} 422 lists, plain text bodies, empty bodies.
// E1–E6 are declared in the OpenAPI document (`ErrorEnvelope` below); the parser still takes
// `unknown`, since a proxy or an older server may answer anything.

import type { components } from "../api/schema";

type Schemas = components["schemas"];

/** The error bodies the server declares: E1/E2/E5, E3, E4 and E6. */
export type ErrorEnvelope = Schemas["ErrorBody"] | Schemas["ValidationErrorBody"] | Schemas["RateLimitBody"] | Schemas["McpGateError"];

type Json = Record<string, unknown>;

export interface ParsedError {
  /** Always a non-empty sentence. */
  message: string;
  code: string | null;
  extras: Json;
}

const STATUS_TEXT: Record<number, string> = {
  400: "The request was not accepted.",
  401: "Your session has expired. Please sign in again.",
  402: "This action needs a paid plan or up-to-date billing.",
  403: "You don't have permission to do that.",
  404: "Not found.",
  409: "That conflicts with the current state.",
  413: "That request is too large.",
  422: "Some of the values you entered are not valid.",
  426: "This client version is no longer supported.",
  429: "Too many requests. Please wait a moment and try again.",
  500: "The server ran into a problem. Please try again.",
  502: "The server is unreachable right now.",
  503: "The service is temporarily unavailable.",
  504: "The server took too long to answer.",
};

// Codes whose envelope carries no sentence of its own.
const CODE_TEXT: Record<string, (detail: Json) => string> = {
  plan_required: (d) => `This feature requires the ${planLabel(d.plan)} plan or higher.`,
  monthly_cap_reached: (d) =>
    `Monthly run cap reached${d.cap != null ? ` (${String(d.used ?? d.cap)} of ${String(d.cap)} used)` : ""}. It resets on the 1st.`,
  sentinel_dispatch_disabled: () => "Sentinel AI runs are paused for maintenance. Try again later.",
  rate_limit_exceeded: () => STATUS_TEXT[429],
  validation_failed: () => STATUS_TEXT[422],
};

function planLabel(slug: unknown): string {
  if (slug === "pro_plus") return "Pro Plus";
  if (slug === "pro") return "Pro";
  return typeof slug === "string" && slug ? slug : "Pro";
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function humanizeCode(code: string): string {
  const text = code.replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeValidationItem(item: unknown): string | null {
  if (isText(item)) return item;
  if (!isObject(item)) return null;
  const msg = isText(item.msg) ? item.msg : isText(item.message) ? item.message : null;
  if (!msg) return null;
  const loc = Array.isArray(item.loc) ? item.loc.filter((part: unknown) => part !== "body").join(".") : "";
  return loc ? `${msg} (${loc})` : msg;
}

function fromDetailObject(detail: Json, status: number): ParsedError {
  const code = isText(detail.error) ? detail.error : null;
  let message: string | null = null;
  const limitHit = detail.plan_limit_hit;
  if (isText(detail.message)) message = detail.message;
  else if (isObject(limitHit) && isText(limitHit.detail)) message = limitHit.detail;
  else if (isText(detail.detail)) message = detail.detail;
  else if (code && CODE_TEXT[code]) message = CODE_TEXT[code](detail);
  else if (Array.isArray(detail.errors) && detail.errors.length) message = describeValidationItem(detail.errors[0]);
  else if (code) message = humanizeCode(code);
  const { error: _e, message: _m, ...extras } = detail;
  return { message: message || STATUS_TEXT[status] || "", code, extras };
}

/**
 * Turns a response status + parsed body (object, string or null) into
 * `{message, code, extras}`. `message` is always a non-empty string.
 */
export function parseErrorBody(status: number, body: unknown, statusText = ""): ParsedError {
  let message: string | null = null;
  let code: string | null = null;
  let extras: Json = {};

  if (isText(body)) {
    const trimmed = body.trim();
    // An HTML error page is not a message; a short plain-text body is.
    if (!trimmed.startsWith("<") && trimmed.length <= 300) message = trimmed;
  } else if (isObject(body)) {
    const { detail } = body;
    if (isText(detail)) {
      message = detail;
    } else if (Array.isArray(detail)) {
      const parts = detail.map(describeValidationItem).filter(Boolean);
      message = parts.length ? parts.join("; ") : null;
      code = "validation_failed";
      extras = { errors: detail };
    } else if (isObject(detail)) {
      ({ message, code, extras } = fromDetailObject(detail, status));
    } else if (isText(body.error) || isText(body.message)) {
      // Top-level envelopes: E4 (rate limit) and E6 (MCP gate).
      code = isText(body.error) && isText(body.message) ? body.error : null;
      message = isText(body.message) ? body.message : isText(body.error) ? body.error : null;
      const { error: _e, message: _m, ...rest } = body;
      extras = rest;
    }
  }

  if (!isText(message)) {
    message = STATUS_TEXT[status] || (isText(statusText) ? statusText : null) || `Request failed (${status || "network"}).`;
  }
  return { message: String(message), code, extras };
}

export interface ApiErrorInit {
  status?: number;
  message: string;
  code?: string | null;
  extras?: Json;
  body?: unknown;
  retryAfter?: number | null;
}

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  code: string | null;
  extras: Json;
  /** The parsed response body (an `ErrorEnvelope` from this server). */
  body: unknown;
  /** Seconds, from `Retry-After` or the rate-limit body. */
  retryAfter: number | null;

  constructor({ status = 0, message, code = null, extras = {}, body = null, retryAfter = null }: ApiErrorInit) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.extras = extras;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  get isPaymentRequired(): boolean {
    return this.status === 402;
  }

  get isRateLimited(): boolean {
    return this.status === 429;
  }
}

/** A sentence for anything thrown: ApiError, Error, string, or something odd. */
export function errorMessage(error: unknown, fallback = "Something went wrong."): string {
  if (!error) return fallback;
  if (isText(error)) return error;
  if (typeof error === "object" && "message" in error && isText(error.message)) return error.message;
  return fallback;
}

/** The HTTP status of a thrown ApiError (or anything carrying a numeric `status`). */
export function errorStatus(error: unknown): number | null {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : null;
}
