/**
 * zod schemas for values with units. Each accepts a string with a unit (or,
 * for durations, sizes and rates, the number 0; percentages and
 * probabilities also take a bare number) and outputs a number in the base unit; a bad
 * value becomes an issue at the field's own path, carrying the
 * {@link UnitError} message, so `loadScenarioFile` reports it at its
 * line:col. The JSON Schema (input side) is `number | string` with a
 * `description` giving the format.
 */
import { z } from "zod";
import {
  UnitError,
  parseDuration,
  parsePercent,
  parseProbability,
  parseRate,
  parseSize,
  type UnitKind,
} from "./units.js";

/** The type of every schema in this file: number | string in, number out. */
export type UnitSchema = z.ZodPipe<
  z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>,
  z.ZodTransform<number, string | number>
>;

/** The message a parser gives for `input`, for errors found before parsing (wrong type). */
function messageFor(parse: (v: number | string) => number, input: unknown): string | undefined {
  if (input === undefined) return undefined; // a missing key: zod's own message
  try {
    parse(input as number | string);
  } catch (e) {
    if (e instanceof UnitError) return e.message;
  }
  return "invalid value";
}

function unitSchema(parse: (v: number | string) => number, kind: UnitKind, description: string): UnitSchema {
  const input = z
    .union([z.number(), z.string()], { error: (iss) => messageFor(parse, iss.input) })
    .describe(description);
  // The kind is tagged in the JSON Schema (`x-ftsim-unit`), so that a default, stored in the
  // base unit, can be shown with its unit (`ftsim list`: `300ms`, not 0.3).
  return input
    .transform((v, ctx) => {
      try {
        return parse(v);
      } catch (e) {
        if (!(e instanceof UnitError)) throw e;
        ctx.addIssue({ code: "custom", message: e.message, input: v });
        return z.NEVER;
      }
    })
    .meta({ "x-ftsim-unit": kind });
}

/**
 * Duration → seconds: a string such as `250ms`,
 * `30s`, `1.5h`, `3y` (see {@link parseDuration}).
 */
export function duration(): UnitSchema {
  return unitSchema(
    parseDuration,
    "duration",
    "Duration: a number with a unit: ns, us, ms, s, m/min, h, d, w, y (365.25 d), e.g. 250ms, 30s, 8h, 3y; a bare number is an error, except 0.",
  );
}

/**
 * Size → bytes: a string such as `4KiB`, `16TB`
 * (see {@link parseSize}).
 */
export function size(): UnitSchema {
  return unitSchema(
    parseSize,
    "size",
    "Size: a number with a unit: B, kB, MB, GB, TB, PB (powers of 1000) or KiB, MiB, GiB, TiB, PiB (powers of 1024), e.g. 512B, 16TB, 4KiB; a bare number is an error, except 0.",
  );
}

/**
 * Rate → bytes per second: a string such as
 * `200MB/s`, `10Gbit/s`, `100Mbps` (see {@link parseRate}).
 */
export function rate(): UnitSchema {
  return unitSchema(
    parseRate,
    "rate",
    "Rate: an amount in bytes (B, MB, GiB, ...) or bits (b, Mb, Gbit, ...) per time unit, e.g. 200MB/s, 1.5GiB/s, 10Gbit/s, 100Mbps; a bare number is an error, except 0.",
  );
}

/**
 * Percentage → the percent number: `2%` or `2` give 2 (see
 * {@link parsePercent}).
 */
export function percent(): UnitSchema {
  return unitSchema(
    parsePercent,
    "percent",
    "Percentage: a number of percent, with or without %, e.g. 2% or 0.5.",
  );
}

/**
 * Probability → a fraction in [0, 1]: `0.95` or `95%` (see
 * {@link parseProbability}).
 */
export function probability(): UnitSchema {
  return unitSchema(
    parseProbability,
    "probability",
    "Probability: a fraction between 0 and 1, or a percentage, e.g. 0.95 or 95%.",
  );
}
