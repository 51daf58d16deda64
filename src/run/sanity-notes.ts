/**
 * Notes on settings that are legal but almost always a mistake, such as a
 * bare number read in the wrong unit before units became mandatory
 * (`mttf: 10` meant as hours). Shown by `ftsim validate` and `ftsim run`
 * (`note: ...`) without failing: each can be meant, in a test or a
 * thought experiment.
 */
import { makeDistribution } from "../engine/distributions.js";
import type { Scenario } from "../scenario/schema.js";
import { formatQuantity } from "../scenario/units.js";
import type { Model } from "./model.js";

const d = (seconds: number) => formatQuantity("duration", seconds);

/** The notes of a scenario and its wired model: components, horizon, then the mechanisms' own. */
export function sanityNotes(scenario: Scenario, model: Pick<Model, "mechanisms">): string[] {
  const notes: string[] = [];
  const mttfs: number[] = [];
  for (const c of scenario.components) {
    if (c.failure === undefined) continue;
    const mttf = makeDistribution(c.failure).mean;
    mttfs.push(mttf);
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
  if (mttfs.length > 0 && scenario.faults.length === 0 && mttfs.every((m) => scenario.horizon < m)) {
    notes.push(
      `the horizon (${d(scenario.horizon)}) is shorter than every component's mean time to failure (the shortest is ${d(Math.min(...mttfs))}): ` +
        `most replications will see no failure; check the units, or lengthen the horizon`,
    );
  }
  for (const { instance } of model.mechanisms) notes.push(...(instance.notes ?? []));
  return notes;
}
