import { describe, it, expect } from "vitest";
import { editDistance, suggest } from "../../src/math/did-you-mean.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["mean", "mean", 0],
    ["mena", "mean", 1],
    ["kitten", "sitting", 3],
    ["weibul", "weibull", 1],
    ["ca", "abc", 3],
  ])("distance(%j, %j) = %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe("suggest", () => {
  it("finds a transposed key", () => {
    expect(suggest("mena", ["mean", "shape"])).toBe("mean");
  });

  it("is case-insensitive", () => {
    expect(suggest("MS", ["s", "ms"])).toBe("ms");
  });

  it("returns an exact match", () => {
    expect(suggest("h", ["s", "h"])).toBe("h");
  });

  it("accepts one edit for short words", () => {
    expect(suggest("hr", ["s", "h", "d"])).toBe("h");
  });

  it("accepts floor(len/3) edits for long words", () => {
    expect(suggest("replicaton_fctor", ["replication_factor"])).toBe("replication_factor");
  });

  it("refuses candidates beyond the limit", () => {
    expect(suggest("parsecs", ["s", "ms", "min", "h"])).toBeUndefined();
  });

  it("picks the closest candidate", () => {
    expect(suggest("exponental", ["exponentiall", "exponential"])).toBe("exponential");
  });

  it("breaks ties by candidate order", () => {
    expect(suggest("ab", ["ac", "bb"])).toBe("ac");
    expect(suggest("ab", ["bb", "ac"])).toBe("bb");
  });

  it("returns undefined for no candidates", () => {
    expect(suggest("x", [])).toBeUndefined();
  });
});
