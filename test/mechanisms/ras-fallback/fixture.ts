import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../../src/engine/trace.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

// The scripted-fault test bench shared by the ras-fallback tests.

export interface Setup {
  /** Processor groups (one instance each), in priority order. */
  processors?: string[];
  /** Link fields shared by every port (each processor has its own port to a switch `bus`). */
  link?: Record<string, unknown>;
  /** Extra fields of the ras-fallback entry. */
  config?: Record<string, unknown>;
  faults?: Record<string, unknown>[];
  horizon?: number;
  warmup?: number;
  /** Processor repair time (s); processors fail only by injected faults. */
  repairS?: number;
  /** Extra fields per processor, by name (e.g. `{cpu: {in: "host"}}`). */
  processorFields?: Record<string, Record<string, unknown>>;
  /** Extra components (e.g. a host the processors sit in). */
  extraComponents?: Record<string, unknown>[];
}

/**
 * Processors (cpu, mgmt, bmc by default) each joined to a switch `bus` by
 * its own port on network `mgmt`, under a ras-fallback named "ras" that is
 * the service. A beat crosses two ports, so with `latency: L` and
 * `beat_size: 0` it arrives 2L after it is sent.
 */
export function setup(s: Setup = {}) {
  const names = s.processors ?? ["cpu", "mgmt", "bmc"];
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: `${s.horizon ?? 1000}s`,
    warmup: `${s.warmup ?? 0}s`,
    components: [
      ...(s.extraComponents ?? []),
      ...names.map((name) => ({ name, kind: "processor", repair: { dist: "deterministic", value: `${s.repairS ?? 50}s` }, ...s.processorFields?.[name] })),
      { name: "bus", kind: "switch" },
      ...names.map((name) => ({ name: `${name}-port`, kind: "link", connects: [name, "bus"], network: "mgmt", latency: "0.005s", repair: { dist: "deterministic", value: "0.5s" }, ...s.link })),
    ],
    faults: s.faults ?? [],
    mechanisms: [{ type: "ras-fallback", name: "ras", processes: names, network: "mgmt", beat_size: 0, ...s.config }],
    service: "ras",
  });
  const records: TraceRecord[] = [];
  const service: [number, boolean][] = [];
  const sim = new Simulator();
  const trace = new Trace((r) => {
    if (r.component === "ras") records.push(r);
  });
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), trace);
  model.service.onChange((up, now) => service.push([now, up]));
  model.start();
  const metrics = () => {
    const m = model.mechanisms[0]!.instance.finish();
    return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.value]));
  };
  const run = () => {
    sim.run({ until: scenario.horizon });
    return metrics();
  };
  const events = (event: string) => records.filter((r) => r.event === event).map((r) => [r.t, r.detail?.process, r.cause] as const);
  return { run, records, service, events };
}
