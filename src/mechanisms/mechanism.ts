import type { z } from "zod";
import type { DistributionSpec } from "../engine/distribution.js";
import type { RandomStreams } from "../engine/random.js";
import type { Simulator } from "../engine/simulator.js";
import type { Trace } from "../engine/trace.js";
import type { Component } from "../hardware/component.js";
import type { Inventory } from "../hardware/inventory.js";
import type { Network } from "../hardware/network.js";
import type { StatusSignal } from "../hardware/status.js";

/** What a mechanism may use while it is wired into one replication. */
export interface MechanismContext {
  readonly sim: Simulator;
  readonly streams: RandomStreams;
  readonly inventory: Inventory;
  /** Start of the measured window (s). */
  readonly warmupS: number;
  /** End of the replication (s). */
  readonly horizonS: number;
  /** The networks of the scenario (`lan`, `fabric`...), by name: links, messages, transfers, partitions. */
  readonly networks: ReadonlyMap<string, Network>;
  /** Where a mechanism records its own events (takeovers, migrations...) for `ftsim trace`. */
  readonly trace: Trace;
  /**
   * What the scenario states about a component's reliability, as an operator
   * reads it off a datasheet (not its state): for a model that needs an MTBF,
   * such as a checkpoint interval. Absent in hand-built contexts.
   */
  readonly stated?: (component: Component) => StatedReliability;
}

/** The stated failure processes of one component: its own `mttf`/`failure` and the stochastic fail-stop and precursor faults aimed at it. */
export interface StatedReliability {
  /** Sum of the processes' long-run rates, 1/mean each (1/s); 0 when nothing fails it. */
  readonly failureRatePerS: number;
  /** True when every one of those processes is exponential (Poisson failures). */
  readonly exponential: boolean;
  /** Mean repair time (s) of its group; undefined when it is never repaired or has no repair. */
  readonly meanRepairS: number | undefined;
}

/** A scenario value with units: a number or a string such as `30s` in, a number (SI base unit) out. */
export type UnitValue = z.ZodType<number, number | string>;

/**
 * The scenario format's value types, handed to a mechanism so that it can
 * describe its config in the same vocabulary (units, distributions, clear
 * errors) without importing the scenario layer above it.
 */
export interface ConfigVocabulary {
  /** Duration in seconds: `250ms`, `30s`, `8h`, `3y`. */
  duration(): UnitValue;
  /** Size in bytes: `4KiB`, `16TB`. */
  size(): UnitValue;
  /** Rate in bytes/s: `200MB/s`, `1Gbit/s`. */
  rate(): UnitValue;
  /** Percentage as a number of percent: `2%`. */
  percent(): UnitValue;
  /** Probability in [0, 1]: `0.95` or `95%`. */
  probability(): UnitValue;
  /** A distribution of durations: `{ dist: weibull, shape: 1.2, mean: 3y }`. */
  distribution(): z.ZodType<DistributionSpec, unknown>;
  /**
   * A time that is fixed when written as a duration (`30s`, a deterministic
   * distribution) and random when written as a distribution: for delays
   * such as a switchover or a takeover.
   */
  fixedOrDistribution(): z.ZodType<DistributionSpec, unknown>;
}

/** One figure a mechanism reports at the end of a replication. */
export interface MechanismMetric {
  /** The replication's figure (for a mean over events: this replication's mean). */
  value: number;
  unit: string;
  /**
   * Set for a mean over events (made by `MeanTally`): the events' values
   * in this replication, their sum and count. Such a metric is pooled over
   * replications as Σsum / Σcount with a delta-method interval, a
   * replication without the metric counting as 0 events, and its spread
   * and quantiles are over the events, not over replication means.
   */
  pooled?: MeanParts;
}

/** A replication's events of a mean metric: their values (in order), sum and count. */
export interface MeanParts {
  sum: number;
  count: number;
  events: readonly number[];
}

/** A time to an event a mechanism observed, or the horizon when it did not happen (right-censored). */
export interface MechanismTime {
  /** Time of the event, or of the horizon when `observed` is false, in `unit`. */
  time: number;
  observed: boolean;
  unit: string;
}

/** A mechanism wired into one replication. */
export interface MechanismInstance {
  /** Services this mechanism provides, by name, for use in the scenario's `service` structure. */
  readonly services: Readonly<Record<string, StatusSignal>>;
  /** The figures of this replication, by metric name (units last: `switchover_time_s`). */
  finish(): Record<string, MechanismMetric>;
  /**
   * Times to events (time to first data loss...), right-censored at the
   * horizon, by metric name; reported under `time_to_event` as
   * `<mechanism>.<metric>` with the stats layer's censored estimate.
   * Called after `finish`. Optional.
   */
  times?(): Record<string, MechanismTime>;
  /**
   * Settings that are legal but almost always a mistake (a heartbeat timeout
   * shorter than the path's latency), in words for the user: shown by
   * `ftsim validate` and `ftsim run` as notes, without failing.
   */
  readonly notes?: readonly string[];
}

/** Which way a metric is better, for the regression gate (`ftsim check`, docs/ci.md). */
export type MetricDirection = "higher-is-better" | "lower-is-better" | "none";

/** Metric a mechanism emits, as listed by `ftsim list`. */
export interface MetricDoc {
  /** The name after the mechanism's prefix; `<group>.availability` for a family of per-item metrics. */
  name: string;
  unit: string;
  description: string;
  /**
   * Which way is better, for the regression gate. Omitted: ftsim's rules by
   * name decide (docs/ci.md), which is right for `availability`, `*_time_s`,
   * `*latency*` and the like; set it for counts whose sense the name does not
   * tell (`takeovers` is `none`, `max_actives_per_node` is `lower-is-better`).
   */
  direction?: MetricDirection;
}

/**
 * One fault-tolerance mechanism: a config schema, a `build` that wires it up
 * and the metrics it emits. Adding a mechanism touches its own folder and
 * one line of the registry.
 */
export interface MechanismDefinition<Config = unknown> {
  /** The `type:` of its entries under `mechanisms:` in a scenario. */
  readonly type: string;
  /** One line for `ftsim list`. */
  readonly summary: string;
  /** The config fields (besides `type` and `name`): a zod strict object whose output is Config. */
  configSchema(vocabulary: ConfigVocabulary): z.ZodObject;
  readonly metrics: readonly MetricDoc[];
  /**
   * Wires the mechanism for one replication. Throws ModelReferenceError (from
   * hardware/inventory) with a path relative to the entry for a bad reference.
   */
  build(ctx: MechanismContext, name: string, config: Config): MechanismInstance;
}
