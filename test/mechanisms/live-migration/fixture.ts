import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../../src/engine/trace.js";
import type { Dimm } from "../../../src/hardware/memory.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

export const GiB = 2 ** 30;
export const PAGE = 4096;
/** Pages of the default layout on each host's one 16 GiB DIMM: the hypervisor's 1 GiB first, then the VM's 4 GiB, free pages at the end. */
export const HV_PAGE = 10;
export const VM_PAGE = GiB / PAGE + 10;
export const FREE_PAGE = (16 * GiB) / PAGE - 10;

export interface FleetOptions {
  hosts?: number;
  /** Extra config of the live-migration entry named "cloud". */
  config?: Record<string, unknown>;
  /** Scripted faults. */
  faults?: Record<string, unknown>[];
  /** Extra fields of the host group (mttr...). */
  host?: Record<string, unknown>;
  horizon?: string;
}

/**
 * `hosts` hosts (default 3), each with one 16 GiB DIMM (`dimm[i]` in
 * `host[i]`) and a 10 Gbit/s zero-latency uplink to one switch, one 4 GiB
 * VM per host (`vm[i]` on `host[i]`, placed by most free memory), 1 GiB of
 * hypervisor per host. Memory errors are injected by the test at chosen
 * pages (`ue`, `ce`), as the fault layer would.
 */
export function fleet(o: FleetOptions = {}) {
  const hosts = o.hosts ?? 3;
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: o.horizon ?? "30d",
    components: [
      { name: "host", kind: "host", count: hosts, ...o.host },
      { name: "dimm", kind: "dimm", count: hosts, in: "host", size: "16GiB" },
      { name: "tor", kind: "switch" },
      { name: "uplink", kind: "link", count: hosts, connects: ["host", "tor"], bandwidth: "10Gbit/s", latency: "0s" },
    ],
    faults: o.faults ?? [],
    mechanisms: [
      {
        type: "live-migration",
        name: "cloud",
        hosts: "host",
        vms: [{ name: "vm", count: hosts, memory: "4GiB", dirty_rate: "100MB/s" }],
        hypervisor_memory: "1GiB",
        ...o.config,
      },
    ],
    service: "cloud",
  });
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), new Trace((r) => records.push(r)));
  model.start();
  const dimm = (i: number) => model.inventory.find(`dimm[${i}]`)![0] as Dimm;
  /** A UE on page `page` of `dimm[i]` at `at` s. */
  const ue = (i: number, page: number, at: number) => sim.schedule(at, () => dimm(i).uncorrectableError(sim.now, page));
  /** A burst of `count` CEs on `dimm[i]` at `at` s. */
  const ce = (i: number, count: number, at: number) => sim.schedule(at, () => dimm(i).correctableErrors(sim.now, 0, count));
  const metrics = () => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(model.mechanisms[0]!.instance.finish())) out[k] = v.value;
    return out;
  };
  /** The mechanism's trace records of a row (`host[0]`, `vm[1]`) as [time, event]. */
  const events = (row: string) => records.filter((r) => r.component === `cloud/${row}`).map((r) => [r.t, r.event] as const);
  const eventNames = (row: string) => events(row).map(([, e]) => e);
  const run = (untilS: number) => sim.run({ until: untilS });
  return { sim, model, dimm, ue, ce, metrics, events, eventNames, run, records };
}
