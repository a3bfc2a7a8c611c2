import { describe, expect, it } from "vitest";
import { ApiError, errorMessage, parseErrorBody } from "../../src/services/errors";
import type { ErrorEnvelope } from "../../src/services/errors";

// Fixtures typed as ErrorEnvelope are the shapes the OpenAPI document declares: a renamed
// field on the server fails `tsc` here.

describe("parseErrorBody", () => {
  it("reads a plain detail string (E1)", () => {
    const body: ErrorEnvelope = { detail: "Camera not found" };
    expect(parseErrorBody(404, body)).toMatchObject({ message: "Camera not found", code: null });
  });

  it("reads the structured ApiError envelope (E5) with code and extras", () => {
    const body: ErrorEnvelope = { detail: { error: "conflict", message: "Already exists", key_id: 7 } };
    const parsed = parseErrorBody(409, body);
    expect(parsed).toEqual({ message: "Already exists", code: "conflict", extras: { key_id: 7 } });
  });

  it("reads the validation envelope (E3)", () => {
    const body: ErrorEnvelope = { detail: { error: "validation_failed", message: "Field required (name)", errors: [{ loc: ["body", "name"], msg: "Field required", type: "missing" }] } };
    expect(parseErrorBody(422, body)).toMatchObject({ message: "Field required (name)", code: "validation_failed" });
  });

  it("reads a FastAPI-style 422 list", () => {
    const body = { detail: [{ loc: ["body", "scope_mode"], msg: "Input should be 'all', 'readonly' or 'custom'", type: "literal_error" }, { loc: ["query", "limit"], msg: "too big" }] };
    const parsed = parseErrorBody(422, body);
    expect(parsed.message).toBe("Input should be 'all', 'readonly' or 'custom' (scope_mode); too big (query.limit)");
    expect(parsed.code).toBe("validation_failed");
  });

  it("reads the top-level rate-limit body (E4)", () => {
    const body: ErrorEnvelope = { error: "rate_limit_exceeded", message: "Too many requests. Back off and retry.", limit: "5 per 1 minute", retry_after_seconds: 60 };
    expect(parseErrorBody(429, body)).toEqual({ message: "Too many requests. Back off and retry.", code: "rate_limit_exceeded", extras: { limit: "5 per 1 minute", retry_after_seconds: 60 } });
  });

  it("reads the MCP gate's bare error sentence (E6)", () => {
    const body: ErrorEnvelope = { error: "Request body too large (max 2 MB)." };
    expect(parseErrorBody(413, body).message).toBe("Request body too large (max 2 MB).");
  });

  it("reads the push-segment plan-limit body (E2) without an error key", () => {
    const body = { detail: { message: "Camera suspended by plan limit", plan_limit_hit: { plan: "Free", max_cameras: 5, skipped: ["Porch"], detail: "Upgrade" } } };
    expect(parseErrorBody(402, body).message).toBe("Camera suspended by plan limit");
    expect(parseErrorBody(402, { detail: { plan_limit_hit: { detail: "Camera 'Porch' is over the Free plan limit" } } }).message).toBe("Camera 'Porch' is over the Free plan limit");
  });

  it("turns message-less codes into sentences", () => {
    expect(parseErrorBody(402, { detail: { error: "plan_required", plan: "pro" } }).message).toBe("This feature requires the Pro plan or higher.");
    expect(parseErrorBody(429, { detail: { error: "monthly_cap_reached", cap: 100, used: 100 } }).message).toMatch(/Monthly run cap reached \(100 of 100 used\)/);
    expect(parseErrorBody(503, { detail: { error: "some_new_code" } }).message).toBe("Some new code.");
  });

  it("uses short plain-text bodies and ignores HTML pages", () => {
    expect(parseErrorBody(500, "Internal Server Error").message).toBe("Internal Server Error");
    expect(parseErrorBody(502, "<html><body>Bad gateway</body></html>").message).toBe("The server is unreachable right now.");
  });

  it("never yields [object Object], whatever the body", () => {
    const odd = [null, undefined, "", {}, [], { detail: {} }, { detail: { message: { nested: true } } }, { detail: [{}] }, { error: { x: 1 } }, { detail: 42 }, 17];
    for (const body of odd) {
      for (const status of [0, 400, 418, 500]) {
        const { message } = parseErrorBody(status, body);
        expect(typeof message).toBe("string");
        expect(message).not.toMatch(/object Object/);
        expect(message.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("errorMessage", () => {
  it("handles ApiError, Error, strings and junk", () => {
    expect(errorMessage(new ApiError({ status: 400, message: "Bad" }))).toBe("Bad");
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("text")).toBe("text");
    expect(errorMessage({ message: { a: 1 } })).toBe("Something went wrong.");
    expect(errorMessage(null, "fallback")).toBe("fallback");
  });
});
