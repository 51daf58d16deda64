import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../src/engine/trace.js";
import { buildModel } from "../../src/run/model.js";
import { scenarioSchema } from "../../src/scenario/schema.js";

/**
 * Builds and runs one replication of a scenario (`name` and `horizon`
 * filled in) with tracing on. `show` lists the trace as `t component event
 * cause` lines, without the service's by default.
 */
export function traced(input: Record<string, unknown>, until = 100_000, seed = 1) {
  const scenario = scenarioSchema.parse({ name: "t", horizon: `${until}s`, ...input });
  const sim = new Simulator();
  const lines: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(seed, 0), new Trace((r) => lines.push(r)));
  model.start();
  sim.run({ until });
  const show = (filter: (r: TraceRecord) => boolean = (r) => r.component !== "service") =>
    lines.filter(filter).map((r) => `${r.t} ${r.component} ${r.event} ${r.cause}`);
  return { model, sim, lines, show };
}

/** A fixed duration as a scenario distribution. */
export const fixed = (value: number) => ({ dist: "deterministic", value: `${value}s` });
