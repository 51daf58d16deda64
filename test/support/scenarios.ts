import { scenarioSchema, type Scenario } from "../../src/scenario/schema.js";

/** A small repairable parallel pair (MTTF 1000 s, MTTR 100 s, 8 replications), with any top-level field replaced. */
export function pairScenario(extra: Record<string, unknown> = {}): Scenario {
  return scenarioSchema.parse({
    name: "t",
    horizon: 20_000,
    replications: 8,
    seed: 3,
    components: [{ name: "cpu", count: 2, mttf: 1000, mttr: 100 }],
    service: { parallel: ["cpu"] },
    ...extra,
  });
}
