import { describe, expect, it } from "vitest";
import { histogramBins } from "../../src/report/charts/distribution.js";

/** The count of values in [lo, hi) (or [lo, hi] for the last bin), straight from the data. */
const inBin = (values: readonly number[], b: { lo: number; hi: number; closed: boolean }) =>
  values.filter((v) => v >= b.lo && (b.closed ? v <= b.hi : v < b.hi)).length;

function expectExact(values: readonly number[]): void {
  const bins = histogramBins(values);
  expect(bins.length).toBeLessThanOrEqual(20);
  expect(bins.reduce((a, b) => a + b.n, 0)).toBe(values.length);
  for (const b of bins) expect(b.n, `[${b.lo}, ${b.hi}${b.closed ? "]" : ")"}`).toBe(inBin(values, b));
  bins.slice(1).forEach((b, i) => expect(b.lo).toBe(bins[i]!.hi));
  expect(bins.at(-1)!.closed).toBe(true);
}

describe("histogramBins", () => {
  it("counts availabilities crowding towards 1 in their own bins, the top edge closed (3 and 23, not 26 and 0)", () => {
    // The run: 3 replications in [0.9996, 0.9998), 23 in [0.9998, 1]; vega's bin put all 26 in the first.
    const values = [0.99961, 0.99965, 0.99979, ...Array.from({ length: 20 }, (_, i) => 0.9998 + i * 1e-5), 1, 1, 1];
    expectExact(values);
    const bins = histogramBins(values);
    expect(bins.at(-1)!.hi).toBeGreaterThanOrEqual(1);
    expect(bins.filter((b) => b.lo >= 0.9998 - 1e-12).reduce((a, b) => a + b.n, 0)).toBe(23);
    expect(bins.filter((b) => b.hi <= 0.9998 + 1e-12).reduce((a, b) => a + b.n, 0)).toBe(3);
  });

  it("puts a value on an inner edge in the bin it starts, and the maximum in the last bin", () => {
    const values = [0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 0.8, 0.9, 1];
    expectExact(values);
    const bins = histogramBins(values);
    expect(bins.find((b) => b.lo <= 0.5 && 0.5 < b.hi)!.lo).toBeCloseTo(0.5, 12);
    expect(bins.at(-1)!).toMatchObject({ closed: true });
    expect(bins.at(-1)!.hi).toBeCloseTo(1, 12);
  });

  it("is exact for values just either side of the edges", () => {
    const values = [0.2 - 1e-15, 0.2, 0.2 + 1e-15, 0.4 - 1e-15, 0.4, 0.6, 0.8, 0.8 + 1e-15, 1 - 1e-15, 1];
    expectExact(values);
  });

  it("is exact for integer counts over a wide range, and for a constant metric", () => {
    expectExact(Array.from({ length: 101 }, (_, i) => i * 3));
    expectExact([5, 5, 5]);
    expect(histogramBins([5, 5, 5])).toEqual([{ lo: 2.5, hi: 7.5, n: 3, closed: true }]);
  });

  it("is exact for many random-looking samples on many scales", () => {
    for (const scale of [1e-6, 1, 37, 1e7]) {
      const values = Array.from({ length: 500 }, (_, i) => scale * (0.5 + Math.sin(i * 12.9898) * 0.5));
      expectExact(values);
    }
  });
});
