/**
 * Notes on settings that are legal but almost always a mistake, such as a
 * bare number read in the wrong unit before units became mandatory
 * (`mttf: 10` meant as hours). Shown by `ftsim validate` and `ftsim run`
 * (`note: ...`) without failing: each can be meant, in a test or a
 * thought experiment.
 */
import { makeDistribution } from "../engine/distributions.js";
import type { Scenario } from "../scenario/schema.js";
import type { Model } from "./model.js";

/** A duration for a message: in the largest unit that keeps it at least 1, three significant digits. */
function d(seconds: number): string {
  for (const [unit, size] of [["y", 31_557_600], ["d", 86_400], ["h", 3600], ["min", 60]] as const) {
    if (seconds >= size) return `${Number((seconds / size).toPrecision(3))}${unit}`;
  }
  return `${Number(seconds.toPrecision(3))}s`;
}

/** The notes of a scenario and its wired model: components, horizon, then the mechanisms' own. */
export function sanityNotes(scenario: Scenario, model: Pick<Model, "mechanisms">): string[] {
  const notes: string[] = [];
  /** Expected failures of all instances within the horizon, Σ count × horizon / MTTF. */
  let expectedFailures = 0;
  let shortest = Infinity;
  for (const c of scenario.components) {
    if (c.failure === undefined) continue;
    const mttf = makeDistribution(c.failure).mean;
    expectedFailures += (c.count * scenario.horizon) / mttf;
    shortest = Math.min(shortest, mttf);
    if (c.repair === undefined || c.repair === "none") continue;
    const mttr = makeDistribution(c.repair).mean;
    if (mttf < mttr) {
      notes.push(
        `component "${c.name}": its mean time to failure (${d(mttf)}) is shorter than its mean time to repair (${d(mttr)}), ` +
          `so it is down most of the time; check the units`,
      );
    }
  }
  // With injected faults a short horizon is usually meant: the faults, not the lifetimes, drive the run.
  // A hundred disks of a 60-year MTTF fail often enough in a year; one of them would not.
  if (shortest < Infinity && scenario.faults.length === 0 && expectedFailures < 0.5) {
    notes.push(
      `the horizon (${d(scenario.horizon)}) is short against the components' lives (the shortest mean time to failure is ${d(shortest)}): ` +
        `about ${expectedFailures.toPrecision(2)} failures are expected per replication, so most replications will see none; check the units, or lengthen the horizon`,
    );
  }
  for (const { instance } of model.mechanisms) notes.push(...(instance.notes ?? []));
  return notes;
}
