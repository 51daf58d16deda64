import type { MechanismMetric } from "../mechanism.js";
import { MeanTally, putMean } from "../mean-tally.js";

/** What a completed failover contributes to the figures. */
export interface FailoverOutcome {
  readonly rpoS: number;
  readonly lostBytes: number;
  readonly behind: number;
  /** Per client (by index): its time without the share, s. */
  readonly clientRto: readonly number[];
}

/**
 * The figures of one fileserver-failover replication: counts, sums and the
 * means over events (each a `MeanTally`), turned into metrics by `metrics`.
 * The caller decides what falls in the window.
 */
export class FailoverFigures {
  private failovers = 0;
  private failbacks = 0;
  private lostBytes = 0;
  private readonly rpo = new MeanTally();
  private readonly rto = new MeanTally();
  private readonly rtoMax = new MeanTally();
  private readonly detection = new MeanTally();
  private readonly behind = new MeanTally();
  private readonly failbackTime = new MeanTally();
  private readonly lag = new MeanTally();
  private readonly perClient: MeanTally[];

  constructor(clients: number) {
    this.perClient = Array.from({ length: clients }, () => new MeanTally());
  }

  snapshotLag(lagS: number): void {
    this.lag.add(lagS);
  }

  detected(latencyS: number): void {
    this.detection.add(latencyS);
  }

  failover(o: FailoverOutcome): void {
    this.failovers++;
    this.lostBytes += o.lostBytes;
    this.rpo.add(o.rpoS);
    this.behind.add(o.behind);
    o.clientRto.forEach((r, i) => {
      this.rto.add(r);
      this.perClient[i]!.add(r);
    });
    this.rtoMax.add(Math.max(...o.clientRto));
  }

  failback(durationS: number): void {
    this.failbacks++;
    this.failbackTime.add(durationS);
  }

  metrics(): Record<string, MechanismMetric> {
    const metrics: Record<string, MechanismMetric> = {
      failovers: { value: this.failovers, unit: "count" },
      failbacks: { value: this.failbacks, unit: "count" },
      data_loss_bytes: { value: this.lostBytes, unit: "bytes" },
    };
    putMean(metrics, "rpo_s", this.rpo, "s");
    putMean(metrics, "rto_s", this.rto, "s");
    putMean(metrics, "rto_max_s", this.rtoMax, "s");
    putMean(metrics, "detection_time_s", this.detection, "s");
    putMean(metrics, "snapshots_behind", this.behind, "count");
    putMean(metrics, "failback_time_s", this.failbackTime, "s");
    putMean(metrics, "replication_lag_s", this.lag, "s");
    this.perClient.forEach((t, i) => putMean(metrics, `c${i}.rto_s`, t, "s"));
    return metrics;
  }
}
