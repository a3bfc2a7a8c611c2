import { describe, expect, it } from "vitest";
import { BURST_WINDOW_MS, cameraList, joinBurst } from "../../src/util/motionBurst";

describe("joinBurst", () => {
  it("folds events within the window into one burst, each camera once", () => {
    let burst = joinBurst(null, "a", "Front", 1_000);
    burst = { ...burst, toastId: 7 };
    burst = joinBurst(burst, "b", "Yard", 2_000);
    burst = joinBurst(burst, "a", "Front", 3_000);
    expect(burst.cameraIds).toEqual(["a", "b"]);
    expect(burst.names).toEqual(["Front", "Yard"]);
    expect(burst.toastId).toBe(7);
    expect(burst.startedAt).toBe(1_000);
  });

  it("starts a new burst once the window has passed", () => {
    const first = { ...joinBurst(null, "a", "Front", 0), toastId: 3 };
    const next = joinBurst(first, "b", "Yard", BURST_WINDOW_MS);
    expect(next.cameraIds).toEqual(["b"]);
    expect(next.toastId).toBeUndefined();
  });
});

describe("cameraList", () => {
  it("names up to three cameras and counts the rest", () => {
    expect(cameraList(["Front"])).toBe("Front");
    expect(cameraList(["Front", "Yard"])).toBe("Front and Yard");
    expect(cameraList(["Front", "Yard", "Gate"])).toBe("Front, Yard and Gate");
    expect(cameraList(["Front", "Yard", "Gate", "Barn", "Drive"])).toBe("Front, Yard and 3 more");
  });
});
