import type { TraceRecord } from "../../../src/engine/trace.js";
import { Trace } from "../../../src/engine/trace.js";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

export interface MigSetup {
  /** Hosts h[0] … h[hosts − 1], one processor cpu[i] each, on a switch `tor` by links of `bandwidth` and `latency`. */
  hosts: number;
  bandwidth?: string;
  latency?: string;
  loss?: string;
  processorRepairS?: number;
  faults?: Record<string, unknown>[];
  horizonS?: number;
  seed?: number;
  /** More component groups (e.g. devices inside the hosts). */
  extraComponents?: Record<string, unknown>[];
  /** The entry's config besides type and name. */
  config: Record<string, unknown>;
}

/** Runs one replication of a self-migration entry "mig" (the service) and returns its trace records and metrics. */
export function runMig(s: MigSetup, replication = 0) {
  const scenario = scenarioSchema.parse({
    name: "t",
    seed: s.seed ?? 1,
    horizon: `${s.horizonS ?? 2000}s`,
    components: [
      { name: "h", kind: "host", count: s.hosts, repair: { dist: "deterministic", value: "1000s" } },
      { name: "cpu", kind: "processor", count: s.hosts, in: "h", repair: { dist: "deterministic", value: `${s.processorRepairS ?? 1000}s` } },
      { name: "tor", kind: "switch" },
      { name: "nic", kind: "link", count: s.hosts, connects: ["h", "tor"], bandwidth: s.bandwidth ?? "100MB/s", latency: s.latency ?? "1ms", loss: s.loss ?? "0" },
      ...(s.extraComponents ?? []),
    ],
    faults: s.faults ?? [],
    mechanisms: [{ type: "self-migration", name: "mig", ...s.config }],
    service: "mig",
  });
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(scenario.seed, replication), new Trace((r) => records.push(r)));
  model.start();
  sim.run({ until: scenario.horizon });
  const metrics = Object.fromEntries(Object.entries(model.mechanisms[0]!.instance.finish()).map(([k, v]) => [k, v.value]));
  const own = records.filter((r) => r.component.startsWith("mig."));
  const moves = own.filter((r) => r.event === "migrated").map((r) => [r.t, r.component.slice(4), r.detail?.host]);
  return { records: own, moves, metrics };
}
