/**
 * Case F of docs/validation.md: checkpoint/restart under Poisson
 * failures (Daly 2006's complete model: failures strike every phase, the
 * restart too; a checkpoint after every segment, the last included; no
 * downtime). One node of MTBF M runs the job; its image is written to and
 * read from one disk of 250 MB/s, so δ = S / 250 MB/s and R = S / 250 MB/s +
 * the fixed part; a repair of 0 s makes the downtime 0.
 */
import { describe, expect, it } from "vitest";
import { expectedWallTime } from "../../src/mechanisms/checkpoint/interval.js";
import { expectAgrees, meanAndSe, replicate, valuesOf } from "./helpers.js";

const MIN = 60;
const H = 3600;

/** The case-F job: δ = 5 min (75 GB at 250 MB/s), R = 10 min (the read back + 5 min). */
function caseF(opts: { mtbfMin: number; tauMin: number; workH: number; replications: number; horizonH: number }) {
  return {
    replications: opts.replications,
    horizon: `${opts.horizonH}h`,
    components: [
      { name: "node", kind: "processor" as const, mttf: `${opts.mtbfMin}min`, repair: { dist: "deterministic", value: "0s" } },
      { name: "disk", kind: "disk" as const, write_bandwidth: "250MB/s", read_bandwidth: "250MB/s" },
    ],
    mechanisms: [
      {
        type: "checkpoint",
        name: "job",
        nodes: "node",
        work: `${opts.workH}h`,
        state_per_process: "75GB",
        storage: "disk",
        interval: "fixed",
        tau: `${opts.tauMin}min`,
        restart: "5min",
      },
    ],
    service: "job",
  };
}

describe("F checkpoint/restart: exact expected wall time (integer segments)", { timeout: 60_000 }, () => {
  it.each([
    { mtbfMin: 1440, tauMin: 120, replications: 1000, anchorH: 547.8992 },
    { mtbfMin: 360, tauMin: 60, replications: 1000, anchorH: 610.3694 },
  ])("M = $mtbfMin min, τ = $tauMin min: E[T_w] = $anchorH h", ({ mtbfMin, tauMin, replications, anchorH }) => {
    const anchor = expectedWallTime(500 * H, tauMin * MIN, 5 * MIN, 10 * MIN, mtbfMin * MIN);
    expect(anchor / H).toBeCloseTo(anchorH, 3); // the formula reproduces docs/validation.md's figure
    const outputs = replicate(caseF({ mtbfMin, tauMin, workH: 500, replications, horizonH: 1000 }));
    expect(valuesOf(outputs, "job.unfinished").every((u) => u === 0)).toBe(true);
    // §0: n = 1000 gives an SE of T_w of about 0.04 % of it.
    if (process.env.FTSIM_REPORT) { const { mean, se } = meanAndSe(valuesOf(outputs, "job.completion_time_s")); console.log(`M=${mtbfMin}: ${(mean / H).toFixed(3)} ± ${(se / H).toFixed(3)} h vs ${(anchor / H).toFixed(4)}, z = ${((mean - anchor) / se).toFixed(2)}, relSE ${(se / anchor).toExponential(2)}`); }
    expectAgrees(valuesOf(outputs, "job.completion_time_s"), anchor, 0.001);
    // Wald's identity: E[#failures] = E[T_w] / M, exact.
    expectAgrees(valuesOf(outputs, "job.failures"), anchor / (mtbfMin * MIN), 0.02);
    // The mechanism's own closed-form figure is the same anchor.
    expect(valuesOf(outputs, "job.expected_completion_time_s")[0]).toBeCloseTo(anchor, 6);
    // Every segment ends in a checkpoint, the last one included.
    expect(valuesOf(outputs, "job.checkpoints").every((c) => c === 500 / (tauMin / 60))).toBe(true);
  });
});

/**
 * Least-squares parabola through (x, y) and its vertex: the τ of the
 * minimum of the simulated mean wall time.
 */
function vertex(xs: readonly number[], ys: readonly number[]): number {
  // Normal equations for y = a + b x + c x², x centred for conditioning.
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const u = xs.map((x) => x - mx);
  const s = (k: number) => u.reduce((a, x) => a + x ** k, 0);
  const t = (k: number) => u.reduce((a, x, i) => a + x ** k * ys[i]!, 0);
  const m = [
    [xs.length, s(1), s(2)],
    [s(1), s(2), s(3)],
    [s(2), s(3), s(4)],
  ];
  const r = [t(0), t(1), t(2)];
  const det = (a: number[][]) =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const d = det(m);
  const col = (j: number) => m.map((row, i) => row.map((v, k) => (k === j ? r[i]! : v)));
  const b = det(col(1)) / d;
  const c = det(col(2)) / d;
  expect(c, "the simulated cost curve must be convex around the optimum").toBeGreaterThan(0);
  return mx - b / (2 * c);
}

describe("F checkpoint/restart: Daly's published optima found again by a sweep of τ", { timeout: 60_000 }, () => {
  // Daly 2006, Figs. 3–5: T_s = 500 h, R = 10 min, δ = 5 min. Seven τ within ±30 % of the optimum,
  // common random numbers (the same seeds, so the same failure times, at every τ). For M = 15 min the
  // job is 50 h, not 500 h: the cost per segment, hence the optimum, does not depend on T_s, and 500 h
  // would be 10 000 failures per replication.
  it.each([
    { mtbfMin: 1440, publishedMin: 117, workH: 500, replications: 600, horizonH: 1000 },
    { mtbfMin: 360, publishedMin: 57, workH: 500, replications: 300, horizonH: 1000 },
    { mtbfMin: 15, publishedMin: 9.1, workH: 50, replications: 150, horizonH: 600 },
  ])("M = $mtbfMin min: the minimum of the simulated wall time is at $publishedMin min ± 10 %", ({ mtbfMin, publishedMin, workH, replications, horizonH }) => {
    const taus = [0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3].map((f) => f * publishedMin);
    const means = taus.map((tauMin) => {
      const outputs = replicate(caseF({ mtbfMin, tauMin, workH, replications, horizonH }));
      expect(valuesOf(outputs, "job.unfinished").every((u) => u === 0)).toBe(true);
      return meanAndSe(valuesOf(outputs, "job.completion_time_s")).mean;
    });
    const found = vertex(taus, means);
    if (process.env.FTSIM_REPORT) console.log(`M=${mtbfMin}: optimum ${found.toFixed(2)} min (published ${publishedMin})`);
    expect(Math.abs(found / publishedMin - 1), `optimum found at ${found.toFixed(2)} min, published ${publishedMin} min`).toBeLessThan(0.1);
  });
});

describe("windowed message logging: a failure costs only the failed node's share", { timeout: 60_000 }, () => {
  // P = 16 nodes of one process each; only node[0] fails (Poisson, M = 25 h, back at once). τ = 1 h,
  // the window (10 h) always covers the time since the last checkpoint. With logging each failure
  // rolls back 1 process of 16, without it the whole job: the lost work per failure is in the ratio P.
  const P = 16;
  const scenario = (log: boolean) => ({
    replications: 300,
    horizon: "200h",
    components: [
      { name: "node", kind: "processor" as const, count: P, repair: { dist: "deterministic", value: "0s" } },
      { name: "disk", kind: "disk" as const },
    ],
    faults: [{ type: "fail-stop" as const, target: "node[0]", every: "25h" }],
    mechanisms: [
      {
        type: "checkpoint",
        name: "job",
        nodes: "node",
        work: "100h",
        state_per_process: "1GB",
        storage: "disk",
        interval: "fixed",
        tau: "1h",
        restart: "2s",
        ...(log ? { log: { window: "10h", message_rate: "10MB/s", replay_rate: "1GB/s" } } : {}),
      },
    ],
    service: "job",
  });

  /** Lost work per failure, pooled (Σ lost / Σ failures), with its delta-method SE. */
  function perFailure(outputs: ReturnType<typeof replicate>) {
    const lost = valuesOf(outputs, "job.lost_work_s");
    const fails = valuesOf(outputs, "job.failures");
    const n = lost.length;
    const ratio = lost.reduce((a, b) => a + b, 0) / fails.reduce((a, b) => a + b, 0);
    const meanF = fails.reduce((a, b) => a + b, 0) / n;
    const s2 = lost.reduce((a, l, i) => a + (l - ratio * fails[i]!) ** 2, 0) / (n - 1);
    return { ratio, se: Math.sqrt(s2 / n) / meanF, failures: meanF * n };
  }

  it("the ratio of lost work per failure without and with logging is P within its 95 % interval", () => {
    const without = replicate(scenario(false));
    const withLog = replicate(scenario(true));
    const a = perFailure(without);
    const b = perFailure(withLog);
    expect(valuesOf(withLog, "job.full_rollbacks").every((k) => k === 0)).toBe(true);
    expect(valuesOf(without, "job.log_replays").every((k) => k === 0)).toBe(true);
    const r = a.ratio / b.ratio;
    const se = r * Math.sqrt((a.se / a.ratio) ** 2 + (b.se / b.ratio) ** 2);
    if (process.env.FTSIM_REPORT) console.log(`logging: ratio ${r.toFixed(3)} ± ${se.toFixed(3)} vs P = ${P}, z = ${((r - P) / se).toFixed(2)}, failures ${a.failures}/${b.failures}`);
    expect(se / P).toBeLessThan(0.05);
    expect(Math.abs(r - P) / se).toBeLessThan(3);
    // And it pays: the job finishes sooner with logging.
    const tw = meanAndSe(valuesOf(without, "job.completion_time_s")).mean;
    const tl = meanAndSe(valuesOf(withLog, "job.completion_time_s")).mean;
    expect(tl).toBeLessThan(tw);
  });
});
