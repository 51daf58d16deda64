/**
 * The `sweep:` section of a scenario file: a grid over parameter paths (every
 * combination) or a list of named variants. Each point is the scenario as
 * written with the point's values put in place **before** validation, then
 * validated as a whole, so a swept value is read exactly as the file would
 * read it (units, defaults, cross-field checks). A path is dotted keys into
 * the file as written; a list element is addressed by its `name` (a
 * mechanism without one by its `type`, its default name) or by its index.
 * Paths are resolved against the schema generically, so fields added to the
 * format later can be swept without a change here.
 */
import { z } from "zod";
import { suggest } from "../math/did-you-mean.js";
import { ScenarioError, formatPath, type ScenarioIssue } from "./scenario-error.js";
import { describeFound } from "./units.js";
import { locate, positionOf, type ParsedScenario } from "./yaml-document.js";
import { child, objectKeys, schemasAt, type LooseSchema, type PathSeg } from "./zod-introspection.js";

/** Most points a sweep may expand to: beyond it a typo (a long list) would run for days. */
export const MAX_SWEEP_POINTS = 10_000;

/** Top-level keys that cannot be swept, and why. */
const RESERVED: Readonly<Record<string, string>> = {
  sweep: "a sweep cannot change itself",
  seed: "every point runs with the same seed so that points are paired (common random numbers); use --seed to change it for all",
  replications: "every point runs the same replications so that points stay paired; use --replications to change it for all",
};

/** The `sweep:` section as written (values stay raw: they are read as part of each point). */
export const sweepSchema = z
  .strictObject({
    grid: z
      .record(z.string(), z.array(z.unknown()).min(1, "a grid entry needs at least one value"))
      .optional()
      .describe("Every combination of these values: `path: [value, ...]`, e.g. `components.disk.mttr: [4h, 8h]`. The first path varies slowest."),
    variants: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe("The variant's name, used in reports and by `ftsim compare --variants`."),
          set: z
            .record(z.string(), z.unknown())
            .optional()
            .describe("Values to put in place: `path: value`, e.g. `components.disk.mttr: 2h`. None: the scenario as written."),
        }),
      )
      .min(1, "give at least one variant")
      .optional()
      .describe("Named variants of the scenario, each a set of values to put in place."),
  })
  .superRefine((s, ctx) => {
    if ((s.grid === undefined) === (s.variants === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of grid or variants", path: [] });
    } else if (s.grid !== undefined && Object.keys(s.grid).length === 0) {
      ctx.addIssue({ code: "custom", message: "a grid needs at least one path, e.g. `components.disk.mttr: [4h, 8h]`", path: ["grid"] });
    }
  })
  .describe("Runs the scenario at several parameter values with the same seed (`ftsim sweep`, `ftsim compare --variants`).");

export type SweepSpec = z.output<typeof sweepSchema>;

/** One value a point puts in place. */
export interface SweepSetting {
  /** The path as written in the sweep, e.g. `components.disk.mttr`. */
  path: string;
  /** The path resolved to keys and list indices of the scenario data, e.g. `["components", 0, "mttr"]`. */
  target: PathSeg[];
  /** Where the value is written in the file, e.g. `["sweep", "grid", "components.disk.mttr", 1]`. */
  at: PathSeg[];
  /** The value as written. */
  value: unknown;
}

/** One point of a sweep, before validation. */
export interface SweepPointSpec {
  /** The variant's name, or for a grid a label such as `mttr=4h, crews=2`. */
  name: string;
  /** The value of every sweep parameter at this point, in SI base units where the field has a unit. */
  params: Record<string, number | string>;
  settings: SweepSetting[];
  /** The point's entry in the file (a variant, or the grid), where its other errors are reported. */
  at: PathSeg[];
  /** The scenario data with the settings in place and without `sweep`; not validated yet. */
  data: unknown;
}

/** A sweep expanded into its points. */
export interface SweepPlan {
  kind: "grid" | "variants";
  /** The swept paths as written, in order of first appearance. */
  parameters: string[];
  points: SweepPointSpec[];
}

type Issue = { at: PathSeg[]; message: string };

/**
 * Expands the sweep of a parsed, already validated scenario file into its
 * points. Returns undefined when the file has no `sweep:`.
 *
 * @throws {ScenarioError} for a path that matches nothing (with a did-you-mean),
 *   a reserved path, two settings of one point that overlap, repeated grid
 *   values or variant names, or a grid larger than {@link MAX_SWEEP_POINTS}
 */
export function expandSweep(parsed: ParsedScenario, file: string, schema: LooseSchema): SweepPlan | undefined {
  const data = parsed.data;
  const raw = child(data, "sweep") as { grid?: Record<string, unknown[]>; variants?: { name: string; set?: Record<string, unknown> }[] } | undefined;
  if (raw === undefined || raw === null) return undefined;
  const issues: Issue[] = [];
  const fail = (): never => {
    throw new ScenarioError(issues.map((i) => ({ file, ...entryPosition(parsed, i.at), path: formatPath(i.at), message: i.message })));
  };
  const resolved = (path: string, at: PathSeg[]): PathSeg[] | undefined => {
    const r = resolvePath(path, data, schema);
    if (typeof r === "string") issues.push({ at, message: r });
    return typeof r === "string" ? undefined : r;
  };

  if (raw.grid !== undefined) {
    const entries = Object.entries(raw.grid);
    const axes = entries.map(([path, values]) => ({ path, values, target: resolved(path, ["sweep", "grid", path]) }));
    for (const axis of axes) {
      const seen = new Map<string, number>();
      axis.values.forEach((v, i) => {
        const key = JSON.stringify(v);
        const first = seen.get(key);
        if (first !== undefined) issues.push({ at: ["sweep", "grid", axis.path, i], message: `value ${describeFound(v)} is listed twice (also at position ${first})` });
        else seen.set(key, i);
      });
    }
    overlaps(axes.map((a) => ({ path: a.path, target: a.target, at: ["sweep", "grid", a.path] })), issues);
    const size = axes.reduce((n, a) => n * a.values.length, 1);
    if (size > MAX_SWEEP_POINTS) issues.push({ at: ["sweep", "grid"], message: `the grid has ${size} points; at most ${MAX_SWEEP_POINTS} are allowed` });
    if (issues.length > 0) fail();
    const labels = shortLabels(axes.map((a) => a.path));
    const base = withoutSweep(data);
    const points: SweepPointSpec[] = [];
    for (const combination of product(axes.map((a) => a.values.length))) {
      const settings = combination.map((i, k): SweepSetting => {
        const axis = axes[k]!;
        return { path: axis.path, target: axis.target!, at: ["sweep", "grid", axis.path, i], value: axis.values[i] };
      });
      points.push({
        name: settings.map((s, k) => `${labels[k]}=${asWritten(s.value)}`).join(", "),
        params: Object.fromEntries(settings.map((s) => [s.path, paramValue(schema, data, s.target, s.value) ?? asWritten(s.value)])),
        settings,
        at: ["sweep", "grid"],
        data: withSettings(base, settings),
      });
    }
    return { kind: "grid", parameters: axes.map((a) => a.path), points };
  }

  const variants = raw.variants ?? [];
  const names = new Map<string, number>();
  const parameters: string[] = [];
  const targets = new Map<string, PathSeg[] | undefined>();
  const perVariant = variants.map((v, i) => {
    const first = names.get(v.name);
    if (first !== undefined) issues.push({ at: ["sweep", "variants", i, "name"], message: `variant name "${v.name}" is used twice (also by variant ${first})` });
    else names.set(v.name, i);
    const settings = Object.entries(v.set ?? {}).map(([path, value]) => {
      const at = ["sweep", "variants", i, "set", path];
      if (!targets.has(path)) {
        targets.set(path, resolved(path, at));
        parameters.push(path);
      } else if (targets.get(path) === undefined) {
        resolved(path, at); // report it here too
      }
      return { path, target: targets.get(path), at, value };
    });
    overlaps(settings, issues);
    return settings;
  });
  if (issues.length > 0) fail();
  const base = withoutSweep(data);
  const points = variants.map((v, i): SweepPointSpec => {
    const settings = perVariant[i] as SweepSetting[];
    const params: Record<string, number | string> = {};
    for (const path of parameters) {
      const target = targets.get(path)!;
      const own = settings.find((s) => s.path === path);
      const value = paramValue(schema, data, target, own === undefined ? valueAt(data, target) : own.value);
      if (value !== undefined) params[path] = value;
    }
    return { name: v.name, params, settings, at: ["sweep", "variants", i], data: withSettings(base, settings) };
  });
  return { kind: "variants", parameters, points };
}

/**
 * Validates the points of a sweep, each as a whole scenario. A problem is
 * reported at the sweep value that caused it (the setting whose path
 * contains, or lies inside, the problem's path), otherwise at the point's
 * entry, and names the point; a problem shared by several points is
 * reported once, with the number of other points it affects.
 *
 * @param validate - validates one point's data (positions come from the file's document)
 * @param check - further checks of a valid point (model references); returns the problem, if any
 * @returns the validated points, in order
 * @throws {ScenarioError} with every problem found
 */
export function validatePoints<T>(
  plan: SweepPlan,
  parsed: ParsedScenario,
  file: string,
  validate: (point: ParsedScenario) => T,
  check: (value: T) => { path: readonly PathSeg[]; message: string } | undefined = () => undefined,
): T[] {
  const found = new Map<string, { at: PathSeg[]; path: string; message: string; points: string[] }>();
  const add = (point: SweepPointSpec, path: string, message: string) => {
    const at = causeOf(point, path);
    const key = JSON.stringify([formatPath(at), path, message]);
    const entry = found.get(key);
    if (entry === undefined) found.set(key, { at, path, message, points: [point.name] });
    else entry.points.push(point.name);
  };
  const values: T[] = [];
  for (const point of plan.points) {
    let value: T;
    try {
      value = validate({ ...parsed, data: point.data });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      for (const i of e.issues) add(point, i.path, i.message);
      continue;
    }
    const problem = check(value);
    if (problem !== undefined) add(point, formatPath(problem.path), problem.message);
    values.push(value);
  }
  if (found.size === 0) return values;
  const issues = [...found.values()].map(({ at, path, message, points }): ScenarioIssue => {
    const others = points.length > 1 ? ` (and ${points.length - 1} other point${points.length > 2 ? "s" : ""})` : "";
    const where = path === "" ? "(root)" : path;
    return { file, ...entryPosition(parsed, at), path: formatPath(at), message: `point ${JSON.stringify(points[0])}${others}: ${where}: ${message}` };
  });
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  throw new ScenarioError(issues);
}

/**
 * The line:col of a sweep entry: its key (`components.disk.mttr:`), or for a
 * list item (a grid value, a variant) the item itself.
 */
function entryPosition(parsed: ParsedScenario, at: readonly PathSeg[]): { line: number; col: number } {
  const { node, key } = locate(parsed.doc, at);
  return positionOf(parsed.lineCounter, key ?? node);
}

/**
 * Where a problem of a point at `path` (formatted) is reported: the setting
 * whose path contains it or lies inside it, else the point's only setting,
 * else the point's entry.
 */
function causeOf(point: SweepPointSpec, path: string): PathSeg[] {
  const within = (outer: string, inner: string) => inner === outer || (inner.startsWith(outer) && /^[.[]/.test(inner.slice(outer.length)));
  const setting = point.settings
    .filter((s) => {
      const target = formatPath(s.target);
      return within(target, path) || (path !== "" && within(path, target));
    })
    .sort((x, y) => y.target.length - x.target.length)[0];
  // A point that changes one thing has one possible cause.
  return (setting ?? (point.settings.length === 1 ? point.settings[0] : undefined))?.at ?? point.at;
}

/**
 * Resolves a dotted path against the scenario data and its schema: keys
 * must be known to the schema (a did-you-mean otherwise), list elements are
 * found by name or index in the file. Returns the path, or what is wrong.
 */
export function resolvePath(written: string, data: unknown, schema: LooseSchema): PathSeg[] | string {
  const segs = written.split(".");
  if (segs.some((s) => s.trim() === "")) return `expected a dotted path such as components.disk.mttr, got ${JSON.stringify(written)}`;
  const reserved = RESERVED[segs[0]!];
  if (reserved !== undefined && segs.length === 1) return `"${segs[0]}" cannot be swept: ${reserved}`;
  if (segs[0] === "sweep") return `"sweep" cannot be swept: ${RESERVED.sweep}`;
  const target: PathSeg[] = [];
  let value = data;
  for (const [i, seg] of segs.entries()) {
    const here = segs.slice(0, i).join(".") || "the top level";
    if (Array.isArray(value)) {
      const index = elementIndex(value, seg);
      if (typeof index === "string") return `${here}: ${index}`;
      if (index === undefined) return missingElement(here, seg, value);
      target.push(index);
      value = value[index];
      continue;
    }
    if (value !== undefined && (value === null || typeof value !== "object")) {
      return `${here} is ${describeFound(value)} in the file, not a mapping, so it has no "${seg}"; sweep ${here} itself`;
    }
    const schemas = schemasAt(schema, target, data);
    if (value === undefined && schemas.some((s) => s._zod.def.type === "array")) {
      return `${here} is a list the file does not have, so it has no element "${seg}"; sweep ${here} itself`;
    }
    const open = schemas.some((s) => s._zod.def.type === "record");
    const keys = objectKeys(schemas);
    if (!open && !keys.includes(seg)) {
      if (keys.length === 0) return `${here} holds a single value, not a mapping, so it has no "${seg}"; sweep ${here} itself`;
      const close = suggest(seg, keys);
      return `no key "${seg}" in ${here}${close !== undefined ? `; did you mean "${close}"?` : `; expected one of: ${keys.join(", ")}`}`;
    }
    target.push(seg);
    value = child(value, seg);
  }
  return target;
}

/**
 * A list element by its `name`, else (an element without one) by its `type`,
 * which is a mechanism's default name, else by index. Returns what is wrong
 * when the type matches several unnamed elements.
 */
function elementIndex(list: unknown[], seg: string): number | string | undefined {
  const byName = list.findIndex((e) => child(e, "name") === seg);
  if (byName >= 0) return byName;
  const byType = list.flatMap((e, i) => (child(e, "name") === undefined && child(e, "type") === seg ? [i] : []));
  if (byType.length === 1) return byType[0];
  if (byType.length > 1) return `"${seg}" is the type of ${byType.length} elements without a name (${byType.join(", ")}); address one by its index, or give it a name`;
  return /^\d+$/.test(seg) && Number(seg) < list.length ? Number(seg) : undefined;
}

function missingElement(here: string, seg: string, list: unknown[]): string {
  const names = list.map((e) => child(e, "name") ?? child(e, "type")).filter((n): n is string => typeof n === "string");
  if (/^\d+$/.test(seg)) return `${here} has ${list.length} element${list.length === 1 ? "" : "s"}, so there is no index ${seg}`;
  const close = suggest(seg, names);
  const known = names.length > 0 ? `; its elements are ${names.map((n) => `"${n}"`).join(", ")} (or 0 to ${list.length - 1} by index)` : ` (address its elements by index, 0 to ${list.length - 1})`;
  return `no element named "${seg}" in ${here}${close !== undefined ? `; did you mean "${close}"?` : known}`;
}

/** Two settings of one point that write the same place (one path inside the other). */
function overlaps(settings: readonly { path: string; target: PathSeg[] | undefined; at: PathSeg[] }[], issues: Issue[]): void {
  settings.forEach((s, i) => {
    const other = settings.slice(0, i).find((o) => o.target !== undefined && s.target !== undefined && isPrefix(o.target, s.target));
    if (other !== undefined) issues.push({ at: s.at, message: `"${s.path}" sets the same place as "${other.path}" (${formatPath(s.target!)})` });
  });
}

function isPrefix(a: readonly PathSeg[], b: readonly PathSeg[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((seg, i) => String(seg) === String(long[i]));
}

/** Every index combination of lists of the given lengths, the first varying slowest. */
function product(lengths: readonly number[]): number[][] {
  return lengths.reduce<number[][]>((acc, n) => acc.flatMap((c) => Array.from({ length: n }, (_, i) => [...c, i])), [[]]);
}

/** For each path, its shortest dotted suffix that no other path ends with (`mttr`, `crews`). */
function shortLabels(paths: readonly string[]): string[] {
  return paths.map((path) => {
    const segs = path.split(".");
    for (let k = 1; k <= segs.length; k++) {
      const label = segs.slice(-k).join(".");
      if (paths.every((p) => p === path || !(p === label || p.endsWith("." + label)))) return label;
    }
    return path;
  });
}

/** A value as the file writes it, for point names: `4h`, `2`, `{"dist":"weibull",...}`. */
function asWritten(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
}

function valueAt(data: unknown, target: readonly PathSeg[]): unknown {
  return target.reduce<unknown>(child, data);
}

/**
 * A parameter's value for results: read by the field's own schema where that
 * gives a number or a string (`4h` → 14400, a default where the file has
 * none), else the value as written (a mapping as compact JSON).
 */
function paramValue(schema: LooseSchema, data: unknown, target: readonly PathSeg[], value: unknown): number | string | undefined {
  const last = target[target.length - 1]!;
  const fields = schemasAt(schema, target.slice(0, -1), data).flatMap((s): LooseSchema[] => {
    const d = s._zod.def;
    const next = d.type === "object" ? d.shape?.[String(last)] : d.type === "array" ? d.element : d.type === "record" ? d.valueType : undefined;
    return next ? [next as LooseSchema] : [];
  });
  for (const field of fields) {
    const r = (field as unknown as z.ZodType).safeParse(value);
    if (r.success && (typeof r.data === "number" || typeof r.data === "string")) return r.data;
  }
  if (value === undefined) return undefined;
  return typeof value === "number" || typeof value === "string" ? value : asWritten(value);
}

/** A shallow copy of a list or mapping; keys are defined, not assigned, so a key such as `__proto__` stays data. */
function shallowCopy(node: unknown): unknown {
  if (Array.isArray(node)) return node.slice();
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node as object)) {
    Object.defineProperty(copy, key, { value: (node as Record<string, unknown>)[key], writable: true, enumerable: true, configurable: true });
  }
  return copy;
}

/** The data without `sweep` (made once per file: a point never sees the whole sweep, so expanding it stays linear). */
function withoutSweep(data: unknown): unknown {
  const copy = shallowCopy(data) as Record<string, unknown>;
  delete copy.sweep;
  return copy;
}

/**
 * The base data with the settings in place, copied only along the settings'
 * paths (copy on write): the rest is shared with the base and every other
 * point, so a point costs the size of its settings, not of the document.
 * Nothing mutates point data after this (validation reads it).
 */
function withSettings(base: unknown, settings: readonly SweepSetting[]): unknown {
  const copied = new Set<unknown>();
  const root = shallowCopy(base);
  copied.add(root);
  const put = (node: unknown, seg: PathSeg, value: unknown) => {
    if (Array.isArray(node) && typeof seg === "number") node[seg] = value;
    else Object.defineProperty(node, seg, { value, writable: true, enumerable: true, configurable: true });
  };
  for (const s of settings) {
    let node: unknown = root;
    s.target.forEach((seg, i) => {
      if (i === s.target.length - 1) {
        put(node, seg, structuredClone(s.value));
        return;
      }
      let next = child(node, seg);
      if (next === undefined || next === null || typeof next !== "object") next = {};
      else if (!copied.has(next)) next = shallowCopy(next);
      copied.add(next);
      put(node, seg, next);
      node = next;
    });
  }
  return root;
}
