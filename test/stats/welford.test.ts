import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { Welford } from "../../src/stats/welford.js";

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

function of(values: readonly number[]): Welford {
  const w = new Welford();
  for (const v of values) w.add(v);
  return w;
}

describe("Welford", () => {
  it("gives the textbook mean and sample variance of a small data set", () => {
    const w = of([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(w.count).toBe(8);
    expect(w.mean).toBe(5);
    expect(w.variance).toBeCloseTo(32 / 7, 14);
    expect(w.stddev).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(w.min).toBe(2);
    expect(w.max).toBe(9);
  });

  it("keeps the variance exact for values with a large common offset", () => {
    const w = of([4, 7, 13, 16].map((x) => 1e9 + x));
    expect(w.variance).toBe(30);
  });

  it("reports variance 0 for one value and NaN figures when empty", () => {
    expect(of([3]).variance).toBe(0);
    const empty = new Welford();
    expect(empty.count).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.variance).toBeNaN();
    expect(empty.min).toBeNaN();
    expect(empty.max).toBeNaN();
  });

  it("merges two accumulators into the same figures as adding every value to one", () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 40 }), fc.array(finite, { maxLength: 40 }), (a, b) => {
        const merged = of(a).merge(of(b));
        const whole = of([...a, ...b]);
        expect(merged.count).toBe(whole.count);
        if (whole.count === 0) return;
        const scale = Math.max(1, ...[...a, ...b].map(Math.abs));
        expect(Math.abs(merged.mean - whole.mean)).toBeLessThanOrEqual(1e-12 * scale);
        expect(Math.abs(merged.variance - whole.variance)).toBeLessThanOrEqual(1e-9 * scale * scale);
        expect(merged.min).toBe(whole.min);
        expect(merged.max).toBe(whole.max);
      }),
    );
  });

  it("leaves the merged-in accumulator unchanged", () => {
    const other = of([1, 2, 3]);
    of([10]).merge(other);
    expect(other.toJSON()).toEqual(of([1, 2, 3]).toJSON());
  });

  it("round-trips through JSON to an accumulator that continues identically", () => {
    const w = of([1.5, -2.25, 8]);
    const copy = Welford.fromJSON(JSON.parse(JSON.stringify(w)));
    expect(copy.toJSON()).toEqual(w.toJSON());
    expect(copy.add(4).toJSON()).toEqual(w.add(4).toJSON());
  });

  it("serialises an empty accumulator without Infinity or NaN", () => {
    const json = JSON.stringify(new Welford());
    expect(json).toBe('{"count":0,"mean":0,"m2":0,"min":null,"max":null}');
    expect(Welford.fromJSON(JSON.parse(json)).count).toBe(0);
  });

  it("rejects non-finite values", () => {
    expect(() => new Welford().add(NaN)).toThrow(/finite/);
    expect(() => new Welford().add(Infinity)).toThrow(/finite/);
  });

  it("rejects malformed JSON", () => {
    expect(() => Welford.fromJSON({ count: -1, mean: 0, m2: 0, min: null, max: null })).toThrow(/count/);
    expect(() => Welford.fromJSON({ count: 2, mean: 0, m2: 0, min: null, max: 1 })).toThrow(/min/);
    expect(() => Welford.fromJSON(null)).toThrow(/count/);
  });
});
