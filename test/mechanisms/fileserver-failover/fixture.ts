import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../../src/engine/trace.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

export interface Setup {
  /** Extra fields of the fileserver-failover entry. */
  config?: Record<string, unknown>;
  /** Fields of the WAN link between fs-a and fs-b. */
  link?: Record<string, unknown>;
  faults?: Record<string, unknown>[];
  horizon?: string;
  /** Site a's repair time. */
  siteRepair?: string;
}

/**
 * fs-a in site-a (the source) and fs-b in site-b, joined by one link `wan`
 * (default 8 MB/s, 10 ms), under a fileserver-failover "share" that is the
 * service; sites fail only by injected faults. Default config: 1 MB/s of
 * writes, snapshots every 60 s (2 MB each → X = 7.51 s with 1 s beats of
 * 0 bytes... see the tests), 1 s × 3 missed beats, ttl 0.
 */
export function setup(s: Setup = {}) {
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: s.horizon ?? "2h",
    components: [
      { name: "site-a", kind: "site", repair: { dist: "deterministic", value: s.siteRepair ?? "10min" } },
      { name: "site-b", kind: "site", repair: { dist: "deterministic", value: "10min" } },
      { name: "fs-a", kind: "host", in: "site-a" },
      { name: "fs-b", kind: "host", in: "site-b" },
      { name: "wan", kind: "link", connects: ["fs-a", "fs-b"], network: "wan", bandwidth: "8MB/s", latency: "10ms", ...s.link },
    ],
    faults: s.faults ?? [],
    mechanisms: [
      {
        type: "fileserver-failover",
        name: "share",
        source: "fs-a",
        destination: "fs-b",
        clients: 4,
        interval: "60s",
        write_rate: "1MB/s",
        period: "1s",
        missed: 3,
        beat_size: "0B",
        ttl: "0s",
        ...s.config,
      },
    ],
    service: "share",
  });
  const records: TraceRecord[] = [];
  const service: [number, boolean][] = [];
  const sim = new Simulator();
  const trace = new Trace((r) => {
    if (r.component === "share") records.push(r);
  });
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), trace);
  model.service.onChange((up, now) => service.push([now, up]));
  model.start();
  const run = () => {
    sim.run({ until: scenario.horizon });
    const m = model.mechanisms[0]!.instance.finish();
    return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.value]));
  };
  const events = (event: string) => records.filter((r) => r.event === event);
  return { run, records, service, events };
}
