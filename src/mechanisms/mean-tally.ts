import type { MechanismMetric } from "./mechanism.js";

/**
 * A mean over the events of a replication's window (detections, completed
 * failovers, transfers): a count and a sum. Over no events the metric is
 * absent, not 0, like `mttr_s` without outages.
 */
export class MeanTally {
  private n = 0;
  private sum = 0;

  add(x: number): void {
    this.n++;
    this.sum += x;
  }

  get count(): number {
    return this.n;
  }

  /** The mean as a metric in `unit`, or undefined over no events. */
  metric(unit: string): MechanismMetric | undefined {
    return this.n === 0 ? undefined : { value: this.sum / this.n, unit };
  }
}

/** Sets `metrics[name]` to the tally's mean, leaving it out over no events. */
export function putMean(metrics: Record<string, MechanismMetric>, name: string, tally: MeanTally, unit: string): void {
  const metric = tally.metric(unit);
  if (metric !== undefined) metrics[name] = metric;
}
