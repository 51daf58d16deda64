import { createHash } from "node:crypto";
import { RandomStreams } from "../engine/random.js";
import { Simulator } from "../engine/simulator.js";
import { ModelReferenceError } from "../hardware/inventory.js";
import { formatPath, loadScenarioText as parseAndValidate, positionAt, readScenarioText, ScenarioError } from "../scenario/load.js";
import { scenarioSchema, type Scenario } from "../scenario/schema.js";
import { buildModel } from "./model.js";
import type { ScenarioIdentity } from "./result.js";

/** A scenario ready to run, and where it came from. */
export interface LoadedScenario {
  scenario: Scenario;
  identity: ScenarioIdentity;
}

/**
 * Reads, parses and validates a scenario file, then wires its model once
 * (without running it) so that a bad reference — a structure naming a
 * component that does not exist, say — is reported at its line:col too.
 *
 * @throws {ScenarioError} for every problem with the file
 */
export function loadScenario(file: string): LoadedScenario {
  return loadScenarioText(readScenarioText(file), file);
}

/** As {@link loadScenario}, from text already read; `file` names it in errors. */
export function loadScenarioText(text: string, file: string): LoadedScenario {
  const { value: scenario, parsed } = parseAndValidate(text, file, scenarioSchema);
  try {
    buildModel(scenario, new Simulator(), new RandomStreams(scenario.seed, 0));
  } catch (e) {
    if (!(e instanceof ModelReferenceError)) throw e;
    const { line, col } = positionAt(parsed, e.path);
    throw new ScenarioError([{ file, line, col, path: formatPath(e.path), message: e.message }]);
  }
  const hash = "sha256:" + createHash("sha256").update(text).digest("hex");
  const identity: ScenarioIdentity = { name: scenario.name, file, hash };
  if (scenario.description !== undefined) identity.description = scenario.description;
  return { scenario, identity };
}
