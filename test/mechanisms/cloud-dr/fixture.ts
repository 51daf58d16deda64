import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../../src/engine/trace.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

/** Servers of the hand-computed case: name, boot (min), dependencies. */
export const TIERS: [string, number, string[]][] = [
  ["dns", 2, []],
  ["db1", 10, ["dns"]],
  ["db2", 8, ["dns"]],
  ["db3", 8, ["dns"]],
  ["app1", 5, ["db1"]],
  ["app2", 5, ["db1", "db2"]],
  ["app3", 5, ["db3"]],
  ["web1", 3, ["app1", "app2"]],
  ["web2", 3, ["app2"]],
];

/**
 * A primary site `site-a` holding the replicator `agent`, a `cloud` site
 * holding `staging`, one link of 1 GB/s and 10 ms between them, and a
 * cloud-dr "dr" over two subnets (5 network objects) and the servers of
 * TIERS; site-a fails at `failAt` s, or a partition cuts it off at `partitionAt` s.
 */
export function setup(opts: { failAt?: number; partitionAt?: number; parallelism?: number; config?: Record<string, unknown>; seed?: number; replication?: number } = {}) {
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: "1d",
    components: [
      { name: "site-a", kind: "site", repair: "none" },
      { name: "cloud", kind: "site" },
      { name: "agent", kind: "host", in: "site-a" },
      { name: "staging", kind: "host", in: "cloud" },
      { name: "wan", kind: "link", connects: ["agent", "staging"], network: "wan", bandwidth: "1GB/s", latency: "10ms" },
    ],
    faults: [
      ...(opts.failAt === undefined ? [] : [{ type: "fail-stop", target: "site-a", at: `${opts.failAt}s` }]),
      ...(opts.partitionAt === undefined ? [] : [{ type: "partition", network: "wan", between: [["site-a"], ["cloud"]], at: `${opts.partitionAt}s`, duration: "1h" }]),
    ],
    mechanisms: [
      {
        type: "cloud-dr",
        name: "dr",
        site: "site-a",
        replicator: "agent",
        recovery: "staging",
        write_rate: "1MB/s",
        checkpoint: "5s",
        period: "1s",
        missed: 5,
        declare_delay: "60s",
        object_time: "30s",
        parallelism: opts.parallelism ?? 2,
        subnets: [
          { name: "core", cidr: "10.0.0.0/24", gateway: "10.0.0.1" },
          { name: "front", cidr: "10.0.1.0/24", gateway: "10.0.1.1" },
        ],
        servers: TIERS.map(([name, boot, deps], i) => ({ name, subnet: name.startsWith("web") ? "front" : "core", address: `10.0.${name.startsWith("web") ? 1 : 0}.${10 + i}`, boot: `${boot}min`, depends_on: deps })),
        ...opts.config,
      },
    ],
    service: "dr",
  });
  const records: TraceRecord[] = [];
  const sim = new Simulator();
  const trace = new Trace((r) => {
    if (r.component === "dr") records.push(r);
  });
  const model = buildModel(scenario, sim, new RandomStreams(opts.seed ?? 1, opts.replication ?? 0), trace);
  const service: [number, boolean][] = [];
  model.service.onChange((up, now) => service.push([now, up]));
  model.start();
  sim.run({ until: scenario.horizon });
  const m = model.mechanisms[0]!.instance.finish();
  const metrics = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.value]));
  return { metrics, records, service, events: (e: string) => records.filter((r) => r.event === e) };
}
