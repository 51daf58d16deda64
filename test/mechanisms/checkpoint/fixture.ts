import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../../src/engine/trace.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

export interface JobOptions {
  /** Scripted faults. */
  faults?: Record<string, unknown>[];
  /** Extra config of the checkpoint entry "job". */
  config?: Record<string, unknown>;
  /** Repair time of every node. Default 20s. */
  repair?: string;
  /** A fifth processor `spare`, with the network `lan` joining nodes, spare and storage. */
  spare?: boolean;
}

/**
 * A job of 4 processes on 4 nodes (`node[0..3]`) that fail only by the
 * scripted faults; images of 1 GB each on one disk of 100 MB/s, so a
 * checkpoint (4 GB) takes δ = 40 s and a full restart 40 s + 10 s. W =
 * 1000 s in segments of τ = 100 s: failure-free, the job ends at
 * 10 × (100 + 40) = 1400 s. Returns the metrics and the job's trace records.
 */
export function runJob(o: JobOptions = {}) {
  const repair = { dist: "deterministic", value: o.repair ?? "20s" };
  const components: Record<string, unknown>[] = [
    { name: "node", kind: "processor", count: 4, repair },
    { name: "store", kind: "host", repair },
    { name: "disk", kind: "disk", in: "store", write_bandwidth: "100MB/s", read_bandwidth: "100MB/s", repair },
  ];
  if (o.spare) {
    components.push(
      { name: "spare", kind: "processor", count: 1, repair },
      { name: "sw", kind: "switch" },
      { name: "node-port", kind: "link", count: 4, connects: ["node", "sw"], bandwidth: "1GB/s", latency: "0s" },
      { name: "spare-port", kind: "link", connects: ["spare", "sw"], bandwidth: "1GB/s", latency: "0s" },
      { name: "store-port", kind: "link", connects: ["store", "sw"], bandwidth: "1GB/s", latency: "0s" },
    );
  }
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: "10000s",
    replications: 2,
    components,
    faults: o.faults ?? [],
    mechanisms: [
      {
        type: "checkpoint",
        name: "job",
        nodes: "node",
        work: "1000s",
        state_per_process: "1GB",
        storage: "disk",
        interval: "fixed",
        tau: "100s",
        restart: "10s",
        ...(o.spare ? { spares: "spare", network: "lan" } : {}),
        ...o.config,
      },
    ],
    service: "job",
  });
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), new Trace((r) => records.push(r)));
  model.start();
  sim.run({ until: scenario.horizon });
  const metrics = Object.fromEntries(Object.entries(model.mechanisms[0]!.instance.finish()).map(([k, v]) => [k, v.value]));
  return { metrics, records: records.filter((r) => r.component === "job") };
}
