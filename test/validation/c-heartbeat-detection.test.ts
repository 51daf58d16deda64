/**
 * Case C of docs/validation.md: heartbeat failure detection, on
 * the ras-fallback mechanism with two processes on a single link.
 *
 * C1: detection latency with period T, k missed beats and a constant delay
 * d: T_D ~ U[kT + d − T, kT + d], mean (k − ½)T + d. C2: no crash, i.i.d.
 * loss p, d = 0: false-suspicion rate (1 − p)p^k/T and suspected fraction
 * p^k. With a zero takeover delay, d = 0 and two processes, a false
 * takeover starts exactly at the detector's false suspicion and the split
 * brain lasts until the next beat arrives (the standby steps down on it), so
 * `false_takeovers` per second estimates the rate and `split_brain_s` per
 * second the fraction (docs/mechanisms/ras-fallback.md).
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { Trace } from "../../src/engine/trace.js";
import { buildModel } from "../../src/run/model.js";
import { scenarioSchema, type ScenarioInput } from "../../src/scenario/schema.js";
import { ksTest } from "../../src/stats/goodness-of-fit.js";
import { beforeAllValue, expectAgrees, expectWithin, meanAndSe, pooledRatio, validationSeed } from "./helpers.js";

interface Observed {
  /** Per replication: the mechanism's metrics. */
  metrics: Record<string, number>[];
  /** Every detection latency recorded in the trace, all replications. */
  latencies: number[];
}

/** Runs the replications of an inline scenario, tracing only the mechanism's `detected` records. */
function observe(input: Omit<ScenarioInput, "name">): Observed {
  const scenario = scenarioSchema.parse({ name: "validation", ...input });
  const latencies: number[] = [];
  const metrics: Record<string, number>[] = [];
  for (let r = 0; r < scenario.replications; r++) {
    const trace = new Trace((record) => {
      if (record.component === "ras" && record.event === "detected" && typeof record.detail?.latency_s === "number") latencies.push(record.detail.latency_s);
    });
    const sim = new Simulator({ maxEvents: scenario.limits.max_events });
    const model = buildModel(scenario, sim, new RandomStreams(scenario.seed, r), trace);
    model.start();
    sim.run({ until: scenario.horizon });
    const values = model.mechanisms[0]!.instance.finish();
    metrics.push(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.value])));
  }
  return { metrics, latencies };
}

/**
 * Two processors joined by one link on network `hb`, under ras-fallback
 * "ras". With `hosts`, each processor sits in a host and the link joins the
 * hosts, so a hang never touches a beat already sent, as C1 assumes. (When
 * the processor is itself the node, a beat still being transmitted when it
 * hangs is lost with it: 64 B at 1 Mbit/s is 0.5 ms of each period, a small
 * bias of the latency. A beat already propagating arrives either way.)
 */
function pair(opts: { k: number; periodS: number; link: Record<string, unknown>; beatBytes: number; faults: unknown[]; replications: number; horizonS: number; hosts?: boolean }) {
  const ends = opts.hosts ? ["host[0]", "host[1]"] : ["cpu[0]", "cpu[1]"];
  return {
    seed: validationSeed(7),
    replications: opts.replications,
    horizon: `${opts.horizonS}s`,
    components: [
      ...(opts.hosts ? [{ name: "host", kind: "host", count: 2 }] : []),
      { name: "cpu", kind: "processor", count: 2, ...(opts.hosts ? { in: "host" } : {}) },
      { name: "link", kind: "link", connects: ends, network: "hb", ...opts.link },
    ],
    faults: opts.faults,
    mechanisms: [
      {
        type: "ras-fallback",
        name: "ras",
        processes: ["cpu[0]", "cpu[1]"],
        network: "hb",
        period: `${opts.periodS}s`,
        missed: opts.k,
        beat_size: `${opts.beatBytes}B`,
        takeover_delay: 0,
        return: "preempt",
      },
    ],
    service: "ras",
  } as Omit<ScenarioInput, "name">;
}

describe("C1 detection latency: U[kT + d − T, kT + d]", () => {
  // T = 1 s, k = 3, and d from the link: 50 ms latency + 64 B at 1 Mbit/s = 50.512 ms.
  const T = 1;
  const k = 3;
  const latencyS = 0.05;
  const bandwidth = 125_000; // bytes/s
  const bytes = 64;
  const d = latencyS + bytes / bandwidth;
  const hangRate = 1 / 60; // per s

  // cpu[0] hangs (a silent crash: no beats, no report) every 60 s on average; it reboots after
  // U[5 s, 6 s] and, with return: preempt, takes the active role back at the first beat of cpu[1]
  // it hears. cpu[1] never fails, so it is always up to detect.
  // The crash is not quite uniform over the beat phase, as C1 assumes: cpu[0] sends its first beat
  // the instant it becomes active, and the hang clock is memoryless, so the crash comes Exp(λ) after
  // that beat and the age of the last beat is A = Exp(λ) mod T, with mean 1/λ − T/(e^{λT} − 1) =
  // T/2 − λT²/12 + O(λ³T⁴): 1.4 ms less than T/2 here, half a standard error. The anchor uses the
  // exact mean age: T_D = kT + d − A. (The KS test below cannot see a density tilt of λT = 1.7 %.)
  const meanAgeS = 1 / hangRate - T / Math.expm1(hangRate * T);
  const anchor = (kk: number) => kk * T + d - meanAgeS;
  // 40 × 34 000 s ≈ 20 800 crashes: expected SE ≈ 0.29T/√20 800 ≈ 0.002T, so that the case's target
  // 0.003T is a bound the SE estimated from 40 replications (±11 %) meets with a 4σ margin.
  const observation = beforeAllValue(() =>
    observe(
      pair({
        k,
        periodS: T,
        link: { latency: `${latencyS}s`, bandwidth: `${bandwidth}B/s` },
        beatBytes: bytes,
        faults: [{ type: "hang", target: "cpu[0]", every: `${1 / hangRate}s`, duration: { dist: "uniform", min: "5s", max: "6s" } }],
        replications: 40,
        horizonS: 34_000,
        hosts: true,
      }),
    ),
  );
  const means = () => observation().metrics.map((m) => m.detection_latency_s!);

  it("has the mean kT + d − E[A] ≈ (k − ½)T + d, to 0.003T", () => {
    expect(observation().latencies.length).toBeGreaterThan(20_000);
    // (With 20 replications the expected SE was 0.0028T and its estimate scattered ±16 %: a bound
    // at 0.0035T failed one seed in five, and it had been loosened to 0.004T.)
    expectAgrees(means(), anchor(k), (0.003 * T) / anchor(k));
  });

  it("is uniform on [kT + d − T, kT + d] (KS, p > 0.001)", () => {
    const lo = k * T + d - T;
    const ks = ksTest(observation().latencies, (x) => Math.min(1, Math.max(0, (x - lo) / T)));
    expect(ks.pValue, `KS D = ${ks.statistic} over ${ks.n} latencies`).toBeGreaterThan(0.001);
    // The same test rejects the law without the delay d (shifted by 50 ms, D ≈ 0.05 over 20 000
    // latencies), so a KS that cannot reject would not pass here.
    const withoutDelay = ksTest(observation().latencies, (x) => Math.min(1, Math.max(0, (x - (lo - d)) / T)));
    expect(withoutDelay.pValue).toBeLessThan(0.001);
    expect(Math.min(...observation().latencies)).toBeGreaterThanOrEqual(lo - 1e-6);
    expect(Math.max(...observation().latencies)).toBeLessThanOrEqual(k * T + d + 1e-6);
  });

  it("counts every detection as a true takeover", () => {
    expect(observation().metrics.every((m) => m.false_takeovers === 0)).toBe(true);
  });

  it("discriminates: the anchors for k + 1 beats and for d = 0 are rejected", () => {
    const { mean, se } = meanAndSe(means());
    expect(Math.abs(mean - anchor(k + 1)) / se).toBeGreaterThan(3);
    expect(Math.abs(mean - (anchor(k) - d)) / se).toBeGreaterThan(3);
  });
});

describe("C2 false suspicions under i.i.d. loss p, no crash", () => {
  // T = 1 s, k = 3, p = 0.1, d = 0 (no latency, 0-byte beats): rate (1 − p)p^k/T = 9e-4 /s and
  // fraction p^k = 1e-3. 20 × 250 000 s gives K ≈ 4 500 false suspicions: 1.5 % on the rate, so
  // that the SE estimated from 20 replications (±16 %) stays under the 2 % bound (with 150 000 s,
  // K ≈ 2 700 put the expected SE at 1.9 % and the bound failed about one seed in three).
  const T = 1;
  const k = 3;
  const p = 0.1;
  const horizonS = 250_000;
  const observation = beforeAllValue(() => observe(pair({ k, periodS: T, link: { latency: 0, loss: p }, beatBytes: 0, faults: [], replications: 20, horizonS })));
  const rates = () => observation().metrics.map((m) => m.false_takeovers! / horizonS);
  const fractions = () => observation().metrics.map((m) => m.split_brain_s! / horizonS);
  const rate = (kk: number) => ((1 - p) * p ** kk) / T;

  it("has the false-takeover rate (1 − p)p^k/T, to 2 %", () => {
    expect(observation().metrics.reduce((a, m) => a + m.false_takeovers!, 0)).toBeGreaterThanOrEqual(4_000);
    expectAgrees(rates(), rate(k), 0.02);
  });

  it("has the split-brain fraction p^k (1 − P_A), by batch means over replications", () => {
    expectAgrees(fractions(), p ** k, 0.03);
  });

  it("has a mean mistake duration T/(1 − p), pooled over replications (Σ split brain / Σ false takeovers)", () => {
    // A ratio estimator with its delta-method SE: the duration is T times a geometric number of beats
    // (cv ≈ √p ≈ 0.32) over K ≈ 4 500 mistakes, about 0.5 % relative SE.
    const cells = observation().metrics.map((m) => ({ numerator: m.split_brain_s!, denominator: m.false_takeovers! }));
    expectWithin(pooledRatio(cells), T / (1 - p), 0.01);
  });

  it("discriminates: the anchors for k + 1 and k − 1 missed beats are rejected", () => {
    const r = meanAndSe(rates());
    expect(Math.abs(r.mean - rate(k + 1)) / r.se).toBeGreaterThan(3);
    expect(Math.abs(r.mean - rate(k - 1)) / r.se).toBeGreaterThan(3);
    const f = meanAndSe(fractions());
    expect(Math.abs(f.mean - p ** (k + 1)) / f.se).toBeGreaterThan(3);
  });

  it("discriminates: a mean mistake duration of T (loss ignored) or T/(1 − p)² is rejected", () => {
    const d = pooledRatio(observation().metrics.map((m) => ({ numerator: m.split_brain_s!, denominator: m.false_takeovers! })));
    expect(Math.abs(d.mean - T) / d.se).toBeGreaterThan(3);
    expect(Math.abs(d.mean - T / (1 - p) ** 2) / d.se).toBeGreaterThan(3);
  });
});
