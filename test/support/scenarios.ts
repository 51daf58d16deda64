import { expect } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { ModelReferenceError } from "../../src/hardware/inventory.js";
import { buildModel } from "../../src/run/model.js";
import { loadScenarioText } from "../../src/run/load.js";
import { ScenarioError } from "../../src/scenario/scenario-error.js";
import { scenarioSchema, type Scenario } from "../../src/scenario/schema.js";

/** A small repairable parallel pair (MTTF 1000 s, MTTR 100 s, 8 replications), with any top-level field replaced. */
export function pairScenario(extra: Record<string, unknown> = {}): Scenario {
  return scenarioSchema.parse({
    name: "t",
    horizon: "20000s",
    replications: 8,
    seed: 3,
    components: [{ name: "cpu", count: 2, mttf: "1000s", mttr: "100s" }],
    service: { parallel: ["cpu"] },
    ...extra,
  });
}

/** The ModelReferenceError that building one replication of `scenario` throws (fails the test if none). */
export function modelReferenceError(scenario: Scenario): ModelReferenceError {
  try {
    buildModel(scenario, new Simulator(), new RandomStreams(1, 0));
  } catch (e) {
    expect(e).toBeInstanceOf(ModelReferenceError);
    return e as ModelReferenceError;
  }
  throw new Error("expected a ModelReferenceError");
}

/** The formatted ScenarioError (`file:line:col: path: message`) that loading `text` as `s.yaml` throws; fails if it loads. */
export function scenarioErrorOf(text: string): string {
  try {
    loadScenarioText(text, "s.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) return e.format();
    throw e;
  }
  throw new Error("the scenario loaded without error");
}
