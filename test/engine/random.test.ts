import { describe, expect, it } from "vitest";
import { makeDistribution } from "../../src/engine/distributions.js";
import { RandomStreams } from "../../src/engine/random.js";
import { ksTest } from "../../src/stats/goodness-of-fit.js";

const take = (next: () => number, n: number) => Array.from({ length: n }, next);

describe("RandomStreams", () => {
  it("gives stream 'a' the same draws whether or not stream 'b' was created and drawn first", () => {
    const alone = new RandomStreams(42, 0);
    const a1 = alone.stream("a");
    const expected = take(() => a1.next(), 100);

    const shared = new RandomStreams(42, 0);
    const b = shared.stream("b");
    take(() => b.next(), 1000);
    const a2 = shared.stream("a");
    const interleaved: number[] = [];
    for (let i = 0; i < 100; i++) {
      interleaved.push(a2.next());
      b.next();
    }
    expect(interleaved).toEqual(expected);
  });

  it("returns the same stream object for the same name within a replication", () => {
    const streams = new RandomStreams(1, 0);
    expect(streams.stream("disk[3]/failure")).toBe(streams.stream("disk[3]/failure"));
  });

  it("reproduces identical sequences from the same (seed, replication, name)", () => {
    const x = new RandomStreams("run-7", 3).stream("disk[0]/failure");
    const y = new RandomStreams("run-7", 3).stream("disk[0]/failure");
    expect(take(() => x.next(), 50)).toEqual(take(() => y.next(), 50));
  });

  it("gives different sequences for a different replication", () => {
    const x = new RandomStreams(42, 0).stream("a");
    const y = new RandomStreams(42, 1).stream("a");
    expect(take(() => x.next(), 10)).not.toEqual(take(() => y.next(), 10));
  });

  it("gives different sequences for a different seed", () => {
    const x = new RandomStreams(42, 0).stream("a");
    const y = new RandomStreams(43, 0).stream("a");
    expect(take(() => x.next(), 10)).not.toEqual(take(() => y.next(), 10));
  });

  it("gives different sequences for a different name", () => {
    const streams = new RandomStreams(42, 0);
    const x = streams.stream("a");
    const y = streams.stream("b");
    expect(take(() => x.next(), 10)).not.toEqual(take(() => y.next(), 10));
  });

  it("draws in [0, 1)", () => {
    const s = new RandomStreams(5, 0).stream("range");
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 100_000; i++) {
      const u = s.next();
      if (u < min) min = u;
      if (u > max) max = u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it("makes the first draws of 20 000 streams look uniform (KS p > 0.001)", () => {
    // Streams are seeded by hashing their names; sibling names must not give
    // correlated first draws, or every component's first failure would be too.
    const streams = new RandomStreams(2024, 0);
    const firsts = Array.from({ length: 20_000 }, (_, i) => streams.stream(`disk[${i}]/failure`).next());
    expect(ksTest(firsts, (x) => Math.min(Math.max(x, 0), 1)).pValue).toBeGreaterThan(0.001);
  });

  it("makes the first draws of the same name across 20 000 replications look uniform (KS p > 0.001)", () => {
    const firsts = Array.from({ length: 20_000 }, (_, r) => new RandomStreams(2024, r).stream("a").next());
    expect(ksTest(firsts, (x) => Math.min(Math.max(x, 0), 1)).pValue).toBeGreaterThan(0.001);
  });

  it("keeps one stream's consecutive draws uncorrelated (lag-1 correlation within 4 SE of 0)", () => {
    const s = new RandomStreams(9, 0).stream("lag");
    const n = 100_000;
    const u = take(() => s.next(), n);
    let c = 0;
    for (let i = 1; i < n; i++) c += (u[i - 1]! - 0.5) * (u[i]! - 0.5);
    const corr = c / (n - 1) / (1 / 12);
    expect(Math.abs(corr)).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe("53-bit uniforms", () => {
  it("draws values that are not all multiples of 2^-32 (alea's plain output is)", () => {
    const s = new RandomStreams(1, 0).stream("u");
    const draws = take(() => s.next(), 1000);
    const coarse = draws.filter((u) => Number.isInteger(u * 2 ** 32)).length;
    // A 53-bit uniform is a multiple of 2^-32 with probability 2^-21.
    expect(coarse).toBe(0);
    draws.forEach((u) => {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    });
  });

  it("can reach an exponential tail beyond 22.2 means (−ln 2^-32), which 32-bit uniforms cut off", () => {
    // A tail of e^−22.2 ≈ 2e-10 is too rare to sample in a test. What makes it reachable: the draws
    // carry bits below 2^-32 (so U can lie in (1 − 2^-32, 1), and 1 − U below 2^-32), and the
    // inversion −mean·ln(1 − U) keeps them.
    const s = new RandomStreams(7, 3).stream("disk[0]/failure");
    const draws = take(() => s.next(), 1000);
    const fine = draws.filter((u) => u * 2 ** 32 - Math.floor(u * 2 ** 32) > 0).length;
    expect(fine).toBeGreaterThan(990);
    const exponential = makeDistribution({ kind: "exponential", mean: 1 });
    const tail = { name: "tail", next: () => 1 - 2 ** -40 };
    expect(exponential.sample(tail)).toBeGreaterThan(22.2);
  });
});
