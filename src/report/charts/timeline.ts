/**
 * Kind `timeline`: a Gantt-like view of one replication's trace. One row per
 * component (the service first), a coloured bar while it is not up (down,
 * hung, slow), and a mark for each point event (a failure inside a down
 * container, an uncorrectable error, a partition...).
 *
 * A large model has thousands of components, most of which never fail in a
 * replication: rows are the components that changed state or had an event,
 * at most `maxRows` of them (natural order: disk[2] before disk[10]), or the
 * ones `--components` selects. The subtitle says how many are shown.
 */
import type { TopLevelSpec } from "vega-lite";
import { suggest } from "../../math/did-you-mean.js";
import { displayUnitFor, formatDuration, formatNumber } from "../numbers.js";
import { shortDuration } from "./describe.js";
import { ChartInputError, plural } from "./input.js";
import { CHART_CONFIG, PALETTE, STATE_COLOURS, VEGA_LITE_SCHEMA, titleBlock } from "./style.js";
import type { Trace } from "./trace-input.js";

export interface TimelineOptions {
  /**
   * Which components get a row: comma-separated names or patterns with `*`
   * (`disk[*]`, `web*`); a group name (`disk`) also selects its instances.
   * Default: every component that changed state or had an event.
   */
  components?: string;
  /** Most component rows (besides the service). Default 40. */
  maxRows?: number;
}

import { DEFAULT_MAX_ROWS } from "../choices.js";
export { DEFAULT_MAX_ROWS };

/**
 * Shapes of point events, one per event kind: vega's eight, then seven
 * filled paths (star, hexagon, pentagon, bow tie, X, semicircle, wedge), so
 * fifteen kinds stay distinct without colour (colour means state here).
 */
export const EVENT_SHAPES: readonly string[] = [
  "circle",
  "square",
  "triangle-up",
  "diamond",
  "cross",
  "triangle-down",
  "triangle-right",
  "triangle-left",
  "M0,-1L0.22,-0.31L0.95,-0.31L0.36,0.12L0.59,0.81L0,0.38L-0.59,0.81L-0.36,0.12L-0.95,-0.31L-0.22,-0.31Z",
  "M0,-1L0.87,-0.5L0.87,0.5L0,1L-0.87,0.5L-0.87,-0.5Z",
  "M0,-1L0.95,-0.31L0.59,0.81L-0.59,0.81L-0.95,-0.31Z",
  "M-1,-1L1,-1L-1,1L1,1Z",
  "M-1,-0.6L-0.6,-1L0,-0.4L0.6,-1L1,-0.6L0.4,0L1,0.6L0.6,1L0,0.4L-0.6,1L-1,0.6L-0.4,0Z",
  "M-1,0.4A1,1 0 0 1 1,0.4Z",
  "wedge",
];

/** State events: a component is in that state from the event until its next state event. */
const STATES = ["up", "down", "hung", "slow"] as const;
type State = (typeof STATES)[number];
const isState = (e: string): e is State => (STATES as readonly string[]).includes(e);

/** The row of the service itself. */
export const SERVICE_ROW = "service";

interface Interval {
  component: string;
  state: Exclude<State, "up">;
  start: number;
  end: number;
  cause: string;
}

interface PointEvent {
  component: string;
  t: number;
  event: string;
  cause: string;
}

/** The intervals in which each component was not up, and the point events, in trace order. */
export function traceIntervals(trace: Trace): { intervals: Interval[]; events: PointEvent[] } {
  const horizon = trace.header.horizon_s;
  const current = new Map<string, { state: State; since: number; cause: string }>();
  const intervals: Interval[] = [];
  const events: PointEvent[] = [];
  for (const r of trace.records) {
    const t = Math.min(r.t, horizon);
    if (!isState(r.event)) {
      events.push({ component: r.component, t, event: r.event, cause: r.cause });
      continue;
    }
    const was = current.get(r.component) ?? { state: "up", since: 0, cause: "" };
    if (was.state === r.event) continue;
    if (was.state !== "up") intervals.push({ component: r.component, state: was.state, start: was.since, end: t, cause: was.cause });
    current.set(r.component, { state: r.event, since: t, cause: r.cause });
  }
  for (const [component, s] of current) {
    if (s.state !== "up") intervals.push({ component, state: s.state, start: s.since, end: horizon, cause: s.cause });
  }
  return { intervals, events };
}

/** Natural order: `disk[2]` before `disk[10]`, then by name. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (i % 2 === 1 && Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function patternMatcher(pattern: string): (id: string) => boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  const exact = new RegExp(`^${escaped}$`);
  const group = new RegExp(`^${escaped}\\[\\d+\\]$`);
  return (id) => exact.test(id) || group.test(id);
}

/** Group name (`disk` for `disk[3]`) → number of its instances among `ids`, in first-seen order. */
function groupCounts(ids: readonly string[]): Map<string, number> {
  const groups = new Map<string, number>();
  for (const id of ids) {
    const group = id.replace(/\[\d+\]$/, "");
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  return groups;
}

/** The component rows (service excluded) and how many candidates there were. */
function chooseRows(candidates: readonly string[], options: TimelineOptions): { rows: string[]; of: number; filtered: boolean } {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  let chosen = [...candidates];
  const filtered = options.components !== undefined;
  if (filtered) {
    const patterns = options.components!.split(",").map((p) => p.trim()).filter((p) => p !== "");
    if (patterns.length === 0) throw new ChartInputError(`--components: expected names or patterns separated by commas, found "${options.components}"`);
    for (const p of patterns) {
      if (!candidates.some(patternMatcher(p)) && p !== SERVICE_ROW) {
        const groups = groupCounts(candidates);
        const guess = suggest(p, [...groups.keys(), ...candidates]);
        const listed = [...groups].map(([g, n]) => (n > 1 ? `${g} (${n})` : g)).join(", ");
        throw new ChartInputError(
          `--components: "${p}" matches no component with events in this trace${guess === undefined ? "" : `; did you mean "${guess}"?`} (components with events: ${listed || "none"})`,
        );
      }
    }
    const matchers = patterns.map(patternMatcher);
    chosen = candidates.filter((c) => matchers.some((m) => m(c)));
  }
  return { rows: chosen.slice(0, maxRows), of: chosen.length, filtered };
}

/**
 * The Vega-Lite spec of a trace's timeline.
 *
 * @param trace - a parsed `ftsim.trace/v1`
 * @param options - component filter and row cap
 * @throws {ChartInputError} when `components` matches nothing
 */
export function timelineChart(trace: Trace, options: TimelineOptions = {}): TopLevelSpec {
  const { header } = trace;
  const { intervals, events } = traceIntervals(trace);
  const candidates = [...new Set([...intervals.map((i) => i.component), ...events.map((e) => e.component)])]
    .filter((c) => c !== SERVICE_ROW)
    .sort(naturalCompare);
  const { rows, of, filtered } = chooseRows(candidates, options);
  // A trace made with `ftsim trace --components` may leave the service out: an empty service row
  // would then read as "no outage", so the row is drawn only when the trace has service records.
  const hasService = intervals.some((i) => i.component === SERVICE_ROW) || events.some((e) => e.component === SERVICE_ROW);
  const order = hasService ? [SERVICE_ROW, ...rows] : rows;
  const shown = new Set(order);
  const time = displayUnitFor(header.horizon_s);
  const x = (t: number) => t / time.factor;
  const xTitle = `Simulated time (${time.unit})`;

  const bars = intervals
    .filter((i) => shown.has(i.component))
    .map((i) => ({ component: i.component, state: i.state, start: x(i.start), end: x(i.end), cause: i.cause, span: `${formatNumber(x(i.start))}–${formatNumber(x(i.end))} ${time.unit} (${formatDuration(i.end - i.start)})` }));
  const marks = events
    .filter((e) => shown.has(e.component))
    .map((e) => ({ component: e.component, event: e.event, t: x(e.t), cause: e.cause, at: `${formatNumber(x(e.t))} ${time.unit}` }));
  const states = (["down", "hung", "slow"] as const).filter((s) => bars.some((b) => b.state === s));
  const eventKinds = [...new Set(marks.map((m) => m.event))];
  const outages = bars.filter((b) => b.component === SERVICE_ROW && b.state === "down").length;

  const rowNote =
    of === 0
      ? "no component changed state"
      : rows.length < of
        ? `${rows.length} of ${of} ${filtered ? "selected components" : "components with events"} shown (choose with --components)`
        : filtered
          ? `${plural(rows.length, "selected component")}`
          : `${plural(rows.length, "component")} with events (components that stayed up are not shown)`;
  const warmup = header.warmup_s > 0 ? { start: 0, end: x(header.warmup_s) } : undefined;
  const xScale = { domain: [0, x(header.horizon_s)], nice: false, zero: true };
  const y = { field: "component", type: "nominal" as const, title: null, sort: order, scale: { domain: order } };

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(`Timeline: ${header.scenario.name ?? "scenario"}`, [
      `seed ${String(header.seed)} · replication ${header.replication} · horizon ${shortDuration(header.horizon_s)}${warmup ? ` (grey: warm-up, ${shortDuration(header.warmup_s)}, not counted)` : ""}`,
      `${hasService ? `service: ${plural(outages, "outage")}` : "service: no record in this trace (never down, or left out by --components)"} · ${rowNote}`,
    ]),
    width: 560,
    height: { step: 20 },
    layer: [
      ...(warmup
        ? [{ data: { values: [warmup] }, mark: { type: "rect" as const, color: "#000000", opacity: 0.07 }, encoding: { x: { field: "start", type: "quantitative" as const, title: xTitle, scale: xScale }, x2: { field: "end" } } }]
        : []),
      {
        data: { values: bars },
        // The stroke keeps a 5-minute outage visible on a 10-year axis.
        mark: { type: "bar", strokeWidth: 1.5, strokeOpacity: 1 },
        encoding: {
          x: { field: "start", type: "quantitative", title: xTitle, scale: xScale },
          x2: { field: "end" },
          y,
          color: { field: "state", type: "nominal", title: "state", scale: { domain: [...states], range: states.map((s) => STATE_COLOURS[s]) } },
          stroke: { field: "state", type: "nominal", scale: { domain: [...states], range: states.map((s) => STATE_COLOURS[s]) }, legend: null },
          tooltip: [{ field: "component" }, { field: "state" }, { field: "span", title: "when" }, { field: "cause" }],
        },
      },
      {
        data: { values: marks },
        mark: { type: "point", filled: true, size: 50, color: PALETTE[6], opacity: 0.9 },
        encoding: {
          x: { field: "t", type: "quantitative", title: xTitle, scale: xScale },
          y,
          shape: { field: "event", type: "nominal", title: "event", scale: { domain: eventKinds, range: [...EVENT_SHAPES] }, legend: eventKinds.length > 0 ? {} : null },
          tooltip: [{ field: "component" }, { field: "event" }, { field: "at", title: "when" }, { field: "cause" }],
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
    config: { ...CHART_CONFIG, axisY: { labelFontSize: 11, labelLimit: 180, grid: false } },
  };
}
