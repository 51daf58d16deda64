/**
 * The regression gate's work, apart from flags and files: which scenarios
 * to run, recording a baseline, and re-running scenarios against one
 * (docs/ci.md). `ftsim baseline` and `ftsim check` only parse flags, show
 * progress and write what these return.
 */
import { BaselineError, baselineEntry, findEntry, makeBaseline, type BaselineDocument, type BaselineScenario } from "../run/baseline.js";
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { loadScenario } from "../run/load.js";
import { applyOverrides } from "../run/overrides.js";
import type { RunResult, ScenarioIdentity } from "../run/result.js";
import { suggest } from "../math/did-you-mean.js";
import type { Scenario } from "../scenario/schema.js";
import {
  checkReport,
  checkSettingNames,
  compareScenario,
  resolveGate,
  settingsLayers,
  type CheckReport,
  type GateSettings,
  type ScenarioCheck,
} from "./regression.js";

/** A runnable unit of a scenario file: the scenario itself, or each point of its sweep (named `name [point]`). */
export interface GateUnit {
  scenario: Scenario;
  identity: ScenarioIdentity;
}

/** Runs one unit to completion (the CLI wraps it with a progress bar); throws IncompleteRunError on a limit. */
export type UnitRunner = (unit: GateUnit) => RunResult;

function unitsOf(file: string): GateUnit[] {
  const loaded = loadScenario(file);
  if (loaded.sweep === undefined) return [{ scenario: loaded.scenario, identity: loaded.identity }];
  return loaded.sweep.points.map((p) => ({ scenario: p.scenario, identity: { ...loaded.identity, name: `${loaded.identity.name} [${p.name}]` } }));
}

/** The units of the given files; two units of the same name are an error, since the baseline matches by name. */
export function loadGateUnits(files: readonly string[]): GateUnit[] {
  const units = files.flatMap(unitsOf);
  const seen = new Map<string, string>();
  for (const { identity } of units) {
    const other = seen.get(identity.name);
    if (other !== undefined) {
      throw new BaselineError(
        other === identity.file
          ? `${identity.file} is given twice`
          : `${other} and ${identity.file} are both named "${identity.name}"; scenarios are matched to the baseline by name, so give them different names`,
      );
    }
    seen.set(identity.name, identity.file);
  }
  return units;
}

/**
 * Runs every unit (with `replications` instead of its own, if given) and
 * records the baseline, with the flags' tolerances and directions checked
 * against the metrics the runs produced.
 */
export function recordBaseline(
  units: readonly GateUnit[],
  settings: { raw: { tolerances: Record<string, string> }; parsed: GateSettings },
  run: UnitRunner,
  replications?: number,
): BaselineDocument {
  const entries: BaselineScenario[] = units.map((unit) => {
    const scenario = replications === undefined ? unit.scenario : applyOverrides(unit.scenario, { replications });
    return baselineEntry(run({ scenario, identity: unit.identity }));
  });
  const metrics = [...new Set(entries.flatMap((e) => Object.keys(e.metrics)))].sort();
  checkSettingNames(settings.parsed, metrics, "these scenarios");
  for (const e of entries) for (const [m, s] of Object.entries(e.metrics)) resolveGate(m, s.unit, [settings.parsed]);
  return makeBaseline(entries, { tolerances: settings.raw.tolerances, directions: settings.parsed.directions });
}

/** Every setting of the baseline and the flags, checked against the baseline's metrics before anything runs. */
function checkSettings(doc: BaselineDocument, path: string, flags: GateSettings): void {
  const all = [...new Set(doc.scenarios.flatMap((s) => Object.keys(s.metrics)))].sort();
  checkSettingNames(flags, all, `the baseline ${path}`);
  doc.scenarios.forEach((entry, i) => {
    const [file, own] = settingsLayers(path, doc, entry, i, flags);
    if (i === 0) checkSettingNames(file!, all, `the baseline ${path}`);
    checkSettingNames(own!, Object.keys(entry.metrics), `scenario ${entry.scenario.name} of ${path}`);
    for (const [m, s] of Object.entries(entry.metrics)) resolveGate(m, s.unit, [file!, own!, flags]);
  });
}

function missingScenario(unit: GateUnit, doc: BaselineDocument, path: string): BaselineError {
  const names = doc.scenarios.map((s) => s.scenario.name);
  const guess = suggest(unit.identity.name, names);
  return new BaselineError(
    `${unit.identity.file}: scenario "${unit.identity.name}" is not in the baseline ${path}` +
      (guess === undefined ? ` (it has: ${names.join(", ") || "none"})` : ` (did you mean "${guess}"?)`) +
      `; add it with ftsim baseline, or pass --allow-new to check the others and report it as new`,
  );
}

/**
 * A scenario path recorded in a baseline, checked before it is read: a
 * baseline arrives in pull requests, so it may only name a scenario file
 * (.yaml, .yml, .json) inside the working directory (relative, or absolute
 * but inside it), symlinks resolved: never `/proc/self/environ` or
 * `../../secrets.yaml`.
 *
 * @throws {BaselineError} for a path outside the working tree or not a scenario file
 */
export function recordedFile(file: string, baselinePath: string): string {
  const refuse = (why: string) =>
    new BaselineError(`the baseline ${baselinePath} names the scenario file ${JSON.stringify(file.slice(0, 200))}, ${why}; give the scenario files on the command line instead`);
  if (!/\.(ya?ml|json)$/i.test(file)) throw refuse("which is not a .yaml, .yml or .json file");
  const root = realpathSync(process.cwd());
  let real: string;
  try {
    real = realpathSync(resolve(root, file));
  } catch {
    real = resolve(root, file); // missing: loading it reports "no such file"
  }
  const rel = relative(root, real);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw refuse("which is outside the working directory");
  return file;
}

/**
 * Re-runs scenarios against a baseline, each with the baseline's seed and
 * replications (so the runs are paired by replication), and judges every
 * metric. With no files, every scenario of the baseline is re-run from its
 * recorded path.
 */
export function runGateCheck(
  doc: BaselineDocument,
  path: string,
  files: readonly string[],
  flags: GateSettings,
  run: UnitRunner,
  options: { allowNew?: boolean } = {},
): CheckReport {
  checkSettings(doc, path, flags);
  const given = files.length > 0 ? files : doc.scenarios.map((s) => recordedFile(s.scenario.file, path));
  if (given.length === 0) throw new BaselineError(`the baseline ${path} has no scenarios and no files were given`);
  const units = loadGateUnits([...new Set(given)]);
  const known = units.map((unit) => ({ unit, entry: findEntry(doc, unit.identity.name) }));
  const unknown = known.filter((k) => k.entry === undefined);
  if (unknown.length > 0 && options.allowNew !== true) throw missingScenario(unknown[0]!.unit, doc, path);

  const checks: ScenarioCheck[] = [];
  for (const { unit, entry } of known) {
    if (entry === undefined) continue;
    const scenario = applyOverrides(unit.scenario, { seed: entry.seed, replications: entry.replications });
    const result = run({ scenario, identity: unit.identity });
    checks.push(compareScenario(entry, result, settingsLayers(path, doc, entry, doc.scenarios.indexOf(entry), flags)));
  }
  const checkedNames = new Set(units.map((u) => u.identity.name));
  return checkReport(path, checks, {
    new_scenarios: unknown.map(({ unit }) => ({ name: unit.identity.name, file: unit.identity.file })),
    not_checked: doc.scenarios.map((s) => s.scenario.name).filter((name) => !checkedNames.has(name)),
  });
}
