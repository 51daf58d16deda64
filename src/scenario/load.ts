/**
 * Reading scenario files: YAML 1.2 (and JSON, which YAML parses with the
 * same positions) → zod validation → errors as `file:line:col: path: message`.
 *
 * Raw YAML data is never merged into other objects before validation:
 * `Object.assign({}, raw)` with a `__proto__` key would swap the target's
 * prototype. `z.strictObject` reports such keys as unknown, with line:col.
 */
import { readFileSync } from "node:fs";
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from "yaml";
import type { Document, Node, Pair, YAMLError, YAMLMap } from "yaml";
import type { z } from "zod";
import { suggest } from "./did-you-mean.js";
import { describeFound } from "./units.js";

/** One problem in a scenario file, at a position when it has one. */
export interface ScenarioIssue {
  /** The file as the user named it. */
  file: string;
  /** 1-based line, absent for problems with the file as a whole (cannot read it). */
  line?: number;
  /** 1-based column. */
  col?: number;
  /** Dotted path into the scenario (`nodes.0.repair.mean_h`), `""` for the root. */
  path: string;
  /** What is wrong, and what was expected. */
  message: string;
}

/** A scenario file that cannot be used; `issues` holds every problem found. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  /** The problems, ordered by position in the file. */
  readonly issues: ScenarioIssue[];

  /** @param issues - at least one problem */
  constructor(issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.issues = issues;
  }

  /** One line per issue: `file:line:col: path: message` (path `(root)` when empty). */
  format(): string {
    return this.issues.map(formatIssue).join("\n");
  }
}

function formatIssue(i: ScenarioIssue): string {
  const where = i.line === undefined ? i.file : `${i.file}:${i.line}:${i.col ?? 1}`;
  return `${where}: ${i.path === "" ? "(root)" : i.path}: ${i.message}`;
}

/** Formats a zod/YAML path as `a.b.0.c`, quoting keys that are not plain words. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((seg, i) => {
      const s = typeof seg === "symbol" ? String(seg) : seg;
      if (typeof s === "number") return i === 0 ? String(s) : `.${s}`;
      if (/^[A-Za-z_][\w-]*$/.test(s)) return i === 0 ? s : `.${s}`;
      return `[${JSON.stringify(s)}]`;
    })
    .join("");
}

/** A parsed scenario file: the YAML document (for positions) and its plain data. */
export interface ParsedScenario {
  /** The YAML document, with node ranges. */
  doc: Document;
  /** `doc.toJS()`: plain, unvalidated data. Do not merge it into other objects. */
  data: unknown;
  /** Offsets → line:col for `doc`. */
  lineCounter: LineCounter;
}

type PathSeg = PropertyKey;

function pairFor(map: YAMLMap, key: PathSeg): Pair | undefined {
  return (map.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === String(key));
}

/** The deepest YAML node along `path`; `depth` is how many segments exist. */
function locate(doc: Document, path: readonly PathSeg[]): { node?: Node; key?: Node; depth: number } {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let depth = 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = pairFor(node, seg);
      if (pair === undefined) break;
      key = pair.key as Node;
      next = pair.value;
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      key = undefined;
      next = node.items[seg];
    } else break;
    node = next;
    depth++;
  }
  return { node: (node ?? undefined) as Node | undefined, key, depth };
}

function positionOf(lc: LineCounter, node: Node | undefined): { line: number; col: number } {
  const offset = node?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : lc.linePos(offset);
}

/**
 * The 1-based line:col of the value at `path` in a parsed file: the value
 * itself, its key when the value is empty, or, for a missing key, the key of
 * the nearest existing parent (`repair:`), so checks made after validation
 * can report positions too.
 *
 * @param p - from {@link parseScenarioText}
 * @param path - keys and list indices, as in a zod issue
 */
export function positionAt(p: ParsedScenario, path: readonly PathSeg[]): { line: number; col: number } {
  const { node, key, depth } = locate(p.doc, path);
  const empty = isScalar(node) && node.source === "";
  if (depth === path.length) return positionOf(p.lineCounter, empty || node === undefined ? key : node);
  // Missing key: point at the parent's own key (`repair:`) when it has one.
  return positionOf(p.lineCounter, key ?? node);
}

/** The deepest path whose node range contains `offset` (for YAML errors). */
function pathAtOffset(doc: Document, offset: number): PathSeg[] {
  const path: PathSeg[] = [];
  let node: unknown = doc.contents;
  const inside = (n: unknown): boolean =>
    n !== null && typeof n === "object" && "range" in n && Array.isArray(n.range) &&
    offset >= (n.range[0] as number) && offset < (n.range[2] as number);
  for (;;) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => inside(p.key) || inside(p.value));
      if (pair === undefined || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      if (inside(pair.key)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex(inside);
      if (i < 0) return path;
      path.push(i);
      node = node.items[i];
    } else return path;
  }
}

function yamlIssue(e: YAMLError, doc: Document, lc: LineCounter, file: string): ScenarioIssue {
  const { line, col } = lc.linePos(e.pos[0]);
  // Only a duplicate key has a trustworthy path; a syntax error may sit between nodes.
  let path: PathSeg[] = [];
  let message = `YAML syntax error: ${e.message}`;
  if (e.code === "DUPLICATE_KEY") {
    path = pathAtOffset(doc, e.pos[0]);
    const last = path[path.length - 1];
    const parent = locate(doc, path.slice(0, -1)).node;
    const first = isMap(parent) && last !== undefined ? pairFor(parent, last) : undefined;
    const at = first === undefined ? "" : ` (first defined at line ${positionOf(lc, first.key as Node).line})`;
    message = `duplicate key ${JSON.stringify(String(last ?? ""))}${at}`;
  } else if (e.code === "MULTIPLE_DOCS") {
    message = 'a second YAML document starts here; a scenario file holds one (remove the "---" line)';
  }
  return { file, line, col, path: formatPath(path), message };
}

/**
 * Parses scenario text (YAML 1.2, or JSON) keeping node positions.
 *
 * @param text - the file's contents
 * @param file - the name to print in errors
 * @param expectedKeys - top-level keys to mention when the file is empty
 * @throws {ScenarioError} on a syntax error, a duplicate key, an unresolved
 *   alias, an empty file or a top level that is not a mapping
 */
export function parseScenarioText(text: string, file: string, expectedKeys: readonly string[] = []): ParsedScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e) => yamlIssue(e, doc, lineCounter, file)));
  }
  const root = { file, line: 1, col: 1, path: "" };
  if (doc.contents === null) {
    const keys = expectedKeys.length > 0 ? `the keys ${expectedKeys.map((k) => JSON.stringify(k)).join(", ")}` : "one key";
    throw new ScenarioError([{ ...root, message: `the file is empty; expected a scenario mapping with at least ${keys}` }]);
  }
  if (!isMap(doc.contents)) {
    const { line, col } = positionOf(lineCounter, doc.contents);
    const message = `expected a scenario mapping (key: value lines) at the top level, got ${isScalar(doc.contents) ? describeTyped(doc.contents.value) : "a list"}`;
    throw new ScenarioError([{ ...root, line, col, message }]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    let where: Node | undefined;
    visit(doc, {
      Alias(_, n) {
        if (n.resolve(doc) !== undefined) return undefined;
        where = n;
        return visit.BREAK;
      },
    });
    const name = isAlias(where) ? where.source : "";
    const message = where === undefined
      ? (e instanceof Error ? e.message : String(e))
      : `unknown alias "*${name}"; an alias refers to an anchor (&${name}) defined above it`;
    const offset = where?.range?.[0] ?? 0;
    throw new ScenarioError([{ ...root, ...positionOf(lineCounter, where), path: formatPath(pathAtOffset(doc, offset)), message }]);
  }
  return { doc, data, lineCounter };
}

// ---- zod schema introspection (for did-you-mean on keys) -------------------

/** The parts of zod 4's `_zod.def` read here (a loose view over every schema kind). */
interface LooseDef {
  type: string;
  shape?: Record<string, LooseSchema>;
  options?: LooseSchema[];
  items?: LooseSchema[];
  discriminator?: string;
  getter?: () => LooseSchema;
  values?: unknown[];
  entries?: Record<string, unknown>;
  rest?: LooseSchema | null;
  [child: string]: unknown; // element, innerType, in, out, valueType, left, right: LooseSchema
}
interface LooseSchema {
  _zod: { def: LooseDef; optin?: string };
}
const sub = (d: LooseDef, name: string): LooseSchema | undefined => d[name] as LooseSchema | undefined;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional", "success"]);

function literalValues(s: LooseSchema): unknown[] {
  return expand(s, undefined).flatMap((x) => x._zod.def.values ?? Object.values(x._zod.def.entries ?? {}));
}

/** Unwraps wrappers, pipes, lazies and unions to the concrete schemas `value` may be checked by. */
function expand(s: LooseSchema, value: unknown, depth = 0): LooseSchema[] {
  if (depth > 32) return [];
  const d = s._zod.def;
  const again = (x: LooseSchema | undefined | null): LooseSchema[] => (x ? expand(x, value, depth + 1) : []);
  if (WRAPPERS.has(d.type)) return again(sub(d, "innerType"));
  if (d.type === "lazy") return again(d.getter?.());
  if (d.type === "pipe") return sub(d, "in")?._zod.def.type === "transform" ? again(sub(d, "out")) : again(sub(d, "in"));
  if (d.type === "intersection") return [...again(sub(d, "left")), ...again(sub(d, "right"))];
  if (d.type === "union") {
    const options = d.options ?? [];
    const disc = d.discriminator;
    if (disc !== undefined && value !== null && typeof value === "object" && Object.hasOwn(value, disc)) {
      const v = (value as Record<string, unknown>)[disc];
      const chosen = options.filter((o) => {
        const field = expand(o, value, depth + 1).map((x) => x._zod.def.shape?.[disc]);
        return field.some((f) => f !== undefined && literalValues(f).includes(v));
      });
      if (chosen.length > 0) return chosen.flatMap((o) => again(o));
    }
    return options.flatMap((o) => again(o));
  }
  return [s];
}

function child(value: unknown, seg: PathSeg): unknown {
  return value !== null && typeof value === "object" && Object.hasOwn(value, seg)
    ? (value as Record<PropertyKey, unknown>)[seg]
    : undefined;
}

/** The concrete schemas that check the value at `path`. */
function schemasAt(schema: LooseSchema, path: readonly PathSeg[], data: unknown): LooseSchema[] {
  let current = [schema];
  let value = data;
  for (const seg of path) {
    current = current.flatMap((c) =>
      expand(c, value).flatMap((x): LooseSchema[] => {
        const d = x._zod.def;
        const next = d.type === "object" ? d.shape?.[String(seg)]
          : d.type === "array" ? sub(d, "element")
          : d.type === "record" ? sub(d, "valueType")
          : d.type === "tuple" && typeof seg === "number" ? (d.items?.[seg] ?? d.rest ?? undefined)
          : undefined;
        return next ? [next] : [];
      }),
    );
    value = child(value, seg);
  }
  return current.flatMap((c) => expand(c, value));
}

function objectKeys(schemas: readonly LooseSchema[], required = false): string[] {
  const keys = schemas.flatMap((s) =>
    Object.entries(s._zod.def.shape ?? {})
      .filter(([, v]) => !required || v._zod.optin !== "optional")
      .map(([k]) => k),
  );
  return [...new Set(keys)];
}

// ---- zod issues → ScenarioIssues -------------------------------------------

function describeTyped(v: unknown): string {
  if (v === null) return "null (an empty value)";
  if (typeof v === "string") return `string ${describeFound(v)}`;
  if (typeof v === "number") return `number ${v}`;
  return describeFound(v);
}

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
      // Best guess: the form that got furthest (not rejected on type), with the fewest problems.
      const best = branches.filter((b) => !typeOnly(b)).sort((a, b) => a.length - b.length)[0] ?? [];
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
    case "too_big":
      return [at(path, `${bound(iss) ?? iss.message}, got ${Array.isArray(got) ? `${got.length}` : describeFound(got)}`)];
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
    return readFileSync(path, "utf8");
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
