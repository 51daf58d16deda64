import { LIMIT_ENV, LIMITS } from "../scenario/limits.js";
import type { Scenario } from "../scenario/schema.js";

/** Values that replace the scenario's own for one run (from command-line flags, or a library caller). */
export interface RunOverrides {
  seed?: number | string;
  replications?: number;
  /** Simulated time per replication (s). */
  horizonS?: number;
  maxEvents?: number;
}

/** An override the scenario cannot take; `option` names it (e.g. `horizon`). */
export class OverrideError extends Error {
  override readonly name = "OverrideError";
  constructor(
    readonly option: keyof RunOverrides,
    message: string,
  ) {
    super(message);
  }
}

/** A copy of the scenario with the overrides applied, checked like the file's own values. */
export function applyOverrides(scenario: Scenario, overrides: RunOverrides): Scenario {
  const out: Scenario = { ...scenario, limits: { ...scenario.limits } };
  if (overrides.seed !== undefined) out.seed = overrides.seed;
  if (overrides.replications !== undefined) {
    if (!(Number.isSafeInteger(overrides.replications) && overrides.replications >= 2)) {
      throw new OverrideError("replications", `at least 2 replications are needed for a confidence interval, got ${overrides.replications}`);
    }
    if (overrides.replications > LIMITS.maxReplications) {
      throw new OverrideError("replications", `at most ${LIMITS.maxReplications} replications are allowed (set ${LIMIT_ENV.maxReplications} to raise the limit), got ${overrides.replications}`);
    }
    out.replications = overrides.replications;
  }
  if (overrides.horizonS !== undefined) {
    if (!(overrides.horizonS > out.warmup && overrides.horizonS < Infinity)) {
      throw new OverrideError("horizonS", `the horizon must exceed the scenario's warm-up (${out.warmup} s), got ${overrides.horizonS} s`);
    }
    out.horizon = overrides.horizonS;
  }
  if (overrides.maxEvents !== undefined) {
    if (!(Number.isSafeInteger(overrides.maxEvents) && overrides.maxEvents >= 1)) {
      throw new OverrideError("maxEvents", `the event cap must be a positive integer, got ${overrides.maxEvents}`);
    }
    out.limits.max_events = overrides.maxEvents;
  }
  return out;
}

/** Quotes a word for a POSIX shell when it needs it, so a `reproduce` line can be pasted as is. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
