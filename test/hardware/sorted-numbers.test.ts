import { describe, expect, it } from "vitest";
import { firstAtOrAbove, firstIndexAtOrAbove, indexOf, insertSorted, lastIndexAtOrBelow } from "../../src/hardware/sorted-numbers.js";

describe("sorted number helpers", () => {
  const a = [2, 4, 4, 9];

  it("find the first index at or above and the last at or below a value", () => {
    expect([1, 2, 3, 4, 5, 9, 10].map((v) => firstIndexAtOrAbove(a, v))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect([1, 2, 3, 4, 5, 9, 10].map((v) => lastIndexAtOrBelow(a, v))).toEqual([-1, 0, 0, 2, 2, 3, 3]);
  });

  it("find a value or the next one", () => {
    expect(indexOf(a, 9)).toBe(3);
    expect(indexOf(a, 5)).toBe(-1);
    expect(firstAtOrAbove(a, 5)).toBe(9);
    expect(firstAtOrAbove(a, 10)).toBe(-1);
    expect(indexOf([], 0)).toBe(-1);
  });

  it("insert in order", () => {
    const b: number[] = [];
    for (const v of [5, 1, 3, 9, 0]) insertSorted(b, v);
    expect(b).toEqual([0, 1, 3, 5, 9]);
  });
});
