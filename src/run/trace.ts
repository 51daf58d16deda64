import { RandomStreams } from "../engine/random.js";
import { Simulator } from "../engine/simulator.js";
import { Trace, type TraceRecord } from "../engine/trace.js";
import type { Scenario } from "../scenario/schema.js";
import { VERSION } from "../version.js";
import { buildModel } from "./model.js";
import type { ScenarioIdentity } from "./result.js";

/** The first line of a trace file: what it is a trace of. */
export interface TraceHeader {
  schema: "ftsim.trace/v1";
  ftsim_version: string;
  scenario: ScenarioIdentity;
  seed: number | string;
  replication: number;
  horizon_s: number;
  warmup_s: number;
}

/**
 * Runs replication `replication` of a scenario with tracing on, handing the
 * header and then every record, in event order, to `emit`. The records are
 * those of the same replication of `ftsim run`: tracing changes no draw.
 * Returns the number of records.
 */
export function traceReplication(
  scenario: Scenario,
  identity: ScenarioIdentity,
  replication: number,
  emit: (line: TraceHeader | TraceRecord) => void,
): number {
  emit({
    schema: "ftsim.trace/v1",
    ftsim_version: VERSION,
    scenario: identity,
    seed: scenario.seed,
    replication,
    horizon_s: scenario.horizon,
    warmup_s: scenario.warmup,
  });
  let records = 0;
  const sim = new Simulator({ maxEvents: scenario.limits.max_events });
  const trace = new Trace((record) => {
    records++;
    emit(record);
  });
  const model = buildModel(scenario, sim, new RandomStreams(scenario.seed, replication), trace);
  model.start();
  sim.run({ until: scenario.horizon });
  return records;
}

/**
 * A predicate on trace records: those of the given components (instance ids,
 * group names: `disk` keeps `disk[0]`, `disk[1]`...; `service` for the
 * service; `*` patterns: `network:*`, `cpu*`) and of the given events. An
 * absent list keeps everything.
 */
export function traceFilter(keep: { components?: readonly string[] | undefined; events?: readonly string[] | undefined }): (r: TraceRecord) => boolean {
  const { components, events } = keep;
  const exact = components?.filter((c) => !c.includes("*"));
  const groups = exact?.map((c) => `${c}[`);
  const patterns = components?.filter((c) => c.includes("*")).map(globPattern);
  return (r) =>
    (components === undefined ||
      exact!.includes(r.component) ||
      groups!.some((g) => r.component.startsWith(g)) ||
      patterns!.some((p) => p.test(r.component))) &&
    (events === undefined || events.includes(r.event));
}

/** A `*` pattern (any run of characters) as an anchored regular expression. */
function globPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}
