import { describe, expect, it } from "vitest";
import { parseSseChunk } from "../../src/services/sse";

describe("parseSseChunk", () => {
  it("parses complete frames, skips keepalives and keeps the partial tail", () => {
    const buffer = 'data: {"type": "connected", "org_id": "o"}\n\n: keepalive\n\ndata: {"type": "motion", "score": 88}\n\ndata: {"type": "mo';
    const [events, rest] = parseSseChunk(buffer);
    expect(events).toEqual([{ type: "connected", org_id: "o" }, { type: "motion", score: 88 }]);
    expect(rest).toBe('data: {"type": "mo');
  });

  it("handles CRLF framing and non-JSON data", () => {
    const [events] = parseSseChunk("data: hello\r\n\r\n");
    expect(events).toEqual([{ type: "message", data: "hello" }]);
  });
});
