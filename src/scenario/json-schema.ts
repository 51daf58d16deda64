/**
 * JSON Schema of the scenario format (for `ftsim schema` and editor
 * completion). The input side is described, so unit fields read
 * `number | string` with their format in `description`.
 */
import { z } from "zod";

/**
 * The JSON Schema (draft 2020-12) of what a scenario file may contain.
 *
 * @param schema - the scenario schema
 * @param title - the schema's `title`
 * @returns a plain JSON-serialisable object; parts zod cannot represent
 *   (transforms' outputs, custom checks) are left open rather than failing
 */
export function toJsonSchema(schema: z.ZodType, title = "ftsim scenario"): object {
  const generated = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    // zod leaves out the default of a field whose input and output types
    // differ (`warmup: 0`, a duration that also accepts "30s"); put it back.
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def;
      if (def.type === "default" && ctx.jsonSchema.default === undefined) {
        const value = typeof def.defaultValue === "function" ? (def.defaultValue as () => unknown)() : def.defaultValue;
        if (value !== undefined) ctx.jsonSchema.default = value as z.core.JSONSchema.JSONSchema["default"];
      }
    },
  });
  return { $schema: "https://json-schema.org/draft/2020-12/schema", title, ...generated };
}
