import type { TraceRecord } from "../../../src/engine/trace.js";
import { Trace } from "../../../src/engine/trace.js";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

export interface NfvSetup {
  /** Hosts h[0] … h[hosts − 1]; with racks, host k sits in rack[⌊k·racks / hosts⌋]. */
  hosts: number;
  racks?: number;
  /** Fixed repair time of a host and of a rack, s. */
  hostRepairS?: number;
  rackRepairS?: number;
  /** Scripted failures: [host index, time s] and [rack index, time s]. */
  hostFailures?: [number, number][];
  rackFailures?: [number, number][];
  /** Processors per host (probed for fail-slow), and scripted slowdowns: [host index, time s, factor, duration s]. */
  processorsPerHost?: number;
  slowdowns?: [number, number, number, number][];
  horizonS?: number;
  /** The entry's config besides type, name and `hosts` (default: every h at 8 cores, 32GiB). */
  config: Record<string, unknown>;
  hostEntries?: Record<string, unknown>[];
}

/**
 * Hosts that fail only at scripted times under an nfv-policy entry named
 * "nfv", which is the service. Returns the entry's trace records, the
 * service's changes and the metrics.
 */
export function runNfv(s: NfvSetup) {
  const id = (group: string, k: number, count: number) => (count === 1 ? group : `${group}[${k}]`);
  const components: Record<string, unknown>[] = [];
  if (s.racks) components.push({ name: "rack", kind: "rack", count: s.racks, repair: { dist: "deterministic", value: `${s.rackRepairS ?? 1000}s` } });
  components.push({ name: "h", kind: "host", count: s.hosts, repair: { dist: "deterministic", value: `${s.hostRepairS ?? 1000}s` }, ...(s.racks ? { in: "rack" } : {}) });
  if (s.processorsPerHost) components.push({ name: "cpu", kind: "processor", count: s.hosts * s.processorsPerHost, in: "h" });
  const faults = [
    ...(s.hostFailures ?? []).map(([k, t], i) => ({ type: "fail-stop", name: `f${i}`, target: id("h", k, s.hosts), at: `${t}s` })),
    ...(s.rackFailures ?? []).map(([k, t], i) => ({ type: "fail-stop", name: `r${i}`, target: id("rack", k, s.racks ?? 1), at: `${t}s` })),
    ...(s.slowdowns ?? []).map(([k, t, factor, d], i) => ({
      type: "fail-slow",
      name: `s${i}`,
      target: id("cpu", k * (s.processorsPerHost ?? 1), s.hosts * (s.processorsPerHost ?? 1)),
      at: `${t}s`,
      factor,
      duration: `${d}s`,
    })),
  ];
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: `${s.horizonS ?? 10_000}s`,
    components,
    faults,
    mechanisms: [{ type: "nfv-policy", name: "nfv", hosts: s.hostEntries ?? [{ hosts: "h", cpu: 8, memory: "32GiB" }], ...s.config }],
    service: "nfv",
  });
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), new Trace((r) => records.push(r)));
  const service: [number, boolean][] = [];
  model.service.onChange((up, now) => service.push([now, up]));
  model.start();
  sim.run({ until: scenario.horizon });
  const metrics = Object.fromEntries(Object.entries(model.mechanisms[0]!.instance.finish()).map(([k, v]) => [k, v.value]));
  const own = records.filter((r) => r.component.startsWith("nfv"));
  const deploys = own.filter((r) => r.event === "deploy").map((r) => [r.t, r.component, r.detail?.host]);
  const chains = own.filter((r) => r.event === "chain-down" || r.event === "chain-up").map((r) => [r.t, r.component, r.event]);
  return { records: own, deploys, chains, service, metrics };
}
