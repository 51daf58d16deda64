/**
 * The unit of a swept parameter. A sweep result holds parameter values as
 * bare numbers in base units, so a chart that wants `components.disk.mttr
 * (h)` on its axis must know the number is seconds. The sweep may say so
 * (`sweep.units`); otherwise the scenario format says it: the field at that
 * path is probed with a value in each unit kind (`2h`, `2MB`, `2MB/s`), and
 * the one it accepts is its unit. This works for any field the schema gains,
 * mechanisms' config included, without a list of unit-bearing names.
 */
import { scenarioSchema } from "../../scenario/schema.js";
import { schemasAt, type LooseSchema } from "../../scenario/zod-introspection.js";

/** Unit kinds, each with a probe value and what it parses to in base units. */
const PROBES: readonly { unit: string; probe: string; base: number }[] = [
  { unit: "s", probe: "2h", base: 7200 },
  { unit: "bytes", probe: "2MB", base: 2e6 },
  { unit: "bytes/s", probe: "2MB/s", base: 2e6 },
];

/** A zod schema seen only through `safeParse` (the introspection types are loose views). */
interface Parser {
  safeParse(input: unknown): { success: boolean; data?: unknown };
}

/** The schemas of the field at a dotted path (list elements addressed by name or index). */
function fieldSchemas(path: string): LooseSchema[] {
  const segments = path.split(".");
  const last = segments.pop();
  if (last === undefined || last === "") return [];
  const parents = schemasAt(scenarioSchema as unknown as LooseSchema, segments, undefined);
  return parents.flatMap((p) => {
    const field = p._zod.def.shape?.[last];
    return field === undefined ? [] : [field];
  });
}

/**
 * The base unit of the scenario field at `path` ("s", "bytes" or
 * "bytes/s"), or undefined when it has no unit (a count, a probability, a
 * name) or the path is not in the scenario format.
 */
export function scenarioFieldUnit(path: string): string | undefined {
  const fields = fieldSchemas(path);
  for (const { unit, probe, base } of PROBES) {
    const accepted = fields.some((f) => {
      const r = (f as unknown as Parser).safeParse(probe);
      return r.success && r.data === base;
    });
    if (accepted) return unit;
  }
  return undefined;
}
