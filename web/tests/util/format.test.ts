import { describe, expect, it } from "vitest";
import { compareNames } from "../../src/util/format";

describe("compareNames", () => {
  it("orders numbers inside names by value, ignoring case", () => {
    const names = ["Camera 10", "camera 2", "Camera 1", "Camera 11", "Back yard"];
    expect([...names].sort(compareNames)).toEqual([
      "Back yard",
      "Camera 1",
      "camera 2",
      "Camera 10",
      "Camera 11",
    ]);
  });

  it("treats a missing name as empty", () => {
    expect(compareNames(undefined, "A")).toBeLessThan(0);
  });
});
