/**
 * Reading scenario files: YAML 1.2 (and JSON, which YAML parses with the
 * same positions) → zod validation → errors as `file:line:col: path: message`.
 * The pieces: `scenario-error.ts` (the error and its format),
 * `yaml-document.ts` (parsing with positions), `zod-introspection.ts` (the
 * schema at a path, for did-you-mean), and this file (zod issues → messages,
 * reading files).
 *
 * Raw YAML data is never merged into other objects before validation:
 * `Object.assign({}, raw)` with a `__proto__` key would swap the target's
 * prototype. `z.strictObject` reports such keys as unknown, with line:col.
 */
import type { z } from "zod";
import { describeTyped } from "./describe.js";
import { suggest } from "../math/did-you-mean.js";
import { describeFound } from "./units.js";
import { readInputText } from "./read-input.js";
import { ScenarioError, formatIssue, formatPath, type ScenarioIssue } from "./scenario-error.js";
import { locate, parseScenarioText, positionAt, positionOf, type ParsedScenario } from "./yaml-document.js";
import { child, expand, objectKeys, schemasAt, type LooseSchema, type PathSeg } from "./zod-introspection.js";

export { ScenarioError, formatPath, type ScenarioIssue } from "./scenario-error.js";
export { parseScenarioText, positionAt, type ParsedScenario } from "./yaml-document.js";


const TYPE_NAMES: Record<string, string> = { int: "integer", object: "mapping", array: "list" };
const quoteList = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(", ");

function oneOf(values: readonly unknown[], got: unknown): string {
  const expected = values.length === 1 ? quoteList(values) : `one of ${quoteList(values)}`;
  const strings = values.filter((v): v is string => typeof v === "string");
  const close = typeof got === "string" ? suggest(got, strings) : undefined;
  return `expected ${expected}; got ${describeFound(got)}${close === undefined ? "" : `; did you mean "${close}"?`}`;
}

function bound(iss: z.core.$ZodIssue): string | undefined {
  if (iss.code !== "too_small" && iss.code !== "too_big") return undefined;
  const small = iss.code === "too_small";
  const limit = small ? iss.minimum : iss.maximum;
  const op = small ? (iss.inclusive ? ">=" : ">") : iss.inclusive ? "<=" : "<";
  if (iss.origin === "array" || iss.origin === "set") return `expected ${small ? "at least" : "at most"} ${limit} item(s)`;
  if (iss.origin === "string") return `expected ${small ? "at least" : "at most"} ${limit} character(s)`;
  return `expected a value ${op} ${limit}`;
}

type Ctx = { schema: LooseSchema; parsed: ParsedScenario; file: string };

function convert(iss: z.core.$ZodIssue, base: readonly PathSeg[], ctx: Ctx): ScenarioIssue[] {
  const path = [...base, ...iss.path];
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.reduce<unknown>(child, ctx.parsed.data);
  const present = last === undefined || (parent !== null && typeof parent === "object" && Object.hasOwn(parent, last));
  const value = present ? child(parent, last ?? "") : undefined;
  const got = last === undefined ? ctx.parsed.data : value;
  const at = (p: readonly PathSeg[], message: string): ScenarioIssue => ({
    file: ctx.file, ...positionAt(ctx.parsed, p), path: formatPath(p), message,
  });
  const options = iss.code === "invalid_union" && "options" in iss ? iss.options : undefined;
  const allowed = options === undefined ? "" : `; expected one of ${quoteList(options)}`;
  const missing = (): ScenarioIssue => at(path, `missing required key ${JSON.stringify(String(last))}${allowed}`);

  switch (iss.code) {
    case "unrecognized_keys": {
      const known = objectKeys(schemasAt(ctx.schema, path, ctx.parsed.data));
      return iss.keys.map((k) => {
        const close = suggest(k, known);
        const hint = close !== undefined ? `; did you mean "${close}"?`
          : known.length > 0 ? `; expected one of: ${known.join(", ")}` : "";
        const keyPath = [...path, k];
        const where = positionOf(ctx.parsed.lineCounter, locate(ctx.parsed.doc, keyPath).key);
        return { file: ctx.file, ...where, path: formatPath(keyPath), message: `unknown key ${JSON.stringify(k)}${hint}` };
      });
    }
    case "invalid_union": {
      if (!present) return [missing()];
      if (options !== undefined) return [at(path, oneOf(options, got))];
      if (iss.message !== "Invalid input") return [at(path, iss.message)];
      const branches = iss.errors;
      const typeOnly = (b: readonly z.core.$ZodIssue[]): boolean =>
        b.length === 1 && b[0]?.code === "invalid_type" && b[0].path.length === 0;
      if (branches.every(typeOnly)) {
        const types = branches.map((b) => (b[0]?.code === "invalid_type" ? b[0].expected : "?"));
        return [at(path, `expected ${[...new Set(types)].map((t) => TYPE_NAMES[t] ?? t).join(" or ")}, got ${describeTyped(got)}`)];
      }
      // Best guess: the form that got furthest (not rejected on type, even by a union of its
      // own: a duration is a number or a string, so `{dist: weibull, shape: 1.2}` is a
      // distribution short of a parameter, not a bad duration; its problems deepest in the
      // value: `{dist: exponental}` is a distribution with a bad `dist`), then with the
      // fewest problems.
      const rejectedOnType = (b: readonly z.core.$ZodIssue[]): boolean =>
        typeOnly(b) || (b.length === 1 && b[0]?.code === "invalid_union" && b[0].path.length === 0 && b[0].errors.every(rejectedOnType));
      const depth = (b: readonly z.core.$ZodIssue[]): number => Math.max(0, ...b.map((i) => i.path.length));
      const furthest = branches.filter((b) => !rejectedOnType(b));
      const candidates = furthest.length > 0 ? furthest : branches.filter((b) => !typeOnly(b));
      const best = candidates.sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0] ?? [];
      const found = best.flatMap((b) => convert(b, path, ctx));
      const none = branches.length === 0 ? "matches more than one allowed form" : "matches none of the allowed forms";
      return found.length > 0 ? found : [at(path, `${none}; got ${describeFound(got)}`)];
    }
    case "invalid_type":
      if (!present) return [missing()];
      return [at(path, `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}, got ${describeTyped(got)}`)];
    case "invalid_value":
      if (!present) return [missing()];
      return [at(path, oneOf(iss.values, got))];
    case "too_small":
    case "too_big": {
      // A schema's own message ("at least 2 replications are needed...") says more than zod's default "Too small...".
      const own = /^Too (small|big)\b/.test(iss.message) ? undefined : iss.message;
      return [at(path, `${own ?? bound(iss) ?? iss.message}, got ${Array.isArray(got) ? `${got.length}` : describeFound(got)}`)];
    }
    case "custom":
      return [at(path, iss.message)];
    default:
      return [at(path, `${iss.message}; got ${describeFound(got)}`)];
  }
}

/**
 * Validates parsed scenario data against a zod schema.
 *
 * @param schema - usually built with `z.strictObject`, so unknown keys are reported
 * @param parsed - from {@link parseScenarioText}
 * @param file - the name to print in errors
 * @returns the schema's output (units converted, defaults filled)
 * @throws {ScenarioError} with one issue per problem, each at its line:col
 */
export function validateScenario<T>(schema: z.ZodType<T>, parsed: ParsedScenario, file: string): T {
  const result = schema.safeParse(parsed.data);
  if (result.success) return result.data;
  const ctx: Ctx = { schema: schema as unknown as LooseSchema, parsed, file };
  const issues = result.error.issues.flatMap((iss) => convert(iss as z.core.$ZodIssue, [], ctx));
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const k = formatIssue(i);
    return seen.has(k) ? false : (seen.add(k), true);
  });
  unique.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  throw new ScenarioError(unique.length > 0 ? unique : [{ file, line: 1, col: 1, path: "", message: result.error.message }]);
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory, expected a .yaml or .json scenario file",
  EACCES: "permission denied",
  EPERM: "permission denied",
};
const readError = (e: unknown): string =>
  `cannot read file: ${READ_ERRORS[String((e as { code?: unknown }).code)] ?? (e instanceof Error ? e.message : String(e))}`;

/**
 * Reads a scenario file's text.
 *
 * @throws {ScenarioError} when it cannot be read (missing, a directory, no permission)
 */
export function readScenarioText(path: string): string {
  try {
    return readInputText(path);
  } catch (e) {
    throw new ScenarioError([{ file: path, path: "", message: readError(e) }]);
  }
}

/**
 * Parses and validates scenario text (YAML or JSON). The empty-file message
 * lists the schema's required top-level keys.
 *
 * @param text - the file's contents
 * @param file - the name to print in errors
 * @param schema - the scenario schema
 * @returns the validated value, and the parsed document for positions of later checks
 * @throws {ScenarioError} when the text cannot be parsed or validated
 */
export function loadScenarioText<T>(text: string, file: string, schema: z.ZodType<T>): { value: T; parsed: ParsedScenario } {
  const required = objectKeys(expand(schema as unknown as LooseSchema, undefined), true);
  const parsed = parseScenarioText(text, file, required);
  return { value: validateScenario(schema, parsed, file), parsed };
}

/**
 * Reads, parses and validates a scenario file (YAML or JSON).
 *
 * @param path - the file, as the user named it (printed in errors)
 * @param schema - the scenario schema
 * @returns the validated value, the file's text (for hashing and reports) and the parsed document
 * @throws {ScenarioError} when the file cannot be read, parsed or validated
 */
export function loadScenarioFile<T>(path: string, schema: z.ZodType<T>): { value: T; text: string; parsed: ParsedScenario } {
  const text = readScenarioText(path);
  return { ...loadScenarioText(text, path, schema), text };
}
