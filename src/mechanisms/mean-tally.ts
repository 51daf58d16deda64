import type { MechanismMetric } from "./mechanism.js";

/**
 * A mean over the events of a replication's window (detections, completed
 * failovers, transfers): their values, count and sum. Over no events the
 * metric is absent, not 0, like `mttr_s` without outages.
 *
 * The metric carries its parts (`pooled`), so that over replications it is
 * a ratio estimator: Σ values / Σ events, not the mean of the replications'
 * means, with a replication that saw no event counting as 0 events; its
 * spread and quantiles (p50, p99) are over the events.
 */
export class MeanTally {
  private n = 0;
  private sum = 0;
  private readonly values: number[] = [];

  add(x: number): void {
    this.n++;
    this.sum += x;
    this.values.push(x);
  }

  get count(): number {
    return this.n;
  }

  /** The mean as a metric in `unit`, with its parts for pooling, or undefined over no events. */
  metric(unit: string): MechanismMetric | undefined {
    if (this.n === 0) return undefined;
    return { value: this.sum / this.n, unit, pooled: { sum: this.sum, count: this.n, events: [...this.values] } };
  }
}

/** Sets `metrics[name]` to the tally's mean, leaving it out over no events. */
export function putMean(metrics: Record<string, MechanismMetric>, name: string, tally: MeanTally, unit: string): void {
  const metric = tally.metric(unit);
  if (metric !== undefined) metrics[name] = metric;
}
