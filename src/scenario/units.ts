/**
 * Values with units in scenario files: `250ms`, `3y`, `16TB`, `200MB/s`,
 * `2%`. Each parser takes a string of a
 * number, optional spaces and a unit, and returns a plain number in the base
 * unit (seconds, bytes, bytes per second, percent, fraction).
 *
 * Units are case-sensitive because case carries meaning (`Mb` is megabits,
 * `MB` megabytes; `m` is minutes). A wrong case or a typo gets a
 * did-you-mean from {@link suggest}.
 */
import { SECONDS_PER_YEAR } from "../engine/reliability-params.js";
import { editDistance, suggest } from "../math/did-you-mean.js";

/** A value that could not be read as the expected quantity. */
export class UnitError extends Error {
  override readonly name = "UnitError";
}

/** Scale factor of a unit as `mul / div`, so that `250ms` is exactly `250 / 1000`. */
interface Scale {
  readonly mul: number;
  readonly div: number;
}

const times = (mul: number): Scale => ({ mul, div: 1 });
const per = (div: number): Scale => ({ mul: 1, div });

export { SECONDS_PER_YEAR };

/** Duration units → seconds. */
const DURATION_UNITS: ReadonlyMap<string, Scale> = new Map([
  ["ns", per(1e9)],
  ["us", per(1e6)],
  ["µs", per(1e6)], // U+00B5 micro sign
  ["μs", per(1e6)], // U+03BC Greek mu
  ["ms", per(1e3)],
  ["s", times(1)],
  ["m", times(60)],
  ["min", times(60)],
  ["h", times(3600)],
  ["d", times(86_400)],
  ["w", times(604_800)],
  ["y", times(SECONDS_PER_YEAR)],
]);

/** Size units → bytes: decimal (SI, powers of 1000) and binary (IEC, powers of 1024). */
const SIZE_UNITS: ReadonlyMap<string, Scale> = new Map([
  ["B", times(1)],
  ["kB", times(1e3)],
  ["KB", times(1e3)],
  ["MB", times(1e6)],
  ["GB", times(1e9)],
  ["TB", times(1e12)],
  ["PB", times(1e15)],
  ["KiB", times(2 ** 10)],
  ["MiB", times(2 ** 20)],
  ["GiB", times(2 ** 30)],
  ["TiB", times(2 ** 40)],
  ["PiB", times(2 ** 50)],
]);

/** Bit units → bytes (÷ 8), for rates only. */
const BIT_UNITS: ReadonlyMap<string, Scale> = new Map(
  (
    [
      ["", 1],
      ["k", 1e3],
      ["K", 1e3],
      ["M", 1e6],
      ["G", 1e9],
      ["T", 1e12],
    ] as const
  ).flatMap(([prefix, mul]): [string, Scale][] => [
    [`${prefix}bit`, { mul, div: 8 }],
    [`${prefix}b`, { mul, div: 8 }],
  ]),
);

/** Rate units that are written in one piece: `Mbps` (bits) and `MBps` (bytes) per second. */
const PS_RATE_UNITS: ReadonlyMap<string, Scale> = new Map(
  (["", "k", "K", "M", "G", "T"] as const).flatMap((prefix): [string, Scale][] => {
    const bits = BIT_UNITS.get(`${prefix}b`) ?? times(1);
    const bytes = SIZE_UNITS.get(`${prefix}B`) ?? times(1);
    return [
      [`${prefix}bps`, bits],
      [`${prefix}Bps`, bytes],
    ];
  }),
);

/** How one kind of quantity is read. */
interface Quantity {
  /** Noun phrase with examples, for messages: "a duration such as 250ms, 30s, 8h or 3y". */
  readonly expected: string;
  /** Unit lookup; returns the scale or `undefined` when unknown. */
  readonly unit: (unit: string) => Scale | undefined;
  /** Spellings offered as did-you-mean, in order of preference. */
  readonly candidates: readonly string[];
  /** An extra explanation for a unit that is known to be wrong here. */
  readonly hint?: (unit: string, number: string) => string | undefined;
  /** A range check on the result; returns the reason when out of range. */
  readonly check?: (value: number, unit: string) => string | undefined;
  /**
   * When set, a number without a unit other than 0 is refused with this
   * hint (`8760` read as seconds when hours were meant is the commonest
   * silent mistake in a scenario).
   */
  readonly bare?: (number: string) => string;
}

function rateUnit(unit: string): Scale | undefined {
  const ps = PS_RATE_UNITS.get(unit);
  if (ps !== undefined) return ps;
  const slash = unit.indexOf("/");
  if (slash < 0) return undefined;
  const amount = unit.slice(0, slash).trim();
  const time = unit.slice(slash + 1).trim();
  const a = SIZE_UNITS.get(amount) ?? BIT_UNITS.get(amount);
  const t = DURATION_UNITS.get(time);
  if (a === undefined || t === undefined) return undefined;
  // (a.mul / a.div) bytes per (t.mul / t.div) seconds.
  return { mul: a.mul * t.div, div: a.div * t.mul };
}

const DURATION: Quantity = {
  expected: "a duration such as 250ms, 30s, 8h or 3y",
  unit: (u) => DURATION_UNITS.get(u),
  candidates: [...DURATION_UNITS.keys()],
  // 8760 reads as hours in a year: offer the year then; otherwise minutes, the other likely reading.
  bare: (n) => `a duration needs a unit: write ${n}h, ${n}s or ${Number(n) > 0 && Number(n) % 8760 === 0 ? `${Number(n) / 8760}y` : `${n}min`}`,
};

const SIZE: Quantity = {
  expected: "a size such as 512B, 4KiB, 1.5GB or 16TB",
  unit: (u) => SIZE_UNITS.get(u),
  candidates: [...SIZE_UNITS.keys()],
  hint: (u, n) => {
    if (BIT_UNITS.has(u)) return `sizes are in bytes: write ${n}${u.replace(/bit$|b$/, "B")}, not bits`;
    if (rateUnit(u) !== undefined) return "a size takes no time unit";
    return undefined;
  },
  bare: (n) => `a size needs a unit: write ${n}B, ${n}GB or ${n}GiB`,
};

const RATE: Quantity = {
  expected: "a rate such as 200MB/s, 1.5GiB/s, 10Gbit/s or 100Mbps",
  unit: rateUnit,
  candidates: [
    ...[...SIZE_UNITS.keys()].map((u) => `${u}/s`),
    ...[...BIT_UNITS.keys()].map((u) => `${u}/s`),
    ...PS_RATE_UNITS.keys(),
  ],
  hint: (u, n) =>
    SIZE_UNITS.has(u) || BIT_UNITS.has(u) ? `a rate needs a time unit: write ${n}${u}/s` : undefined,
  bare: (n) => `a rate needs a unit: write ${n}B/s, ${n}MB/s or ${n}Gbit/s`,
};

const PERCENT: Quantity = {
  expected: "a percentage such as 2%, 0.5% or 2 (a bare number is percent)",
  unit: (u) => (u === "%" ? times(1) : undefined),
  candidates: ["%"],
};

const PROBABILITY: Quantity = {
  expected: "a probability such as 0.95 or 95%",
  unit: (u) => (u === "%" ? per(100) : undefined),
  candidates: ["%"],
  check: (value, unit) => {
    if (value <= 1) return undefined;
    return unit === "%"
      ? "must be at most 100%"
      : `must be between 0 and 1; write ${value}% for a percentage`;
  },
};

/** Leading number (decimal, optional exponent), then the rest is the unit. */
const NUMBER_THEN_UNIT = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/s;

/** `"10 parsecs"` for strings (truncated), `-5` for numbers, `boolean true` otherwise. */
export function describeFound(v: unknown): string {
  if (typeof v === "string") {
    const s = v.length > 40 ? `${v.slice(0, 37)}...` : v;
    return JSON.stringify(s);
  }
  if (typeof v === "number") return String(v);
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${String(v)}`;
}

function fail(q: Quantity, v: unknown, reason?: string): never {
  const tail = reason === undefined ? "" : ` (${reason})`;
  throw new UnitError(`expected ${q.expected}; got ${describeFound(v)}${tail}`);
}

/** Orders candidates by case-sensitive distance first, so `Mbs` prefers `Mb/s` over `MB/s`. */
function byExactCase(word: string, candidates: readonly string[]): string[] {
  return candidates
    .map((c, i) => ({ c, i, d: editDistance(word, c) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.c);
}

function parseQuantity(q: Quantity, v: unknown): number {
  let value: number;
  let unit = "";
  let number = "";
  if (typeof v === "number") {
    value = v;
    number = String(v);
  } else if (typeof v === "string") {
    const s = v.trim();
    if (s === "") fail(q, v, "empty");
    const match = NUMBER_THEN_UNIT.exec(s);
    if (match === null) fail(q, v, "no number");
    number = match[1] ?? "";
    unit = (match[2] ?? "").trim();
    value = Number(number);
    if (unit !== "") {
      const scale = q.unit(unit);
      if (scale === undefined) {
        const hint = q.hint?.(unit, number);
        if (hint !== undefined) fail(q, v, hint);
        const close = suggest(unit, byExactCase(unit, q.candidates));
        const dym = close === undefined ? "" : `; did you mean "${close}"?`;
        fail(q, v, `unknown unit ${JSON.stringify(unit)}${dym}`);
      }
      value = (value * scale.mul) / scale.div;
    }
  } else {
    fail(q, v);
  }
  if (Number.isNaN(value)) fail(q, v, "not a number");
  if (!Number.isFinite(value)) fail(q, v, "must be finite");
  if (value < 0) fail(q, v, "must not be negative");
  if (q.bare !== undefined && unit === "" && value !== 0) fail(q, v, q.bare(number));
  const reason = q.check?.(value, unit);
  if (reason !== undefined) fail(q, v, reason);
  // Normalise -0 (from "-0s") so results print and compare as 0.
  return value === 0 ? 0 : value;
}

/**
 * A duration in seconds. A number needs a unit (a bare number other than 0
 * is an error: `8760` could mean hours or seconds). Units: `ns`, `us`/`µs`,
 * `ms`, `s`, `m`/`min`, `h`, `d`, `w` (7 d), `y` (Julian year, 365.25 d =
 * 31 557 600 s). Spaces, decimals and exponents are allowed: `1.5h`, `1e3 h`.
 *
 * @throws {UnitError} on a missing or unknown unit, a negative or non-finite value
 */
export function parseDuration(v: number | string): number {
  return parseQuantity(DURATION, v);
}

/**
 * A size in bytes; a number needs a unit, except 0. Decimal units `B`, `kB`/`KB`,
 * `MB`, `GB`, `TB`, `PB` (powers of 1000) and binary `KiB`, `MiB`, `GiB`,
 * `TiB`, `PiB` (powers of 1024). Bits are refused (`16Gb` is an error).
 *
 * @throws {UnitError} on an unknown unit, bits, a negative or non-finite value
 */
export function parseSize(v: number | string): number {
  return parseQuantity(SIZE, v);
}

/**
 * A rate in bytes per second; a number needs a unit, except 0. Written as
 * an amount over a time unit, with the amount in bytes (`200MB/s`,
 * `1.5GiB/s`, `1TB/h`) or bits (`10Gb/s`, `1Gbit/s`, ÷ 8), or in one piece
 * as `100Mbps` (bits) or `100MBps` (bytes).
 *
 * @throws {UnitError} on an unknown unit, a missing time unit, a negative or non-finite value
 */
export function parseRate(v: number | string): number {
  return parseQuantity(RATE, v);
}

/**
 * A percentage, returned as the percent number: `2%` and `2` both give 2.
 * Any non-negative finite value is accepted (an annualised failure rate may
 * exceed 100%).
 *
 * @throws {UnitError} on a unit other than `%`, a negative or non-finite value
 */
export function parsePercent(v: number | string): number {
  return parseQuantity(PERCENT, v);
}

/**
 * A probability as a fraction in [0, 1]: `0.95` or `95%` both give 0.95.
 * A bare number above 1 is refused rather than read as a percentage.
 *
 * @throws {UnitError} when outside [0, 1] or on a unit other than `%`
 */
export function parseProbability(v: number | string): number {
  return parseQuantity(PROBABILITY, v);
}

/** The kinds of value with units, as tagged in the JSON Schema (`x-ftsim-unit`). */
export type UnitKind = "duration" | "size" | "rate" | "percent" | "probability";

const DURATION_DISPLAY: readonly [string, number][] = [
  ["y", 31_557_600],
  ["d", 86_400],
  ["h", 3600],
  ["min", 60],
  ["s", 1],
  ["ms", 1e-3],
  ["us", 1e-6],
];
const SIZE_DISPLAY: readonly [string, number][] = [
  ["PiB", 2 ** 50],
  ["TiB", 2 ** 40],
  ["GiB", 2 ** 30],
  ["MiB", 2 ** 20],
  ["KiB", 2 ** 10],
  ["PB", 1e15],
  ["TB", 1e12],
  ["GB", 1e9],
  ["MB", 1e6],
  ["kB", 1e3],
];

/**
 * `value` in the unit that gives the smallest whole number, else in the base
 * unit (`per` follows either: `/s` for a rate). A unit is taken only if `parse`
 * gives `value` back exactly: a near-whole count (123456789.123 kB) would round
 * the value away.
 */
function inWholeUnits(value: number, units: readonly [string, number][], base: string, parse: (text: string) => number, per = ""): string {
  let best: string | undefined;
  let smallest = Infinity;
  for (const [unit, factor] of units) {
    const n = Math.round(value / factor);
    if (n < 1 || n >= smallest) continue;
    const text = `${n}${unit}${per}`;
    if (parse(text) !== value) continue;
    smallest = n;
    best = text;
  }
  return best ?? `${value}${base}${per}`;
}

/**
 * A value in its base unit written back the way a scenario would write it,
 * so that parsing the result gives the value again: 0.3 s → `300ms`,
 * 68719476736 B → `64GiB`, 1e8 B/s → `100MB/s`. For display (`ftsim list`).
 */
export function formatQuantity(kind: UnitKind, value: number): string {
  switch (kind) {
    case "duration":
      return value === 0 ? "0s" : inWholeUnits(value, DURATION_DISPLAY, "s", parseDuration);
    case "size":
      return value === 0 ? "0B" : inWholeUnits(value, SIZE_DISPLAY, "B", parseSize);
    case "rate":
      return value === 0 ? "0B/s" : inWholeUnits(value, SIZE_DISPLAY, "B", parseRate, "/s");
    case "percent":
      return `${value}%`;
    case "probability":
      return String(value);
  }
}
