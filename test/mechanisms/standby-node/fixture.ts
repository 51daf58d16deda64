import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../../src/engine/trace.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

export const fixed = (value: number) => ({ dist: "deterministic", value: `${value}s` });
export const NEVER = 1e9;

export interface SystemOptions {
  /** CPU nodes (the last starts as the standby). Default 2: one active, one standby. */
  nodes?: number;
  /** Repair time of every node and IO domain, s. Default 10. */
  repairS?: number;
  /** Fabric link bandwidth, bytes/s. Default 1e9. */
  bandwidth?: number;
  /** Scripted faults (`at:` in seconds). */
  faults?: Record<string, unknown>[];
  /** Extra config of the standby-node entry named "ftc". */
  config?: Record<string, unknown>;
  warmup?: number;
  horizon?: number;
  /** Repair crews; default unlimited. */
  crews?: number;
}

/** The component groups of a standby-node system: nodes `cpu`, IO domains `iodom`, a crossbar and fabric links of zero latency. */
export function hardware(nodes: number, repairS: number, bandwidth: number) {
  const repair = fixed(repairS);
  return [
    { name: "cpu", kind: "processor", count: nodes, repair },
    { name: "iodom", count: 2, repair },
    { name: "xbar", kind: "switch" },
    { name: "cpu-port", kind: "link", count: nodes, connects: ["cpu", "xbar"], network: "fabric", bandwidth: `${bandwidth}B/s`, latency: 0, repair },
    { name: "io-port", kind: "link", count: 2, connects: ["iodom", "xbar"], network: "fabric", bandwidth: `${bandwidth}B/s`, latency: 0, repair },
  ];
}

/**
 * A standby-node system named "ftc" (the service) whose components fail only
 * through the scripted faults. Returns the simulator, the model, the
 * service's [time, up] changes, a node's changes, the trace records of the
 * mechanism and its metrics.
 */
export function system(o: SystemOptions = {}) {
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: `${o.horizon ?? NEVER}s`,
    warmup: `${o.warmup ?? 0}s`,
    components: hardware(o.nodes ?? 2, o.repairS ?? 10, o.bandwidth ?? 1e9),
    faults: o.faults ?? [],
    repair: { crews: o.crews ?? "unlimited" },
    mechanisms: [{ type: "standby-node", name: "ftc", nodes: "cpu", io_domains: "iodom", restart: fixed(5), ...o.config }],
    service: "ftc",
  });
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), new Trace((r) => records.push(r)));
  const service: [number, boolean][] = [];
  model.service.onChange((up, now) => service.push([now, up]));
  const changes = (id: string) => {
    const out: [number, boolean][] = [];
    model.inventory.find(id)![0]!.onChange((up, now) => out.push([now, up]));
    return out;
  };
  model.start();
  const metrics = () => model.mechanisms[0]!.instance.finish();
  const events = () => records.filter((r) => r.component === "ftc").map((r) => [r.t, r.event] as const);
  return { sim, model, service, changes, metrics, events };
}

/** A fault name from a target and a time: `cpu[0]` at 100 → `stop-cpu0-100`. */
const faultName = (kind: string, target: string, at: number) => `${kind}-${target.replace(/[^A-Za-z0-9]/g, "")}-${String(at).replace(".", "_")}`;

export const failStop = (target: string, at: number, name = faultName("stop", target, at)) => ({ type: "fail-stop", name, target, at: `${at}s` });
export const precursor = (target: string, at: number, lead: number, name = faultName("precursor", target, at)) => ({ type: "precursor", name, target, at: `${at}s`, lead: `${lead}s` });
