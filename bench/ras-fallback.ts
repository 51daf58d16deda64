import { Heap } from "heap-js";
import { performance } from "node:perf_hooks";
import { RandomStreams } from "../src/engine/random.js";
import { Simulator } from "../src/engine/simulator.js";
import { ComponentUptime } from "../src/metrics/component-uptime.js";
import { ServiceMonitor } from "../src/metrics/service-monitor.js";
import type { HeartbeatSeam } from "../src/mechanisms/heartbeat.js";
import type { MechanismInstance } from "../src/mechanisms/mechanism.js";
import { buildModel, type Model } from "../src/run/model.js";
import { scenarioSchema, type Scenario } from "../src/scenario/schema.js";
import type { BenchCase, BenchOutcome } from "./case.js";

/*
 * The ras-fallback mechanism over a long run: N RAS processes (N = 2 or 3,
 * the size) on the management bus of scenarios/ras-fallback.yaml (a switch,
 * one 100 Mbit/s, 1 ms, 0.5 % loss port per processor, so a beat crosses two
 * lossy hops), the active one beating every 1 s to every other process, with
 * hangs, fail-stops, takeovers and failbacks now and then. One step is one
 * heartbeat message, one active process to one peer (the seam's
 * `beatsSent`): a beat of the active process to N − 1 peers is N − 1 steps.
 *
 * The engine variant is the whole run as `ftsim run` builds it (hardware,
 * fault processes, the mechanism, service and component accounting), so its
 * cost per heartbeat is everything the mechanism does per beat: the sender
 * event, `Network.send` per peer and both hops, the seam's arrival handler,
 * the monitor's deadline and its lazy timer, the process-state switch.
 *
 * The baseline is the bare heartbeat loop of heartbeat.ts (one heap-js event
 * per heartbeat, the delivery time computed inline), replaying the send
 * times of the same run: which process beats when depends on the faults and
 * takeovers, so the baseline takes them from one untimed recording run of
 * the model (cached), and both variants end on the same last beat.
 */

const PERIOD_S = 1;
const BYTES = 64;
/** Per hop: 100 Mbit/s, 1 ms (the shipped scenario's bus ports). */
const HOP_BANDWIDTH_BYTES_PER_S = 12.5e6;
const HOP_LATENCY_S = 1e-3;
/** A Julian year, as the scenario format's `y`. */
export const YEAR_S = 365.25 * 86_400;
const PROCESSORS = ["cpu", "mgmt", "bmc"] as const;

/**
 * The model: the shipped ras-fallback scenario's processors, bus and
 * mechanism settings, with faults some 100× more frequent than its
 * realistic rates, so that a timed stretch of a week or two holds a few
 * takeovers, failbacks and reboots rather than none.
 */
export function rasBenchScenario(processes: number): Scenario {
  if (!(Number.isInteger(processes) && processes >= 2 && processes <= PROCESSORS.length)) {
    throw new Error(`ras-fallback bench: N is the number of RAS processes, 2 to ${PROCESSORS.length}; got ${processes}`);
  }
  const names = PROCESSORS.slice(0, processes);
  return scenarioSchema.parse({
    name: "bench-ras-fallback",
    replications: 2, // the schema minimum; the bench builds one replication
    // Far enough for any timed stretch; the window clocks only matter for the check's counts.
    horizon: `${10 * YEAR_S}s`,
    components: [
      { name: "cpu", kind: "processor", mttf: "20d", mttr: "1h" },
      { name: "mgmt", kind: "processor", speed: 0.25, mttf: "40d", mttr: "4h" },
      { name: "bmc", kind: "processor", speed: 0.1, mttf: "40d", mttr: "4h" },
      { name: "bus", kind: "switch" },
      ...names.map((p) => ({ name: `${p}-port`, kind: "link", connects: [p, "bus"], network: "mgmt", bandwidth: "100Mbit/s", latency: "1ms", loss: "0.5%" })),
    ],
    faults: [
      { type: "hang", name: "cpu-hangs", target: "cpu", every: "2d", duration: { dist: "exponential", mean: "5m" } },
      { type: "hang", name: "sp-hangs", target: ["mgmt", "bmc"], every: "4d", duration: { dist: "exponential", mean: "5m" } },
    ],
    mechanisms: [
      {
        type: "ras-fallback",
        name: "ras",
        processes: [...names],
        network: "mgmt",
        period: `${PERIOD_S}s`,
        missed: 5,
        takeover_delay: { dist: "uniform", min: "1s", max: "3s" },
        skew: "4s",
        return: "preempt",
      },
    ],
    service: "ras",
  });
}

interface Run {
  sim: Simulator;
  model: Model;
  seam: HeartbeatSeam;
}

/** One replication as `ftsim run` wires it (see src/run/replication.ts), not yet run. */
function build(processes: number, seed: number): Run {
  const s = rasBenchScenario(processes);
  const sim = new Simulator({ maxEvents: s.limits.max_events });
  const model = buildModel(s, sim, new RandomStreams(seed, 0));
  new ServiceMonitor(model.service, s.warmup, s.horizon);
  new ComponentUptime(model.inventory.components, s.warmup, s.horizon);
  model.start();
  // The seam is private to the mechanism; its beatsSent counter exists for benchmarks (heartbeat.ts).
  const seam = (model.mechanisms[0]!.instance as MechanismInstance & { seam: HeartbeatSeam }).seam;
  return { sim, model, seam };
}

/** What the untimed recording run saw: the send time of each heartbeat, and the mechanism's counts over that stretch. */
interface Recording {
  sendTimesS: Float64Array;
  /** Engine events (all kinds) per heartbeat over the stretch. */
  eventsPerBeat: number;
  summary: string;
}

const recordings = new Map<string, Recording>();

function record(processes: number, steps: number, seed: number): Recording {
  const key = `${processes}/${steps}/${seed}`;
  const cached = recordings.get(key);
  if (cached !== undefined) return cached;
  const { sim, model, seam } = build(processes, seed);
  const sendTimesS = new Float64Array(steps);
  let recorded = 0;
  sim.run({
    stopWhen: () => {
      // A beat hands its N − 1 messages to the network within one event, at sim.now.
      while (recorded < seam.beatsSent && recorded < steps) sendTimesS[recorded++] = sim.now;
      return recorded >= steps;
    },
  });
  const m = model.mechanisms[0]!.instance.finish();
  const count = (name: string): number => m[name]?.value ?? 0;
  const summary =
    `${(sim.now / 86_400).toFixed(1)} simulated days, ${steps} heartbeats, ${(sim.eventsProcessed / steps).toFixed(2)} events/heartbeat; ` +
    `${count("takeovers")} takeovers (${count("false_takeovers")} false, ${count("self_reported")} self-reported), ` +
    `${count("failbacks")} failbacks, ${count("step_downs")} step-downs, split brain ${count("split_brain_s").toFixed(1)} s`;
  const recording = { sendTimesS, eventsPerBeat: sim.eventsProcessed / steps, summary };
  recordings.set(key, recording);
  return recording;
}

/** Wall time of each timed engine run, per size and step count, for the year projection in the check. */
const engineTimings = new Map<string, number[]>();

export function prepareRasEngine(processes: number, steps: number, seed: number): () => BenchOutcome {
  const { sim, seam } = build(processes, seed);
  const key = `${processes}/${steps}`;
  return () => {
    const start = performance.now();
    sim.run({ stopWhen: () => seam.beatsSent >= steps });
    const elapsedS = (performance.now() - start) / 1000;
    if (!engineTimings.has(key)) engineTimings.set(key, []);
    engineTimings.get(key)!.push(elapsedS);
    return { events: seam.beatsSent, finalTimeS: sim.now };
  };
}

/** The shape and comparator of heartbeat.ts's baseline, so heap-js stays monomorphic across both cases. */
interface PlainBeat {
  t: number;
  seq: number;
  sender: number;
  k: number;
}

export function prepareRasBaseline(processes: number, steps: number, seed: number): () => BenchOutcome {
  const { sendTimesS } = record(processes, steps, seed);
  const heap = new Heap<PlainBeat>((a, b) => a.t - b.t || a.seq - b.seq);
  // One pending heartbeat per peer, as in the engine: heartbeat i's successor to the same peer is i + N − 1.
  const lag = processes - 1;
  for (let i = 0; i < lag; i++) heap.add({ t: sendTimesS[i]!, seq: i, sender: 0, k: i });
  return () => {
    let delivered = 0;
    let lastSend = 0;
    let latest = 0;
    while (delivered < steps) {
      const beat = heap.pop()!;
      lastSend = beat.t;
      // Delivered after two hops of transmission and propagation; a real monitor would act here.
      latest = Math.max(latest, beat.t + 2 * (BYTES / HOP_BANDWIDTH_BYTES_PER_S + HOP_LATENCY_S));
      delivered++;
      const next = beat.k + lag;
      if (next < steps) heap.add({ t: sendTimesS[next]!, seq: next, sender: 0, k: next });
    }
    if (!(latest > 0)) throw new Error("ras-fallback baseline: nothing delivered");
    return { events: delivered, finalTimeS: lastSend };
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What the timed stretch held, and the engine's CPU time for a year at T = 1 s projected from the median timed run. */
function checkRas(processes: number): string {
  const steps = rasFallbackCase.steps(processes);
  const recording = record(processes, steps, 1);
  const timings = engineTimings.get(`${processes}/${steps}`) ?? [];
  const beatsPerYear = (processes - 1) * (YEAR_S / PERIOD_S);
  const projection =
    timings.length === 0
      ? "no timed engine run to project from"
      : `a year at T = 1 s is ${beatsPerYear.toExponential(2)} heartbeats (one active, ${processes - 1} peer${processes > 2 ? "s" : ""}), ` +
        `${((median(timings) / steps) * beatsPerYear).toFixed(1)} s of CPU at the median engine rate`;
  return `ras-fallback N=${processes}: ${recording.summary}; ${projection}`;
}

export const rasFallbackCase: BenchCase = {
  name: "ras-fallback",
  description: "N RAS processes, the active one beating every 1 s over a lossy two-hop bus, hangs and takeovers: whole mechanism vs bare heartbeat loop replaying the same send times; one step = one heartbeat to one peer",
  sizes: [2, 3],
  // A whole number of beats (N − 1 heartbeats each), so the engine stops exactly on the last step.
  steps: (processes) => 1_000_000 - (1_000_000 % (processes - 1)),
  engine: prepareRasEngine,
  baseline: prepareRasBaseline,
  check: checkRas,
};
