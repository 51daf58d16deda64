import { createHash } from "node:crypto";
import { RandomStreams } from "../engine/random.js";
import { Simulator } from "../engine/simulator.js";
import { ModelReferenceError } from "../hardware/inventory.js";
import { formatPath, loadScenarioText as parseAndValidate, positionAt, readScenarioText, ScenarioError, validateScenario } from "../scenario/load.js";
import type { ParsedScenario } from "../scenario/load.js";
import { scenarioSchema, type Scenario, type StructureInput } from "../scenario/schema.js";
import { expandSweep, validatePoints } from "../scenario/sweep.js";
import type { LooseSchema } from "../scenario/zod-introspection.js";
import { buildModel } from "./model.js";
import type { ScenarioIdentity } from "./result.js";

/** A scenario ready to run, and where it came from. */
export interface LoadedScenario {
  /** The scenario as written (a sweep's base: none of the sweep's values applied). */
  scenario: Scenario;
  identity: ScenarioIdentity;
  /** The points of its `sweep:` section, each validated and wired, when it has one. */
  sweep?: LoadedSweep;
  /** Things that are allowed but probably not meant, for the user's eyes (`note: ...`). */
  notes: string[];
}

/** A scenario's sweep, expanded into runnable points. */
export interface LoadedSweep {
  kind: "grid" | "variants";
  /** The swept paths as written, in order of first appearance. */
  parameters: string[];
  points: SweepPoint[];
}

/** One point of a sweep: a whole scenario with the point's values in place. */
export interface SweepPoint {
  /** The variant's name, or for a grid a label such as `mttr=4h, crews=2`. */
  name: string;
  /** The value of each swept path here, in SI base units for fields with units. */
  params: Record<string, number | string>;
  scenario: Scenario;
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
  const problem = modelProblem(scenario);
  if (problem !== undefined) {
    const { line, col } = positionAt(parsed, problem.path);
    throw new ScenarioError([{ file, line, col, path: formatPath(problem.path), message: problem.message }]);
  }
  const hash = "sha256:" + createHash("sha256").update(text).digest("hex");
  const identity: ScenarioIdentity = { name: scenario.name, file, hash };
  if (scenario.description !== undefined) identity.description = scenario.description;
  const sweep = loadSweep(parsed, file);
  const unmeasuredNote = (name: string): string =>
    `mechanism "${name}" is not part of \`service:\`, so availability, downtime_s and the other service metrics do not measure it ` +
    `(its own metrics, ${name}.*, are still reported); name it in \`service:\` if it is the system's service`;
  const notes = unmeasuredMechanisms(scenario).map(unmeasuredNote);
  // A sweep point may set `service:` or a mechanism's name: its own notes, those the scenario as written has not.
  for (const point of sweep?.points ?? []) {
    for (const note of unmeasuredMechanisms(point.scenario).map(unmeasuredNote)) {
      if (!notes.includes(note)) notes.push(`in sweep point "${point.name}": ${note}`);
    }
  }
  return sweep === undefined ? { scenario, identity, notes } : { scenario, identity, sweep, notes };
}

/** Wires the model once without running it; a bad reference comes back with its path. */
function modelProblem(scenario: Scenario): ModelReferenceError | undefined {
  try {
    buildModel(scenario, new Simulator(), new RandomStreams(scenario.seed, 0));
    return undefined;
  } catch (e) {
    if (e instanceof ModelReferenceError) return e;
    throw e;
  }
}

/** Expands, validates and wires every point of the file's sweep (errors point into the sweep section). */
function loadSweep(parsed: ParsedScenario, file: string): LoadedSweep | undefined {
  const plan = expandSweep(parsed, file, scenarioSchema as unknown as LooseSchema);
  if (plan === undefined) return undefined;
  const scenarios = validatePoints(plan, parsed, file, (p) => validateScenario(scenarioSchema, p, file), modelProblem);
  return {
    kind: plan.kind,
    parameters: plan.parameters,
    points: plan.points.map((p, i) => ({ name: p.name, params: p.params, scenario: scenarios[i]! })),
  };
}

/** The mechanism instances (their services bear their names) that the scenario's `service:` never names. */
function unmeasuredMechanisms(scenario: Scenario): string[] {
  if (scenario.service === undefined) return [];
  const named = new Set<string>();
  const walk = (node: StructureInput): void => {
    if (typeof node === "string") named.add(node);
    else if ("series" in node) node.series.forEach(walk);
    else if ("parallel" in node) node.parallel.forEach(walk);
    else if (typeof node.of === "string") named.add(node.of);
    else node.of.forEach(walk);
  };
  walk(scenario.service);
  return scenario.mechanisms
    .map((entry) => {
      const { type, name } = entry as { type: string; name?: string };
      return name ?? type;
    })
    .filter((name) => !named.has(name));
}
