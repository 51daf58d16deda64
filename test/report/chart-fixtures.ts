/**
 * Hand-made result documents and a trace for chart tests: deterministic
 * (a fixed linear congruential generator), shaped like `ftsim run`/`ftsim
 * sweep` output with per-replication `values`, and fast (no simulation).
 */
import type { ChartableResult, SweepPoint } from "../../src/report/charts/input.js";
import { summarize } from "../../src/stats/index.js";

const HOUR = 3600;
const YEAR = 31_557_600;

/** A tiny LCG (Numerical Recipes constants): the same numbers on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Values = Record<string, (number | null)[]>;

/** Per-replication values of a k-of-n system whose repairs take about `mttrS` (crews speed up queueing). */
function replicationValues(mttrS: number, crews: number, reps: number, seed: number): Values {
  const u = lcg(seed);
  const values: Values = { availability: [], downtime_s: [], outages: [], mttr_s: [] };
  for (let r = 0; r < reps; r++) {
    const outages = Math.floor(u() * 6 * (1 + 1 / crews));
    const mttr = outages === 0 ? null : mttrS * (0.5 + u()) * (1 + 0.5 / crews);
    const down = mttr === null ? 0 : outages * mttr;
    values.availability!.push(1 - down / (5 * YEAR));
    values.downtime_s!.push(down);
    values.outages!.push(outages);
    values.mttr_s!.push(mttr);
  }
  return values;
}

const UNITS: Record<string, string> = { availability: "fraction", downtime_s: "s", outages: "count", mttr_s: "s" };

function summaries(values: Values) {
  return Object.fromEntries(
    Object.entries(values).map(([name, list]) => [name, summarize(list.filter((v): v is number => v !== null), UNITS[name]!, name)]),
  );
}

/** A plain result of `reps` replications with `values`. */
export function plainResult(options: { name?: string; mttrS?: number; crews?: number; reps?: number; seed?: number } = {}): ChartableResult {
  const reps = options.reps ?? 30;
  const values = replicationValues(options.mttrS ?? 12 * HOUR, options.crews ?? 1, reps, options.seed ?? 7);
  return {
    schema: "ftsim.result/v1",
    ftsim_version: "0.1.0",
    outcome: "ok",
    scenario: { name: options.name ?? "quickstart", file: "scenarios/quickstart.yaml", hash: "sha256:00", description: "Load balancer and 2-of-3 web servers." },
    seed: 1,
    replications: reps,
    horizon_s: 5 * YEAR,
    warmup_s: 0,
    metrics: summaries(values),
    time_to_event: {},
    values,
    reproduce: "ftsim run scenarios/quickstart.yaml --seed 1 --replications 30",
  };
}

/** A grid sweep over `components.web.mttr` (4, 8, 16, 32 h) × `repair.crews` (1, 2). */
export function gridSweep(reps = 20): ChartableResult {
  const points: SweepPoint[] = [];
  for (const mttrH of [4, 8, 16, 32]) {
    for (const crews of [1, 2]) {
      const values = replicationValues(mttrH * HOUR, crews, reps, mttrH * 10 + crews);
      points.push({ name: `components.web.mttr=${mttrH}h, repair.crews=${crews}`, params: { "components.web.mttr": mttrH * HOUR, "repair.crews": crews }, metrics: summaries(values), time_to_event: {}, values });
    }
  }
  return { ...plainResult({ reps }), sweep: { kind: "grid", parameters: ["components.web.mttr", "repair.crews"] }, metrics: {}, values: {}, points };
}

/** A variants sweep: named designs with a few parameters set each. */
export function variantsSweep(reps = 20): ChartableResult {
  const designs = [
    { name: "baseline", params: {} as Record<string, number>, mttrH: 12, crews: 1 },
    { name: "two-crews", params: { "repair.crews": 2 }, mttrH: 12, crews: 2 },
    { name: "fast-repair", params: { "components.web.mttr": 4 * HOUR }, mttrH: 4, crews: 1 },
  ];
  const points: SweepPoint[] = designs.map((d, i) => {
    const values = replicationValues(d.mttrH * HOUR, d.crews, reps, 100 + i);
    return { name: d.name, params: d.params, metrics: summaries(values), time_to_event: {}, values };
  });
  return { ...plainResult({ reps }), sweep: { kind: "variants", parameters: ["repair.crews", "components.web.mttr"] }, metrics: {}, values: {}, points };
}

/** A small `ftsim.trace/v1` (JSON Lines): a 2-of-3 web tier behind a load balancer over 1 year, 30-day warm-up. */
export function traceFixture(): string {
  const h = HOUR;
  const lines: object[] = [
    { schema: "ftsim.trace/v1", scenario: { name: "quickstart", file: "scenarios/quickstart.yaml" }, seed: 1, replication: 0, horizon_s: YEAR, warmup_s: 30 * 24 * h },
    { t: 400 * h, component: "web[1]", event: "down", cause: "failure" },
    { t: 412 * h, component: "web[1]", event: "up", cause: "repaired" },
    { t: 1000 * h, component: "web[0]", event: "precursor", cause: "predictor", detail: { lead_s: 3600 } },
    { t: 1500 * h, component: "web[0]", event: "down", cause: "failure" },
    { t: 1503 * h, component: "web[2]", event: "down", cause: "failure" },
    { t: 1503 * h, component: "service", event: "down", cause: "web[2] down" },
    { t: 1520 * h, component: "web[0]", event: "up", cause: "repaired" },
    { t: 1520 * h, component: "service", event: "up", cause: "web[0] up" },
    { t: 1540 * h, component: "web[2]", event: "up", cause: "repaired" },
    { t: 3000 * h, component: "cpu[10]", event: "slow", cause: "fail-slow" },
    { t: 3400 * h, component: "cpu[10]", event: "up", cause: "repaired" },
    { t: 4000 * h, component: "cpu[2]", event: "hung", cause: "hang" },
    { t: 4000.2 * h, component: "cpu[2]", event: "up", cause: "watchdog reset" },
    { t: 5000 * h, component: "lb", event: "down", cause: "failure" },
    { t: 5000 * h, component: "service", event: "down", cause: "lb down" },
    { t: 5004 * h, component: "lb", event: "up", cause: "repaired" },
    { t: 5004 * h, component: "service", event: "up", cause: "lb up" },
    { t: 6000 * h, component: "net", event: "partition", cause: "scripted" },
    { t: 6002 * h, component: "net", event: "heal", cause: "scripted" },
    { t: 7000 * h, component: "mem[0]", event: "ue", cause: "uncorrectable error", detail: { page: 17 } },
    { t: 8700 * h, component: "web[1]", event: "down", cause: "failure" },
  ];
  return lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
}
