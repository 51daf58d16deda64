import { Heap } from "heap-js";
import { makeDistribution } from "../src/engine/distributions.js";
import { RandomStreams } from "../src/engine/random.js";
import { Simulator } from "../src/engine/simulator.js";
import { ComponentUptime } from "../src/metrics/component-uptime.js";
import { ServiceMonitor } from "../src/metrics/service-monitor.js";
import { buildModel } from "../src/run/model.js";
import { runScenario } from "../src/run/runner.js";
import { scenarioSchema, type Scenario } from "../src/scenario/schema.js";
import type { BenchCase, BenchOutcome } from "./case.js";

/*
 * The repairable model of the foundation issue: N components, each up for
 * Exp(MTTF = 1000 h), then down for Exp(MTTR = 10 h), unlimited repair crews.
 * The engine variant is the whole ftsim model as a run builds it (hardware,
 * fault processes, repair shop, the default series structure, the service
 * and component accounting); the baseline is a bare heap-js loop over the
 * same named streams, so both process the same events in the same order.
 */

const HOUR = 3600;
const MTTF_S = 1000 * HOUR;
const MTTR_S = 10 * HOUR;
const FAR_HORIZON_S = 1e12;

function scenario(components: number, horizonS: number, replications = 2): Scenario {
  return scenarioSchema.parse({
    name: "bench-repairable",
    replications,
    horizon: `${horizonS}s`,
    components: [{ name: "unit", count: components, mttf: `${MTTF_S}s`, mttr: `${MTTR_S}s` }],
  });
}

/** The full ftsim model, stopped after exactly `steps` events. */
export function prepareRepairableEngine(components: number, steps: number, seed: number): () => BenchOutcome {
  const sim = new Simulator();
  const s = scenario(components, FAR_HORIZON_S);
  const model = buildModel(s, sim, new RandomStreams(seed, 0));
  new ServiceMonitor(model.service, 0, FAR_HORIZON_S);
  new ComponentUptime(model.inventory.components, 0, FAR_HORIZON_S);
  model.start();
  return () => {
    sim.run({ stopWhen: () => sim.eventsProcessed >= steps });
    return { events: sim.eventsProcessed, finalTimeS: sim.now };
  };
}

interface PlainEvent {
  t: number;
  seq: number;
  unit: number;
  /** True when this event is the unit's failure, false for its repair. */
  failure: boolean;
}

/** The same alternating renewal processes as a bare heap-js loop. */
export function prepareRepairableBaseline(components: number, steps: number, seed: number): () => BenchOutcome {
  const heap = new Heap<PlainEvent>((a, b) => a.t - b.t || a.seq - b.seq);
  const streams = new RandomStreams(seed, 0);
  const failure = makeDistribution({ kind: "exponential", mean: MTTF_S });
  const repair = makeDistribution({ kind: "exponential", mean: MTTR_S });
  const failureStreams = Array.from({ length: components }, (_, i) => streams.stream(`unit[${i}]/failure`));
  const repairStreams = Array.from({ length: components }, (_, i) => streams.stream(`unit[${i}]/repair`));
  let seq = 0;
  for (let i = 0; i < components; i++) heap.add({ t: failure.sample(failureStreams[i]!), seq: seq++, unit: i, failure: true });
  return () => {
    let now = 0;
    for (let n = 0; n < steps; n++) {
      const event = heap.pop()!;
      now = event.t;
      const i = event.unit;
      if (event.failure) heap.add({ t: now + repair.sample(repairStreams[i]!), seq: seq++, unit: i, failure: false });
      else heap.add({ t: now + failure.sample(failureStreams[i]!), seq: seq++, unit: i, failure: true });
    }
    return { events: steps, finalTimeS: now };
  };
}

/** Component availability over replications against MTTF/(MTTF+MTTR). */
function checkAvailability(components: number): string {
  const result = runScenario(scenario(components, 100_000 * HOUR, 10), { name: "bench-repairable", file: "<bench>", hash: "" });
  const a = result.metrics.component_availability!;
  const theory = MTTF_S / (MTTF_S + MTTR_S);
  const inside = a.ci95[0] <= theory && theory <= a.ci95[1];
  return (
    `repairable N=${components}: component availability ${a.mean.toFixed(6)} ` +
    `[${a.ci95[0].toFixed(6)}, ${a.ci95[1].toFixed(6)}] over ${a.n} replications of 1e5 h; ` +
    `theory 1000/1010 = ${theory.toFixed(6)} ${inside ? "inside" : "OUTSIDE"} the 95% CI`
  );
}

export const repairableCase: BenchCase = {
  name: "repairable",
  description: "N repairable components, MTTF 1000 h, MTTR 10 h, unlimited crews: full ftsim model vs bare heap-js loop",
  sizes: [1000],
  steps: () => 1_000_000,
  engine: prepareRepairableEngine,
  baseline: prepareRepairableBaseline,
  check: checkAvailability,
};
