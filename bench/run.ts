import os from "node:os";
import { performance } from "node:perf_hooks";
import type { BenchCase, PrepareVariant } from "./case.js";
import { holdCase } from "./hold.js";
import { heartbeatCase } from "./heartbeat.js";
import { rasFallbackCase } from "./ras-fallback.js";
import { repairableCase } from "./repairable.js";

/*
 * Runs every benchmark case on the ftsim engine and on its plain heap-js
 * baseline in the same process, interleaved round by round (the order flips
 * every round), and reports the median events/s of each side. See README.md.
 *
 * Usage: npm run bench -- [--json] [--rounds=N] [--case=NAME] [--sizes=1e3,1e5]
 */

/** Every benchmark the runner knows; add a case here to have it measured. */
const CASES: readonly BenchCase[] = [holdCase, repairableCase, heartbeatCase, rasFallbackCase];

interface Args {
  json: boolean;
  rounds: number;
  caseName: string | undefined;
  sizes: number[] | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { json: false, rounds: 7, caseName: undefined, sizes: undefined };
  for (const arg of argv) {
    const [flag, value] = arg.split("=", 2);
    if (flag === "--json") args.json = true;
    else if (flag === "--rounds" && value !== undefined && Number(value) >= 1) args.rounds = Math.floor(Number(value));
    else if (flag === "--case" && value) args.caseName = value;
    else if (flag === "--sizes" && value) args.sizes = value.split(",").map(Number);
    else throw new Error(`unknown or malformed argument ${arg}; expected --json, --rounds=N, --case=NAME, --sizes=A,B`);
  }
  return args;
}

interface Sample {
  eventsPerS: number;
  finalTimeS: number;
}

/** Builds the model (untimed), then times one run of it. */
function timeOnce(prepare: PrepareVariant, size: number, steps: number, seed: number): Sample {
  const body = prepare(size, steps, seed);
  // Collect the previous run's garbage now rather than inside this timed region.
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const outcome = body();
  const elapsedS = (performance.now() - start) / 1000;
  if (outcome.events !== steps) throw new Error(`variant processed ${outcome.events} events, expected ${steps}`);
  return { eventsPerS: outcome.events / elapsedS, finalTimeS: outcome.finalTimeS };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Row {
  case: string;
  size: number;
  steps: number;
  rounds: number;
  engineEventsPerS: number;
  baselineEventsPerS: number;
  /** Median engine events/s over median baseline events/s. */
  ratio: number;
  /** Smallest and largest engine/baseline ratio within one round: how noisy the machine was. */
  roundRatioRange: [number, number];
  /** The typed-array loop, where the case has one (typed-heap.ts). */
  typedEventsPerS?: number;
  /** Median engine events/s over median typed-loop events/s. */
  ratioTyped?: number;
  engineSamples: number[];
  baselineSamples: number[];
  typedSamples?: number[];
}

function measure(bench: BenchCase, size: number, rounds: number): Row {
  const steps = bench.steps(size);
  const seed = 1;
  const variants: PrepareVariant[] = [bench.engine, bench.baseline, ...(bench.typed ? [bench.typed] : [])];
  // Warm-up: one untimed run of each variant, so all are optimised before timing.
  for (const v of variants) timeOnce(v, size, Math.min(steps, 200_000), seed);
  const samples: number[][] = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    // Rotate which variant goes first, so that none always runs on a cold or a hot machine.
    const order = variants.map((_, i) => (i + round) % variants.length);
    const results: Sample[] = new Array<Sample>(variants.length);
    for (const i of order) results[i] = timeOnce(variants[i]!, size, steps, seed);
    const end = results[0]!.finalTimeS;
    results.forEach((r, i) => {
      if (r.finalTimeS !== end) {
        throw new Error(`${bench.name} N=${size}: engine ended at t=${end}s but variant ${i} at t=${r.finalTimeS}s; they did different work`);
      }
      samples[i]!.push(r.eventsPerS);
    });
  }
  const [engine, baseline, typed] = samples as [number[], number[], number[] | undefined];
  const roundRatios = engine.map((e, i) => e / baseline[i]!);
  const engineEventsPerS = median(engine);
  const baselineEventsPerS = median(baseline);
  return {
    case: bench.name,
    size,
    steps,
    rounds,
    engineEventsPerS,
    baselineEventsPerS,
    ratio: engineEventsPerS / baselineEventsPerS,
    roundRatioRange: [Math.min(...roundRatios), Math.max(...roundRatios)],
    ...(typed === undefined ? {} : { typedEventsPerS: median(typed), ratioTyped: engineEventsPerS / median(typed) }),
    engineSamples: engine,
    baselineSamples: baseline,
    ...(typed === undefined ? {} : { typedSamples: typed }),
  };
}

function formatRate(eventsPerS: number): string {
  return `${(eventsPerS / 1e6).toFixed(2)}M`;
}

function printTable(rows: readonly Row[]): void {
  const header = ["case", "N", "engine ev/s", "plain ev/s", "engine/plain", "round range", "typed ev/s", "engine/typed"];
  const lines = rows.map((r) => [
    r.case,
    r.size.toExponential(0).replace("+", ""),
    formatRate(r.engineEventsPerS),
    formatRate(r.baselineEventsPerS),
    r.ratio.toFixed(3),
    `${r.roundRatioRange[0].toFixed(2)}-${r.roundRatioRange[1].toFixed(2)}`,
    r.typedEventsPerS === undefined ? "-" : formatRate(r.typedEventsPerS),
    r.ratioTyped === undefined ? "-" : r.ratioTyped.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(header));
  for (const line of lines) console.log(fmt(line));
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const cases = CASES.filter((c) => args.caseName === undefined || c.name === args.caseName);
  if (cases.length === 0) throw new Error(`no benchmark case named ${args.caseName}; known: ${CASES.map((c) => c.name).join(", ")}`);
  const environment = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    loadAverageStart: os.loadavg(),
    gcBetweenRuns: typeof (globalThis as { gc?: unknown }).gc === "function",
  };
  if (!args.json) {
    console.log(`ftsim bench: ${environment.node}, ${environment.cpu} x${environment.cores}, ` +
      `load ${environment.loadAverageStart.map((l) => l.toFixed(2)).join(" ")}, ${args.rounds} interleaved rounds, medians`);
  }
  const rows: Row[] = [];
  const checks: string[] = [];
  for (const bench of cases) {
    for (const size of args.sizes ?? bench.sizes) {
      const row = measure(bench, size, args.rounds);
      rows.push(row);
      if (!args.json) console.error(`  ${bench.name} N=${size}: ratio ${row.ratio.toFixed(3)}`);
      if (bench.check) checks.push(bench.check(size));
    }
  }
  if (args.json) {
    console.log(JSON.stringify({ schema: "ftsim.bench/v1", environment: { ...environment, loadAverageEnd: os.loadavg() }, rows, checks }, null, 2));
  } else {
    printTable(rows);
    for (const line of checks) console.log(line);
    console.log(`load at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  }
}

main();
