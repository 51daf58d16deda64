import { describe, expect, it } from "vitest";
import { compareResults, pairedDifference, runComparison, welchDifference, type CompareInput } from "../../src/run/compare.js";
import { runScenario } from "../../src/run/runner.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { pairedRatioDifference, studentTQuantile } from "../../src/stats/index.js";
import { pairedRatioTest } from "../../src/report/regression.js";

describe("pairedDifference", () => {
  it("matches a hand computation: mean, stddev, Student-t interval and p-value of b_r − a_r", () => {
    // d = [1, 2, 2, 1]: mean 1.5, s = √(1/3), se = s/2, t(0.975; 3) = 3.182446305284263.
    const p = pairedDifference([1, 2, 3, 4], [2, 4, 5, 5]);
    const se = Math.sqrt(1 / 3) / 2;
    expect(p.n).toBe(4);
    expect(p.difference).toBeCloseTo(1.5, 14);
    expect(p.stddev).toBeCloseTo(Math.sqrt(1 / 3), 14);
    expect(p.ci95![0]).toBeCloseTo(1.5 - 3.182446305284263 * se, 12);
    expect(p.ci95![1]).toBeCloseTo(1.5 + 3.182446305284263 * se, 12);
    expect(p.significant).toBe(true);
    // Student's t with 3 df has a closed-form CDF: F(t) = ½ + (1/π)(atan(t/√3) + (t/√3)/(1 + t²/3)).
    const t = 1.5 / se;
    const u = t / Math.sqrt(3);
    const tail = 0.5 - (Math.atan(u) + u / (1 + u * u)) / Math.PI;
    expect(p.p_value).toBeCloseTo(2 * tail, 12);
  });

  it("uses only the replications where both values are defined", () => {
    const p = pairedDifference([1, null, 3, 5, 7], [2, 5, null, 6, 9, 100]);
    expect(p.n).toBe(3); // r = 0, 3, 4: d = 1, 1, 2
    expect(p.difference).toBeCloseTo(4 / 3, 14);
  });

  it("is not significant when the interval contains 0", () => {
    const p = pairedDifference([1, 2, 3, 4], [2, 1, 4, 3]);
    expect(p.difference).toBe(0);
    expect(p.ci95![0]).toBeLessThan(0);
    expect(p.significant).toBe(false);
  });

  it("has no interval with fewer than two pairs", () => {
    expect(pairedDifference([1, null], [3, 4])).toEqual({ difference: 2, stddev: null, ci95: null, n: 1, significant: false, p_value: null });
    expect(pairedDifference([null], [4]).difference).toBeNull();
  });

  it("treats a constant non-zero difference as exact and significant", () => {
    const p = pairedDifference([1, 2, 3], [3, 4, 5]);
    expect(p.ci95).toEqual([2, 2]);
    expect(p.significant).toBe(true);
    expect(p.p_value).toBe(0);
  });
});

describe("welchDifference", () => {
  it("matches a hand computation of Welch's interval and the Welch–Satterthwaite df", () => {
    // a: mean 2.5, var 5/3; b: mean 4, var 2; n = 4 each.
    const w = welchDifference([1, 2, 3, 4], [2, 4, 5, 5]);
    const va = 5 / 3 / 4;
    const vb = 2 / 4;
    const df = (va + vb) ** 2 / (va ** 2 / 3 + vb ** 2 / 3);
    const half = studentTQuantile(0.975, df) * Math.sqrt(va + vb);
    expect(w.difference).toBeCloseTo(1.5, 14);
    expect(w.df).toBeCloseTo(df, 12);
    expect(df).toBeCloseTo(5.9508, 3);
    expect(w.ci95![0]).toBeCloseTo(1.5 - half, 12);
    expect(w.ci95![1]).toBeCloseTo(1.5 + half, 12);
  });

  it("is wider than the paired interval when the sides move together", () => {
    const a = [10, 20, 30, 40, 50];
    const b = a.map((x, i) => x + 1 + (i % 2) * 0.5);
    const paired = pairedDifference(a, b).ci95!;
    const unpaired = welchDifference(a, b).ci95!;
    expect(paired[1] - paired[0]).toBeLessThan((unpaired[1] - unpaired[0]) / 10);
  });
});

describe("compareResults", () => {
  const summary = (mean: number) => ({ mean, stddev: 0, ci95: [mean, mean] as [number, number], min: mean, max: mean, p50: mean, p90: mean, p99: mean, n: 2, unit: "s" });

  it("compares the metrics both have, reports the pooled means, and lists the others", () => {
    const c = compareResults(
      { metrics: { x: summary(1.5), only_a: summary(0) }, values: { x: [1, 2], only_a: [0, 0] } },
      { metrics: { x: summary(3.5), only_b: summary(0) }, values: { x: [3, 4], only_b: [0, 0] } },
    );
    expect(Object.keys(c.metrics)).toEqual(["x"]);
    expect(c.metrics.x).toMatchObject({ unit: "s", a: 1.5, b: 3.5, difference: 2, n: 2, significant: true });
    expect(c.only_in_a).toEqual(["only_a"]);
    expect(c.only_in_b).toEqual(["only_b"]);
  });
});

/**
 * Two units in series, each with its own crew; the two designs differ only in
 * the repair time, so they share every life and every repair uniform: most of
 * the randomness (the k-th repair of a unit is the same draw, scaled).
 */
function design(mttr: number) {
  return scenarioSchema.parse({
    name: `mttr-${mttr}`,
    seed: 5,
    replications: 10,
    horizon: "100000s",
    components: [{ name: "unit", count: 2, mttf: "1000s", mttr: `${mttr}s` }],
  });
}
const identity = (name: string) => ({ name, file: `${name}.yaml`, hash: "sha256:0" });
const side = (mttr: number): CompareInput => ({ label: `mttr ${mttr}`, scenario: design(mttr), identity: identity(`mttr-${mttr}`) });

describe("runComparison", () => {
  const doc = runComparison(side(100), side(80), { reproduce: "ftsim compare a.yaml b.yaml --seed 5 --replications 10" });

  it("pairing shrinks the interval: common random numbers make the paired CI much narrower than the unpaired one", () => {
    // Measured: paired/unpaired width 0.12 to 0.41 for seeds 1 to 5 on this design (0.64 to 0.94 for a
    // 2-of-3 system with one crew, whose outages depend on overlaps that a shorter repair shifts).
    for (const metric of ["availability", "downtime_s", "component_availability"]) {
      const m = doc.metrics[metric]!;
      const paired = m.ci95![1] - m.ci95![0];
      const unpaired = m.unpaired.ci95![1] - m.unpaired.ci95![0];
      expect(paired, metric).toBeLessThan(unpaired / 2);
    }
  });

  it("finds the faster repair better, significantly, with the same mean difference as the two runs' means", () => {
    const m = doc.metrics.availability!;
    expect(m.significant).toBe(true);
    expect(m.ci95![0]).toBeGreaterThan(0);
    expect(m.difference!).toBeCloseTo(m.b - m.a, 14);
    expect(m.unpaired.difference!).toBeCloseTo(m.difference!, 14);
  });

  it("equals plain runs of each side: the same seed and replications give the same means", () => {
    const a = runScenario(design(100), identity("mttr-100"));
    const b = runScenario(design(80), identity("mttr-80"));
    expect(doc.metrics.availability!.a).toBe(a.metrics.availability!.mean);
    expect(doc.metrics.availability!.b).toBe(b.metrics.availability!.mean);
    expect(compareResults(a, b).metrics).toEqual(doc.metrics);
  });

  it("is an ftsim.compare/v1 document with both sides, the common seed and the paired replications", () => {
    expect(doc).toMatchObject({
      schema: "ftsim.compare/v1",
      outcome: "ok",
      seed: 5,
      replications: 10,
      a: { label: "mttr 100", scenario: { name: "mttr-100" }, replications: 10, horizon_s: 100_000 },
      b: { label: "mttr 80", replications: 10 },
      only_in_a: [],
      only_in_b: [],
      reproduce: "ftsim compare a.yaml b.yaml --seed 5 --replications 10",
    });
    expect(Object.keys(doc).slice(0, 3)).toEqual(["schema", "ftsim_version", "outcome"]);
  });

  it("refuses sides with different seeds, which would not be paired", () => {
    const other = { ...side(80), scenario: { ...design(80), seed: 6 } };
    expect(() => runComparison(side(100), other, { reproduce: "" })).toThrow(/same seed and replications/);
  });

  it("stops both sides at an event limit and says so", () => {
    const limited = (mttr: number) => ({ ...side(mttr), scenario: { ...design(mttr), limits: { max_events: 200 } } });
    const stopped = runComparison(limited(100), limited(80), { reproduce: "" });
    expect(stopped.outcome).toBe("limit-hit");
    expect(stopped.limit).toMatch(/^mttr 100: replication 0: event limit reached/);
    expect(stopped.replications).toBe(0);
  });
});

describe("ratio metrics: the difference of the pooled ratios, with a paired delta-method interval", () => {
  // The example: one component, MTTF 500 h against 550 h, MTTR 4 h, a 1500 h horizon
  // (about 3 outages per replication), 300 replications. Truth: mtbf_s (mean up time per outage)
  // is 10% longer in B. The mean of the per-replication ratios said +15.8% with an interval that
  // excluded the truth; the pooled columns said +10.3%.
  const component = (mttf: string) =>
    scenarioSchema.parse({ name: `mttf-${mttf}`, seed: 1, replications: 300, horizon: "1500h", components: [{ name: "unit", mttf, mttr: "4h" }] });
  const sides = (mttf: string): CompareInput => ({ label: mttf, scenario: component(mttf), identity: identity(`mttf-${mttf}`) });
  const doc = runComparison(sides("500h"), sides("550h"), { reproduce: "" });

  it("reports B − A of mtbf_s as b − a of the pooled columns, and its interval covers the true +10%", () => {
    const m = doc.metrics.mtbf_s!;
    expect(m.method).toBe("paired-pooled-ratio");
    expect(m.difference!).toBeCloseTo(m.b - m.a, 6);
    const truth = 50 * 3600;
    expect(m.ci95![0]).toBeLessThan(truth);
    expect(m.ci95![1]).toBeGreaterThan(truth);
    expect(Math.abs(m.difference! / m.a - 0.1)).toBeLessThan(0.03);
    // Pairing still pays: the paired interval is narrower than the unpaired one.
    expect(m.ci95![1] - m.ci95![0]).toBeLessThan(m.unpaired.ci95![1] - m.unpaired.ci95![0]);
  });

  it("uses the same estimator for mttr_s, and keeps the mean of differences for the other metrics", () => {
    expect(doc.metrics.mttr_s!.method).toBe("paired-pooled-ratio");
    expect(doc.metrics.mttr_s!.difference!).toBeCloseTo(doc.metrics.mttr_s!.b - doc.metrics.mttr_s!.a, 6);
    expect(doc.metrics.availability!.method).toBe("paired-mean");
  });

  it("agrees with the regression gate: same interval and p-value for the same two runs", () => {
    const a = runScenario(component("500h"), identity("a"));
    const b = runScenario(component("550h"), identity("b"));
    const gate = pairedRatioTest(a.ratios.mtbf_s!, b.ratios.mtbf_s!);
    expect(gate.test).toBe("paired-ratio");
    expect(gate.ci95).toEqual(doc.metrics.mtbf_s!.ci95);
    expect(gate.p).toBe(doc.metrics.mtbf_s!.p_value);
  });
});

describe("pairedRatioDifference", () => {
  it("matches a hand computation of the delta method on paired cells", () => {
    const a = [{ numerator: 10, denominator: 2 }, { numerator: 3, denominator: 1 }, { numerator: 0, denominator: 0 }];
    const b = [{ numerator: 12, denominator: 2 }, { numerator: 8, denominator: 2 }, { numerator: 5, denominator: 1 }];
    const d = pairedRatioDifference(a, b);
    const ra = 13 / 3;
    const rb = 25 / 5;
    const z = [0, 1, 2].map((r) => (b[r]!.numerator - rb * b[r]!.denominator) / (5 / 3) - (a[r]!.numerator - ra * a[r]!.denominator) / 1);
    const sd = Math.sqrt(z.reduce((s, x) => s + x * x, 0) / 2);
    expect(d.n).toBe(3);
    expect(d.difference).toBeCloseTo(rb - ra, 14);
    expect(d.stddev).toBeCloseTo(sd, 12);
    const half = studentTQuantile(0.975, 2) * sd / Math.sqrt(3);
    expect(d.ci95![0]).toBeCloseTo(rb - ra - half, 12);
    expect(d.ci95![1]).toBeCloseTo(rb - ra + half, 12);
  });

  it("has no difference when one side saw no event", () => {
    expect(pairedRatioDifference([{ numerator: 0, denominator: 0 }], [{ numerator: 1, denominator: 1 }]).difference).toBeNull();
  });
});

describe("differences that are only floating-point rounding", () => {
  it("are no difference: 0, not significant, p = 1 (a constant metric summed in another order)", () => {
    const a = [174.1, 174.1, 174.1, 174.1];
    const b = a.map((x) => x + 2e-14); // the same duration, computed in another order
    const d = pairedDifference(a, b);
    expect(d).toMatchObject({ difference: 0, significant: false, p_value: 1 });
    const cells = (xs: number[]) => xs.map((x) => ({ numerator: 116 * x, denominator: 116 }));
    expect(pairedRatioDifference(cells(a), cells(b))).toMatchObject({ difference: 0, significant: false, p_value: 1 });
  });

  it("a real difference of a part in a million is still one", () => {
    const a = [10, 10.5, 9.5, 10.2, 9.8];
    const b = a.map((x, i) => x * (1 + 1e-6) + (i % 2) * 1e-9);
    expect(pairedDifference(a, b).significant).toBe(true);
  });
});
