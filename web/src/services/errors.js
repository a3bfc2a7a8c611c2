// One parser for every error envelope the server emits (rest-api.md §0.3), so a toast
// always shows a sentence and never "[object Object]":
//   E1 {detail: "text"}
//   E2 {detail: {message, plan_limit_hit?, ...}}          (402 push, 426 version)
//   E3 {detail: {error: "validation_failed", message, errors: [...]}}
//   E4 {error: "rate_limit_exceeded", message, limit, retry_after_seconds}
//   E5 {detail: {error: code, message, ...extras}}
//   E6 {error: "sentence"}                                 (MCP gate)
//   FastAPI-style {detail: [{loc, msg}]} 422 lists, plain text bodies, empty bodies.

const STATUS_TEXT = {
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
const CODE_TEXT = {
  plan_required: (d) => `This feature requires the ${planLabel(d.plan)} plan or higher.`,
  monthly_cap_reached: (d) =>
    `Monthly run cap reached${d.cap != null ? ` (${d.used ?? d.cap} of ${d.cap} used)` : ""}. It resets on the 1st.`,
  sentinel_dispatch_disabled: () => "Sentinel AI runs are paused for maintenance. Try again later.",
  rate_limit_exceeded: () => STATUS_TEXT[429],
  validation_failed: () => STATUS_TEXT[422],
};

function planLabel(slug) {
  if (slug === "pro_plus") return "Pro Plus";
  if (slug === "pro") return "Pro";
  return typeof slug === "string" && slug ? slug : "Pro";
}

function isText(value) {
  return typeof value === "string" && value.trim() !== "";
}

function humanizeCode(code) {
  const text = code.replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

function describeValidationItem(item) {
  if (isText(item)) return item;
  if (!item || typeof item !== "object") return null;
  const msg = isText(item.msg) ? item.msg : isText(item.message) ? item.message : null;
  if (!msg) return null;
  const loc = Array.isArray(item.loc) ? item.loc.filter((part) => part !== "body").join(".") : "";
  return loc ? `${msg} (${loc})` : msg;
}

function fromDetailObject(detail, status) {
  const code = isText(detail.error) ? detail.error : null;
  let message = null;
  if (isText(detail.message)) message = detail.message;
  else if (detail.plan_limit_hit && isText(detail.plan_limit_hit.detail)) message = detail.plan_limit_hit.detail;
  else if (isText(detail.detail)) message = detail.detail;
  else if (code && CODE_TEXT[code]) message = CODE_TEXT[code](detail);
  else if (Array.isArray(detail.errors) && detail.errors.length) message = describeValidationItem(detail.errors[0]);
  else if (code) message = humanizeCode(code);
  const { error: _e, message: _m, ...extras } = detail;
  return { message: message || STATUS_TEXT[status] || null, code, extras };
}

/**
 * Turns a response status + parsed body (object, string or null) into
 * `{message, code, extras}`. `message` is always a non-empty string.
 */
export function parseErrorBody(status, body, statusText = "") {
  let message = null;
  let code = null;
  let extras = {};

  if (isText(body)) {
    const trimmed = body.trim();
    // An HTML error page is not a message; a short plain-text body is.
    if (!trimmed.startsWith("<") && trimmed.length <= 300) message = trimmed;
  } else if (body && typeof body === "object" && !Array.isArray(body)) {
    const { detail } = body;
    if (isText(detail)) {
      message = detail;
    } else if (Array.isArray(detail)) {
      const parts = detail.map(describeValidationItem).filter(Boolean);
      message = parts.length ? parts.join("; ") : null;
      code = "validation_failed";
      extras = { errors: detail };
    } else if (detail && typeof detail === "object") {
      ({ message, code, extras } = fromDetailObject(detail, status));
    } else if (isText(body.error) || isText(body.message)) {
      // Top-level envelopes: E4 (rate limit) and E6 (MCP gate).
      code = isText(body.error) && isText(body.message) ? body.error : null;
      message = isText(body.message) ? body.message : body.error;
      const { error: _e, message: _m, ...rest } = body;
      extras = rest;
    }
  }

  if (!isText(message)) {
    message = STATUS_TEXT[status] || (isText(statusText) ? statusText : null) || `Request failed (${status || "network"}).`;
  }
  return { message: String(message), code, extras };
}

export class ApiError extends Error {
  constructor({ status = 0, message, code = null, extras = {}, body = null, retryAfter = null }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.extras = extras;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  get isPaymentRequired() {
    return this.status === 402;
  }

  get isRateLimited() {
    return this.status === 429;
  }
}

/** A sentence for anything thrown: ApiError, Error, string, or something odd. */
export function errorMessage(error, fallback = "Something went wrong.") {
  if (!error) return fallback;
  if (isText(error)) return error;
  if (isText(error.message)) return error.message;
  return fallback;
}
