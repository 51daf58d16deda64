import { createHash } from "node:crypto";
import { RandomStreams, type RandomStream } from "../engine/random.js";
import { Simulator } from "../engine/simulator.js";
import { ModelReferenceError } from "../hardware/inventory.js";
import { formatPath, loadScenarioText as parseAndValidate, positionAt, readScenarioText, ScenarioError, validateScenario } from "../scenario/load.js";
import type { ParsedScenario } from "../scenario/load.js";
import { LIMIT_ENV, LIMITS } from "../scenario/limits.js";
import { scenarioSchema, type Scenario } from "../scenario/schema.js";
import { expandSweep, validatePoints } from "../scenario/sweep.js";
import type { LooseSchema } from "../scenario/zod-introspection.js";
import { buildModel, type Model } from "./model.js";
import { sanityNotes } from "./sanity-notes.js";
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
  const over = overLimits(scenario);
  if (over !== undefined) {
    throw new ScenarioError([{ file, ...positionAt(parsed, over.path), path: formatPath(over.path), message: over.message }]);
  }
  const model = wire(scenario);
  if (model instanceof ModelReferenceError) {
    const { line, col } = positionAt(parsed, model.path);
    throw new ScenarioError([{ file, line, col, path: formatPath(model.path), message: model.message }]);
  }
  const hash = "sha256:" + createHash("sha256").update(text).digest("hex");
  const identity: ScenarioIdentity = { name: scenario.name, file, hash };
  if (scenario.description !== undefined) identity.description = scenario.description;
  const unmeasuredNote = (name: string): string =>
    `mechanism "${name}" is not part of \`service:\`, so availability, downtime_s and the other service metrics do not measure it ` +
    `(its own metrics, ${name}.*, are still reported); name it in \`service:\` if it is the system's service`;
  const notes = [...model.unmeasured.map(unmeasuredNote), ...sanityNotes(scenario, model)];
  // A sweep point may set `service:` or a mechanism's name: its own notes, those the scenario as written has not.
  const sweep = loadSweep(parsed, file, (point, unmeasured) => {
    for (const note of unmeasured.map(unmeasuredNote)) if (!notes.includes(note)) notes.push(`in sweep point "${point}": ${note}`);
  });
  return sweep === undefined ? { scenario, identity, notes } : { scenario, identity, sweep, notes };
}

/**
 * The first resource limit a valid scenario breaks (docs/robustness.md): more
 * replications or component instances than allowed, checked on the counts
 * before anything is built.
 */
export function overLimits(scenario: Scenario): { path: (string | number)[]; message: string } | undefined {
  if (scenario.replications > LIMITS.maxReplications) {
    return {
      path: ["replications"],
      message: `at most ${LIMITS.maxReplications} replications are allowed (set ${LIMIT_ENV.maxReplications} to raise the limit), got ${scenario.replications}`,
    };
  }
  let total = 0;
  for (const [i, c] of scenario.components.entries()) {
    total += c.count;
    if (total > LIMITS.maxInstances) {
      return {
        path: ["components", i, "count"],
        message: `the scenario has ${scenario.components.reduce((n, x) => n + x.count, 0)} component instances in all; at most ${LIMITS.maxInstances} are allowed (set ${LIMIT_ENV.maxInstances} to raise the limit)`,
      };
    }
  }
  return undefined;
}

/**
 * Streams for wiring a model that is never run: a generator is seeded only if
 * a draw is made, so validating 100 000 instances does not seed 100 000 generators.
 */
class WiringStreams extends RandomStreams {
  override stream(name: string): RandomStream {
    let real: RandomStream | undefined;
    return { name, next: () => (real ??= super.stream(name)).next() };
  }
}

/** Wires the model once without running it: the model, or the bad reference with its path. */
function wire(scenario: Scenario): Model | ModelReferenceError {
  try {
    return buildModel(scenario, new Simulator(), new WiringStreams(scenario.seed, 0));
  } catch (e) {
    if (e instanceof ModelReferenceError) return e;
    throw e;
  }
}

/** Expands, validates and wires every point of the file's sweep (errors point into the sweep section). */
function loadSweep(parsed: ParsedScenario, file: string, onUnmeasured: (point: string, mechanisms: string[]) => void): LoadedSweep | undefined {
  const plan = expandSweep(parsed, file, scenarioSchema as unknown as LooseSchema);
  if (plan === undefined) return undefined;
  const unmeasured = new Map<Scenario, string[]>();
  const scenarios = validatePoints(plan, parsed, file, (p) => validateScenario(scenarioSchema, p, file), (point) => {
    const over = overLimits(point);
    if (over !== undefined) return over;
    const model = wire(point);
    if (model instanceof ModelReferenceError) return model;
    unmeasured.set(point, model.unmeasured);
    return undefined;
  });
  plan.points.forEach((p, i) => onUnmeasured(p.name, unmeasured.get(scenarios[i]!) ?? []));
  return {
    kind: plan.kind,
    parameters: plan.parameters,
    points: plan.points.map((p, i) => ({ name: p.name, params: p.params, scenario: scenarios[i]! })),
  };
}

