/**
 * Settings of the property-based fuzz tests: a fixed seed (a failure replays
 * with the same inputs) and a bounded number of cases in `npm test`;
 * `npm run fuzz` sets FTSIM_FUZZ_RUNS for a longer run, and FTSIM_FUZZ_SEED
 * to explore other inputs.
 */
import fc from "fast-check";

/** Cases per property: small in `npm test`, large in `npm run fuzz`. */
export const RUNS = Number(process.env.FTSIM_FUZZ_RUNS ?? 150);

/** fast-check parameters shared by every property. */
export const FUZZ: fc.Parameters<unknown> = { seed: Number(process.env.FTSIM_FUZZ_SEED ?? 17), numRuns: RUNS, endOnFailure: true };

/** Per-test timeout: generous for the long run. */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, RUNS * 200);

/** A snapshot of Object.prototype's own keys, to check that no input changed it. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

/** Raw control characters (except \n and \t) that must never reach a message. */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
