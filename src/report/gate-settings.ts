/**
 * What decides a metric's verdict in the regression check (docs/ci.md): its
 * direction (which way is bad: ftsim's rules by name, or set explicitly) and
 * its tolerance (how far it may move that way), from the baseline file, its
 * scenario entry and the command-line flags.
 */
import { suggest } from "../math/did-you-mean.js";
import { MECHANISMS } from "../mechanisms/registry.js";
import { parseDuration } from "../scenario/units.js";
import { DIRECTIONS, type Direction } from "../run/baseline.js";

export { DIRECTIONS, type Direction };

/** A bad tolerance or direction (flag or baseline file); reported without a stack trace, exit 2. */
export class ToleranceError extends Error {
  override readonly name = "ToleranceError";
}

// ---------------------------------------------------------------- directions

/** A rule of {@link DIRECTION_RULES}: metrics whose last name segment matches `pattern` have `direction`. */
export interface DirectionRule {
  pattern: RegExp;
  direction: Direction;
}

/**
 * ftsim's default directions, applied to the last segment of a metric's name
 * (`pair.switchover_time_s` → `switchover_time_s`); the first matching rule
 * wins, and a name no rule matches is informational (`none`). docs/ci.md
 * shows this table; keep the two in step.
 */
export const DIRECTION_RULES: readonly DirectionRule[] = [
  // The run's cost, not the system's quality.
  { pattern: /^events$/, direction: "none" },
  { pattern: /^un.*availability$/, direction: "lower-is-better" },
  { pattern: /availability$/, direction: "higher-is-better" },
  { pattern: /^(mtbf|mttf|mttdl)(_|$)/, direction: "higher-is-better" },
  { pattern: /^time_to_(first_)?(failure|data_loss)/, direction: "higher-is-better" },
  { pattern: /^(mttr|rto|rpo)(_|$)/, direction: "lower-is-better" },
  { pattern: /downtime|outage|loss|lost|latency|failures|errors|split_brain|violations/, direction: "lower-is-better" },
  // The duration of a recovery (switchover, rebuild, migration); time_to_restore, time_to_detect...
  { pattern: /(_time|_duration|_delay)_(s|ms|h)$|^time_to_/, direction: "lower-is-better" },
];

/** The last segment of a metric name: mechanism metrics are `<mechanism>.<metric>`. */
export function lastSegment(metric: string): string {
  return metric.slice(metric.lastIndexOf(".") + 1);
}

/**
 * The directions the mechanisms document for their metrics (`MetricDoc.direction`),
 * by the metric's last segment. Two mechanisms documenting one name with
 * different directions is a programming error, caught by a test.
 */
export function documentedDirections(): Map<string, Direction> {
  const directions = new Map<string, Direction>();
  for (const mechanism of MECHANISMS) {
    for (const doc of mechanism.metrics) {
      if (doc.direction !== undefined) directions.set(lastSegment(doc.name), doc.direction);
    }
  }
  return directions;
}

/**
 * ftsim's default direction for a metric: the one its mechanism documents,
 * else the first of {@link DIRECTION_RULES} that matches its name.
 */
export function defaultDirection(metric: string): Direction {
  const name = lastSegment(metric);
  return documentedDirections().get(name) ?? DIRECTION_RULES.find((r) => r.pattern.test(name))?.direction ?? "none";
}

// ---------------------------------------------------------------- tolerances

/** How far a metric may move in its bad direction before it regresses. */
export interface Tolerance {
  /** As written, e.g. `+5%`. */
  text: string;
  /** The bad direction when a sign was written: `+` means an increase is bad. */
  sign?: "+" | "-";
  /** `relative`: `amount` percent of the baseline mean; `absolute`: `amount` in the metric's unit. */
  kind: "relative" | "absolute";
  amount: number;
  /** Written with a duration unit (`+30s`, `+5min`), so only for metrics in seconds. */
  duration: boolean;
}

const TOLERANCE_EXAMPLES = "+5%, -0.0001 or +30s (the sign, optional, names the bad direction)";

/**
 * Parses a tolerance: `[+|-]<number>%` (relative to the baseline mean),
 * `[+|-]<number>` (absolute, in the metric's unit) or `[+|-]<duration>`
 * (absolute, for metrics in seconds).
 * @param where what to name in an error, e.g. `--tolerance mttr_s=+5x`
 * @throws {ToleranceError}
 */
export function parseTolerance(text: string, where: string): Tolerance {
  const m = /^\s*([+-])?\s*(.*?)\s*$/.exec(text)!;
  const sign = m[1] as "+" | "-" | undefined;
  const body = m[2]!;
  const bad = (why: string) => new ToleranceError(`${where}: expected a tolerance such as ${TOLERANCE_EXAMPLES}; got "${text}"${why}`);
  const withSign = (t: Omit<Tolerance, "text" | "sign">): Tolerance => (sign === undefined ? { text, ...t } : { text, sign, ...t });
  const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
  const finite = (amount: number): number => {
    if (!Number.isFinite(amount)) throw bad(" (too large: not a finite number)");
    return amount;
  };
  if (body.endsWith("%")) {
    const digits = body.slice(0, -1).trim();
    if (!number.test(digits)) throw bad("");
    return withSign({ kind: "relative", amount: finite(Number(digits)), duration: false });
  }
  if (number.test(body)) return withSign({ kind: "absolute", amount: finite(Number(body)), duration: false });
  if (body === "" || /^[+-]/.test(body)) throw bad("");
  try {
    return withSign({ kind: "absolute", amount: parseDuration(body), duration: true });
  } catch (e) {
    throw bad(` (${(e as Error).message})`);
  }
}

/** Splits a `metric=value` flag. @throws {ToleranceError} */
export function parseAssignment(flag: string, raw: string, example: string): [metric: string, value: string] {
  const at = raw.indexOf("=");
  const metric = at < 0 ? "" : raw.slice(0, at).trim();
  if (at < 0 || metric === "") throw new ToleranceError(`${flag}: expected metric=value such as ${example}; got "${raw}"`);
  return [metric, raw.slice(at + 1).trim()];
}

/** Checks a direction's spelling. @throws {ToleranceError} with a did-you-mean */
export function parseDirection(text: string, where: string): Direction {
  if ((DIRECTIONS as readonly string[]).includes(text)) return text as Direction;
  const guess = suggest(text, DIRECTIONS);
  throw new ToleranceError(
    `${where}: expected one of ${DIRECTIONS.join(", ")}; got "${text}"` + (guess === undefined ? "" : ` (did you mean "${guess}"?)`),
  );
}

/** The tolerance key that applies to every gated metric without a tolerance of its own. */
export const EVERY_METRIC = "*";

/** Tolerances and directions from one source (baseline file, one of its scenarios, or the flags), parsed. */
export interface GateSettings {
  tolerances: Record<string, Tolerance>;
  directions: Record<string, Direction>;
  /** Names a setting in messages, e.g. `--tolerance mttr_s=+5%` or `ci/baseline.json: tolerances.mttr_s`. */
  origin(kind: "tolerances" | "directions", metric: string): string;
}

/** Parses raw settings (strings as written) into {@link GateSettings}. @throws {ToleranceError} */
export function gateSettings(
  raw: { tolerances?: Record<string, string>; directions?: Record<string, string> },
  origin: GateSettings["origin"],
): GateSettings {
  // Null prototypes: a metric named "__proto__" or "constructor" is a key like any other.
  const tolerances: Record<string, Tolerance> = Object.create(null) as Record<string, Tolerance>;
  const directions: Record<string, Direction> = Object.create(null) as Record<string, Direction>;
  for (const [metric, text] of Object.entries(raw.tolerances ?? {})) {
    const tolerance = parseTolerance(text, origin("tolerances", metric));
    if (metric === EVERY_METRIC && (tolerance.sign !== undefined || tolerance.kind !== "relative")) {
      throw new ToleranceError(
        `${origin("tolerances", metric)}: "${EVERY_METRIC}" (every gated metric) takes an unsigned percentage such as 2%; got "${text}"`,
      );
    }
    tolerances[metric] = tolerance;
  }
  for (const [metric, text] of Object.entries(raw.directions ?? {})) directions[metric] = parseDirection(text, origin("directions", metric));
  return { tolerances, directions, origin };
}

/** What decides a metric's verdict. */
export interface Gate {
  direction: Direction;
  tolerance?: Tolerance;
}

/** A setting for a metric in a record: its full name first, then its last segment. */
function lookup<T>(record: Record<string, T>, metric: string): [key: string, value: T] | undefined {
  if (Object.hasOwn(record, metric)) return [metric, record[metric]!];
  const last = lastSegment(metric);
  return Object.hasOwn(record, last) ? [last, record[last]!] : undefined;
}

/**
 * The gate of one metric from settings layers, lowest precedence first (the
 * baseline file, its scenario entry, the flags): the highest layer that sets
 * a direction or tolerance for the metric (full name, else last segment)
 * wins; without one, the highest layer's `*` tolerance applies if the metric
 * is gated. A signed tolerance names the bad direction, which makes an
 * informational metric gated; it must agree with a direction set explicitly
 * or by ftsim's rules.
 * @throws {ToleranceError} on a conflict, or a duration tolerance for a metric not in seconds
 */
export function resolveGate(metric: string, unit: string, layers: readonly GateSettings[]): Gate {
  let explicit: { direction: Direction; where: string } | undefined;
  let tolerance: { tolerance: Tolerance; where: string } | undefined;
  for (const layer of layers) {
    const d = lookup(layer.directions, metric);
    if (d !== undefined) explicit = { direction: d[1], where: layer.origin("directions", d[0]) };
    const t = lookup(layer.tolerances, metric);
    if (t !== undefined) tolerance = { tolerance: t[1], where: layer.origin("tolerances", t[0]) };
  }
  const rule = defaultDirection(metric);
  let direction = explicit?.direction ?? rule;
  if (tolerance === undefined) {
    // The default for every metric: the highest layer's, for gated metrics only.
    const every = [...layers].reverse().find((l) => Object.hasOwn(l.tolerances, EVERY_METRIC));
    return every === undefined || direction === "none" ? { direction } : { direction, tolerance: every.tolerances[EVERY_METRIC]! };
  }
  const { tolerance: tol, where } = tolerance;
  if (tol.duration && unit !== "s") {
    throw new ToleranceError(`${where}: "${tol.text}" is a duration, but ${metric} is in ${unit}; give a number or a percentage`);
  }
  if (tol.sign !== undefined) {
    const implied: Direction = tol.sign === "+" ? "lower-is-better" : "higher-is-better";
    const badWay = tol.sign === "+" ? "an increase" : "a decrease";
    if (explicit !== undefined && explicit.direction !== implied) {
      throw new ToleranceError(
        `${where}: "${tol.text}" says ${badWay} of ${metric} is bad, but ${explicit.where} sets it to ${explicit.direction}; ` +
          `drop the sign or make the two agree`,
      );
    }
    if (explicit === undefined && rule !== "none" && rule !== implied) {
      const goodSign = tol.sign === "+" ? "-" : "+";
      throw new ToleranceError(
        `${where}: "${tol.text}" says ${badWay} of ${metric} is bad, but ${metric} is ${rule}; ` +
          `write ${goodSign}${tol.text.replace(/^\s*[+-]\s*/, "")} (or no sign), or set its direction explicitly`,
      );
    }
    direction = implied;
  } else if (direction === "none") {
    throw new ToleranceError(
      `${where}: ${metric} is informational (neither direction is bad), so a tolerance without a sign has no effect; ` +
        `write +${tol.text.trim()} if an increase is bad, -${tol.text.trim()} if a decrease is`,
    );
  }
  return { direction, tolerance: tol };
}

/**
 * Checks that every metric named in `settings` exists in `metrics` (by full
 * name or last segment).
 * @throws {ToleranceError} with a did-you-mean
 */
export function checkSettingNames(settings: GateSettings, metrics: readonly string[], where: string): void {
  const names = [...new Set([...metrics, ...metrics.map(lastSegment)])].sort();
  for (const kind of ["tolerances", "directions"] as const) {
    for (const key of Object.keys(settings[kind])) {
      if (names.includes(key) || (kind === "tolerances" && key === EVERY_METRIC)) continue;
      const guess = suggest(key, names);
      throw new ToleranceError(
        `${settings.origin(kind, key)}: no metric named "${key}" in ${where}` +
          (guess === undefined ? ` (metrics: ${metrics.join(", ")})` : ` (did you mean "${guess}"?)`),
      );
    }
  }
}

/**
 * The settings that apply to one baseline scenario, lowest precedence first:
 * the baseline file's, the scenario entry's, then the flags'.
 */
export function settingsLayers(
  path: string,
  doc: { tolerances: Record<string, string>; directions: Record<string, string> },
  entry: { tolerances?: Record<string, string>; directions?: Record<string, string> },
  index: number,
  flags: GateSettings,
): GateSettings[] {
  return [
    gateSettings(doc, (kind, metric) => `${path}: ${kind}.${metric}`),
    gateSettings(entry, (kind, metric) => `${path}: scenarios.${index}.${kind}.${metric}`),
    flags,
  ];
}
