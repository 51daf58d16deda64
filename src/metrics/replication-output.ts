/** One metric value observed in one replication. */
export interface ObservedValue {
  value: number;
  unit: string;
}

/** A time to an event that may not have happened before the horizon (right-censored). */
export interface ObservedTime {
  time: number;
  observed: boolean;
  unit: string;
}

/** A ratio metric's parts in one replication, pooled over replications (e.g. MTTR = Σ outage time / Σ outages). */
export interface ObservedRatio {
  numerator: number;
  denominator: number;
  unit: string;
  /**
   * For a mean over events (MTTR, a mechanism's `MeanTally`): each event's
   * value, whose sum is the numerator and count the denominator; the
   * summary's spread and quantiles are then over events.
   */
  events?: number[];
}

/** Everything one replication observed. Plain data: it crosses worker and shard boundaries. */
export interface ReplicationOutput {
  replication: number;
  /** Metric values by name; a metric undefined in this replication (e.g. MTTR without outages) is absent. */
  values: Record<string, ObservedValue>;
  /** Times to events, by name. */
  times: Record<string, ObservedTime>;
  /** Ratio metrics, by name. */
  ratios: Record<string, ObservedRatio>;
}

/**
 * A metric's figure in one replication: its observed value, or for a ratio
 * (MTTR, a mechanism's mean over events) the replication's own ratio;
 * undefined where it is undefined (no event).
 */
export function replicationFigure(output: ReplicationOutput, metric: string): number | undefined {
  const observed = output.values[metric];
  if (observed !== undefined) return observed.value;
  const ratio = output.ratios[metric];
  return ratio !== undefined && ratio.denominator > 0 ? ratio.numerator / ratio.denominator : undefined;
}
