import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { ErrorHistory } from "../../src/hardware/error-history.js";

describe("ErrorHistory", () => {
  it("counts the errors in (now − window, now]", () => {
    const h = new ErrorHistory(100);
    h.add(10, 2);
    h.add(20, 3);
    h.add(20, 1);
    expect(h.total).toBe(6);
    expect(h.countIn(20, 10)).toBe(4); // 10 is on the open edge
    expect(h.countIn(20, 11)).toBe(6);
    expect(h.countIn(15, 10)).toBe(2);
    expect(h.countIn(200, 100)).toBe(0);
  });

  it("forgets entries older than its span but keeps the total", () => {
    const h = new ErrorHistory(10);
    for (let t = 0; t < 1000; t++) h.add(t, 1);
    expect(h.total).toBe(1000);
    expect(h.countIn(999, 10)).toBe(10);
    expect(h.countIn(999, 5)).toBe(5);
  });

  it("matches a brute-force count when it grows, compacts and forgets", () => {
    const h = new ErrorHistory(500);
    const rng = new RandomStreams(4, 0).stream("history");
    const all: [number, number][] = [];
    let t = 0;
    for (let i = 0; i < 3000; i++) {
      t += rng.next() < 0.95 ? rng.next() : rng.next() * 1500;
      const count = 1 + Math.floor(rng.next() * 3);
      h.add(t, count);
      all.push([t, count]);
      const window = 1 + rng.next() * 499;
      const expected = all.filter(([at]) => at > t - window && at <= t).reduce((s, [, c]) => s + c, 0);
      expect(h.countIn(t, window)).toBe(expected);
    }
  });

  it("rejects out-of-order errors, windows beyond its span, and a bad span", () => {
    const h = new ErrorHistory(10);
    h.add(5, 1);
    expect(() => h.add(4, 1)).toThrow(/out of time order/);
    expect(() => h.countIn(5, 11)).toThrow(/\(0, 10\]/);
    expect(() => h.countIn(5, 0)).toThrow(RangeError);
    expect(() => new ErrorHistory(0)).toThrow(/span/);
  });

  it("forgets everything on clear", () => {
    const h = new ErrorHistory(10);
    h.add(5, 3);
    h.clear();
    expect(h.total).toBe(0);
    expect(h.latest).toBe(-Infinity);
    expect(h.countIn(5, 10)).toBe(0);
    h.add(1, 1); // time order restarts after a clear
    expect(h.countIn(1, 1)).toBe(1);
  });
});
