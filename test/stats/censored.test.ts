import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  CensoredValues,
  kaplanMeierMedian,
  kaplanMeierRestrictedMean,
  summarizeCensored,
  type CensoredObservation,
} from "../../src/stats/censored.js";

/** 64-bit LCG (Knuth's MMIX constants), top 53 bits as a uniform in [0, 1). */
function lcg(seed: bigint): () => number {
  let state = seed;
  return () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(state >> 11n) / 2 ** 53;
  };
}

const event = (time: number): CensoredObservation => ({ time, observed: true });
const censoredAt = (time: number): CensoredObservation => ({ time, observed: false });

describe("summarizeCensored", () => {
  // χ² quantiles from SciPy/mpmath: χ²_{0.975,8} = 17.534546139484652, χ²_{0.025,6} = 1.2373442457912026.
  it("keeps the exponential MLE, total exposure / events with the time-censored chi-square interval, as a separate figure", () => {
    const s = summarizeCensored([event(10), event(20), event(30), censoredAt(100), censoredAt(100)], "h");
    expect(s.exponential_mle.estimate).toBeCloseTo(260 / 3, 12);
    expect(s.exponential_mle.ci95[0]).toBeCloseTo(520 / 17.534546139484652, 12);
    expect(s.exponential_mle.ci95[1]).toBeCloseTo(520 / 1.2373442457912026, 10);
    expect(s).toMatchObject({ events: 3, censored: 2, exposure: 260, n: 5, unit: "h", method: "kaplan-meier-restricted", restricted_to: 100 });
  });

  it("with censoring, reports the Kaplan–Meier mean restricted to the horizon, with the Klein–Moeschberger interval", () => {
    // Ŝ = 1 on [0,10), 4/5 on [10,20), 3/5 on [20,30), 2/5 on [30,100]: ∫₀^100 Ŝ = 10 + 8 + 6 + 28 = 52.
    const s = summarizeCensored([event(10), event(20), event(30), censoredAt(100), censoredAt(100)], "h");
    expect(s.mean).toBeCloseTo(52, 12);
    // A at t=10: 42, at 20: 34, at 30: 28; Var = 42²/(5·4) + 34²/(4·3) + 28²/(3·2).
    const variance = 42 ** 2 / 20 + 34 ** 2 / 12 + 28 ** 2 / 6;
    expect(s.ci95[0]).toBeCloseTo(52 - 1.959963984540054 * Math.sqrt(variance), 10);
    expect(s.ci95[1]).toBeCloseTo(52 + 1.959963984540054 * Math.sqrt(variance), 10);
  });

  it("without censoring, reports the plain sample mean with its Student-t interval, clipped at 0", () => {
    // Mean 110, s = 10, t(0.975; 2) = 4.302652729911275.
    const s = summarizeCensored([event(100), event(110), event(120)], "h");
    expect(s.method).toBe("sample-mean");
    expect(s.restricted_to).toBeNull();
    expect(s.mean).toBeCloseTo(110, 12);
    expect(s.ci95[0]).toBeCloseTo(110 - (4.302652729911275 * 10) / Math.sqrt(3), 8);
    expect(s.ci95[1]).toBeCloseTo(110 + (4.302652729911275 * 10) / Math.sqrt(3), 8);
    // A time is never negative: a lower bound below 0 is clipped.
    expect(summarizeCensored([event(10), event(20), event(30)], "h").ci95[0]).toBe(0);
    // The Kaplan–Meier restricted mean up to the last time is then the sample mean.
    expect(kaplanMeierRestrictedMean([event(10), event(20), event(30)]).mean).toBeCloseTo(20, 12);
  });

  it("reports a null MLE with a one-sided lower bound when no event was seen; the restricted mean is the horizon", () => {
    const s = summarizeCensored([censoredAt(1000), censoredAt(1000)], "h");
    expect(s.exponential_mle.estimate).toBeNull();
    expect(s.exponential_mle.ci95[0]).toBeCloseTo(4000 / 5.991464547107982, 11);
    expect(s.exponential_mle.ci95[1]).toBeNull();
    expect([s.method, s.mean, s.ci95]).toEqual(["kaplan-meier-restricted", 1000, [1000, 1000]]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("rejects no observations and negative or non-finite times, naming the metric", () => {
    expect(() => summarizeCensored([], "h", "ttdl_s")).toThrow(/"ttdl_s".*no observations/);
    expect(() => summarizeCensored([event(-1)], "h")).toThrow(/finite and ≥ 0/);
    expect(() => summarizeCensored([censoredAt(NaN)], "h")).toThrow(/finite and ≥ 0/);
  });

  // The interval is exact for a Poisson process watched for a fixed total
  // time; with each replication stopped at its first event it is slightly
  // conservative, so each side may miss less than its 2.5%, never much more.
  // 4000 trials of 30 replications (≈19 events each): binomial SE 0.3%
  // overall, 0.25% per side, so the bounds below are ≥ 3 SE away from what a
  // correct interval does (this seed: 95.75% covered, misses 1.8% / 2.5%).
  it("covers the true mean of horizon-censored exponential times about 95% of the time", () => {
    const uniform = lcg(7n);
    const theta = 10;
    const horizon = 10;
    const trials = 4000;
    let below = 0;
    let above = 0;
    for (let i = 0; i < trials; i++) {
      const observations = Array.from({ length: 30 }, () => {
        const t = -theta * Math.log(1 - uniform());
        return t < horizon ? event(t) : censoredAt(horizon);
      });
      const [lo, hi] = summarizeCensored(observations, "h").exponential_mle.ci95;
      if (lo > theta) above += 1;
      else if (hi !== null && hi < theta) below += 1;
    }
    const coverage = 1 - (below + above) / trials;
    expect(coverage).toBeGreaterThanOrEqual(0.94);
    expect(coverage).toBeLessThanOrEqual(0.975);
    expect(above / trials).toBeLessThanOrEqual(0.0325);
    expect(below / trials).toBeLessThanOrEqual(0.0325);
  });
});

describe("kaplanMeierMedian", () => {
  it("returns the first event time at which estimated survival falls to ½", () => {
    // S: after 1 → 5/6, after 3 (5 at risk) → 4/6, censor at 4, after 5 (3 at risk) → 4/9.
    expect(kaplanMeierMedian([event(1), event(3), censoredAt(4), event(5), event(8), censoredAt(9)])).toBe(5);
  });

  it("counts survival that is exactly ½ in exact arithmetic as reaching it", () => {
    // (1 − 1/4)·(1 − 1/3) = ½.
    expect(kaplanMeierMedian([event(1), event(2), censoredAt(10), censoredAt(10)])).toBe(2);
  });

  it("takes events before censorings at tied times", () => {
    expect(kaplanMeierMedian([event(5), censoredAt(5)])).toBe(5);
  });

  it("returns null when survival never falls to ½", () => {
    expect(kaplanMeierMedian([event(1), censoredAt(10), censoredAt(10)])).toBeNull();
  });
});

describe("CensoredValues", () => {
  const cellsArb = fc
    .uniqueArray(
      fc.record({
        metric: fc.constantFrom("ttdl_s", "first_outage_s"),
        replication: fc.nat({ max: 100 }),
        time: fc.double({ min: 0, max: 1e7, noNaN: true }),
        observed: fc.boolean(),
      }),
      { selector: (c) => `${c.metric}/${c.replication}`, minLength: 1, maxLength: 80 },
    );

  function build(cells: readonly { metric: string; replication: number; time: number; observed: boolean }[]) {
    const values = new CensoredValues();
    for (const c of cells) values.record(c.metric, c.replication, { time: c.time, observed: c.observed }, "s");
    return values;
  }

  it("gives bit-identical summaries when the replications are split into shards merged in any order", () => {
    fc.assert(
      fc.property(
        cellsArb,
        fc.array(fc.nat({ max: 3 }), { minLength: 80, maxLength: 80 }),
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
        (cells, shardOf, order) => {
          const shards: (typeof cells)[] = [[], [], [], []];
          cells.forEach((c, i) => shards[shardOf[i] as number]?.push(c));
          const merged = CensoredValues.merge(...order.map((k) => build(shards[k] ?? [])));
          expect(JSON.stringify(merged.summaries())).toBe(JSON.stringify(build(cells).summaries()));
          expect(JSON.stringify(merged)).toBe(JSON.stringify(build(cells)));
        },
      ),
    );
  });

  it("keys summaries by metric name in sorted order", () => {
    const values = new CensoredValues()
      .record("z", 0, event(1), "s")
      .record("a", 0, censoredAt(2), "s");
    expect(Object.keys(values.summaries())).toEqual(["a", "z"]);
  });

  it("throws on a duplicate (metric, replication) pair and on conflicting units", () => {
    const a = new CensoredValues().record("x", 1, event(1), "s");
    const sameReplication = new CensoredValues().record("x", 1, event(2), "s");
    const otherUnit = new CensoredValues().record("x", 2, event(2), "h");
    expect(() => CensoredValues.merge(a, sameReplication)).toThrow(/replication 1/);
    expect(() => CensoredValues.merge(a, otherUnit)).toThrow(/unit/);
  });

  it("round-trips through JSON", () => {
    fc.assert(
      fc.property(cellsArb, (cells) => {
        const values = build(cells);
        const copy = CensoredValues.fromJSON(JSON.parse(JSON.stringify(values)));
        expect(JSON.stringify(copy)).toBe(JSON.stringify(values));
      }),
    );
  });
});
