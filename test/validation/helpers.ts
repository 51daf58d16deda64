import { appendFileSync } from "node:fs";
import { beforeAll, expect, vi } from "vitest";
import { runReplication, type ReplicationOutput } from "../../src/run/replication.js";
import { scenarioSchema, type ScenarioInput } from "../../src/scenario/schema.js";
import { replicationFigure } from "../../src/metrics/replication-output.js";

/**
 * The master seed of a validation run. `npm test` uses each test's own seed
 * (`own`, or the scenario default 1); the slower tier `npm run
 * validate:seeds` (scripts/validate-seeds.mjs) sets FTSIM_VALIDATION_SEED to
 * run every check again under other seeds and collect the z-scores.
 */
export function validationSeed<T extends number | string>(own: T): T | string {
  const seed = process.env.FTSIM_VALIDATION_SEED;
  return seed === undefined || seed === "" ? own : `${seed}:${own}`;
}

// A validation test simulates for a few seconds; on a loaded machine that can pass vitest's
// 5 s default, which would fail a correct check for its speed. Every validation file imports this module.
vi.setConfig({ testTimeout: 120_000 });

/**
 * A value computed once per describe block, in its `beforeAll` hook, not
 * while the file is collected: mutation testing (`npm run mutate`) activates
 * each mutant only once collection is over, so a simulation run at collection
 * time would never see the mutant. Call the returned function in the tests.
 */
export function beforeAllValue<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  beforeAll(() => {
    value = { v: compute() };
  }, 600_000);
  return () => {
    if (value === undefined) throw new Error("beforeAllValue read before its beforeAll hook ran");
    return value.v;
  };
}

/** Runs `replications` replications of an inline scenario and returns their raw outputs. */
export function replicate(input: Omit<ScenarioInput, "name"> & { name?: string }): ReplicationOutput[] {
  const scenario = scenarioSchema.parse({ name: "validation", ...input, seed: validationSeed(input.seed ?? 1) });
  return Array.from({ length: scenario.replications }, (_, r) => runReplication(scenario, scenario.seed, r));
}

/** Mean and standard error of the mean of a sample. */
export function meanAndSe(values: readonly number[]): { mean: number; se: number; n: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n), n };
}

/**
 * The per-replication values of one metric; for a mean over events (a
 * mechanism's MeanTally, carried as a ratio) the replication's own mean.
 */
export function valuesOf(outputs: readonly ReplicationOutput[], metric: string): number[] {
  return outputs.map((o) => {
    const v = replicationFigure(o, metric);
    if (v === undefined) throw new Error(`replication ${o.replication} has no ${metric}`);
    return v;
  });
}

/**
 * Records the signed z and relative SE of one check, as a JSON line in the
 * file FTSIM_VALIDATION_Z_OUT names (when set), for the seeds tier and for
 * the table of docs/validation.md. `label` tells apart several checks in one test.
 */
export function recordZ(z: number, relSe: number, label = ""): void {
  const out = process.env.FTSIM_VALIDATION_Z_OUT;
  if (out === undefined || out === "") return;
  const state = expect.getState();
  const test = `${state.testPath?.replace(/.*\/test\/validation\//, "") ?? ""} > ${state.currentTestName ?? ""}`;
  appendFileSync(out, `${JSON.stringify({ seed: process.env.FTSIM_VALIDATION_SEED ?? "", test, label, z, relSe })}\n`);
}

/**
 * The comparison rule (docs/validation.md, "Tolerance"): an estimate with
 * standard error SE agrees with its anchor when |x̄ − anchor| < 3·SE, and SE
 * is at most `maxRelSe` of the anchor, so that a uselessly noisy run cannot
 * pass.
 */
export function expectWithin(estimate: { mean: number; se: number }, anchor: number, maxRelSe: number, label = ""): void {
  const { mean, se } = estimate;
  const z = (mean - anchor) / se;
  recordZ(z, se / Math.abs(anchor), label);
  expect(se / Math.abs(anchor), `relative SE ${se / anchor} exceeds ${maxRelSe}`).toBeLessThanOrEqual(maxRelSe);
  expect(Math.abs(z), `estimate ${mean} vs anchor ${anchor}: z = ${z.toFixed(2)} (SE ${se})`).toBeLessThan(3);
}

/** {@link expectWithin} for the sample mean of independent replications' values. */
export function expectAgrees(values: readonly number[], anchor: number, maxRelSe: number, label = ""): void {
  expectWithin(meanAndSe(values), anchor, maxRelSe, label);
}

/** Binomial coefficient. */
export function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** Stationary distribution of a CTMC from its generator (rows sum to 0), by Gaussian elimination. */
export function stationary(q: readonly (readonly number[])[]): number[] {
  const n = q.length;
  // Solve πQ = 0 with Σπ = 1: transpose, replace the last equation by the normalisation.
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (j < n ? q[j]![i]! : 0)));
  a[n - 1] = Array.from({ length: n + 1 }, () => 1);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * The pooled ratio of a ratio metric (e.g. MTTR = Σ outage time / Σ outages)
 * and its delta-method standard error, as the runner reports it.
 */
export function ratioAndSe(outputs: readonly ReplicationOutput[], metric: string): { mean: number; se: number; n: number } {
  return pooledRatio(outputs.map((o) => o.ratios[metric]!));
}

/**
 * Σ numerator / Σ denominator over replications (a mean over events, such as
 * the mean outage: Σ outage time / Σ outages) and its delta-method standard
 * error √(Σ (xᵢ − R·yᵢ)² / (n(n−1))) / ȳ.
 */
export function pooledRatio(cells: readonly { numerator: number; denominator: number }[]): { mean: number; se: number; n: number } {
  const n = cells.length;
  const num = cells.reduce((a, c) => a + c.numerator, 0);
  const den = cells.reduce((a, c) => a + c.denominator, 0);
  const ratio = num / den;
  const squares = cells.reduce((a, c) => a + (c.numerator - ratio * c.denominator) ** 2, 0);
  return { mean: ratio, se: Math.sqrt(squares / (n * (n - 1))) / (den / n), n };
}

/** The rule of {@link expectWithin} for a ratio metric pooled over replications. */
export function expectRatioAgrees(outputs: readonly ReplicationOutput[], metric: string, anchor: number, maxRelSe: number): void {
  expectWithin(ratioAndSe(outputs, metric), anchor, maxRelSe, metric);
}

/** Parameters of the case-B chain of docs/validation.md, case B (rates per hour). */
export interface ChainParams {
  lambda: number; // failure rate of a serving unit (1/h)
  lambdaStandby: number; // failure rate of the standby (λ hot, 0 cold)
  mu: number; // repair rate (1/h)
  c: number; // coverage
  delta: number; // switchover rate (1/h); Infinity for instantaneous
  beta: number; // uncovered-recovery rate (1/h)
}

/** The stationary probabilities of the states of the case-B chain. */
export interface ChainStates {
  S2: number;
  SO: number;
  UC: number;
  S1: number;
  S0: number;
}

/**
 * The chain S2, SO, UC, S1, S0 of docs/validation.md, case B: availability π(S2)+π(S1),
 * outage frequency (per hour), the stationary probabilities, and the
 * per-cause flows (per hour) into SO (covered switchovers, cλ·π(S2)) and
 * into UC (uncovered failures, (1−c)λ·π(S2)).
 */
export function solveChain(p: ChainParams): {
  availability: number;
  outagesPerHour: number;
  pi: ChainStates;
  switchoversPerHour: number;
  uncoveredPerHour: number;
} {
  const { lambda: l, lambdaStandby: ls, mu, c, delta, beta } = p;
  // With δ = ∞ the SO state is removed and S2 → S1 has rate cλ + λ_s.
  const q =
    delta === Infinity
      ? [
          [-(l + ls), 0, (1 - c) * l, c * l + ls, 0],
          [0, -1, 0, 1, 0], // SO unreachable; a placeholder row keeps the state indices
          [0, 0, -(beta + l), beta, l],
          [mu, 0, 0, -(mu + l), l],
          [0, 0, 0, mu, -mu],
        ]
      : [
          [-(c * l + (1 - c) * l + ls), c * l, (1 - c) * l, ls, 0],
          [0, -(delta + l), 0, delta, l],
          [0, 0, -(beta + l), beta, l],
          [mu, 0, 0, -(mu + l), l],
          [0, 0, 0, mu, -mu],
        ];
  const pi = stationary(q);
  const up = [0, 3];
  const down = [1, 2, 4];
  let outagesPerHour = 0;
  for (const i of up) for (const j of down) outagesPerHour += pi[i]! * q[i]![j]!;
  return {
    availability: pi[0]! + pi[3]!,
    outagesPerHour,
    pi: { S2: pi[0]!, SO: delta === Infinity ? 0 : pi[1]!, UC: pi[2]!, S1: pi[3]!, S0: pi[4]! },
    switchoversPerHour: c * l * pi[0]!,
    uncoveredPerHour: (1 - c) * l * pi[0]!,
  };
}
