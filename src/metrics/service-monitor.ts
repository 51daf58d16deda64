import type { StatusSignal } from "../hardware/status.js";

/** What one replication observed of one service. */
export interface ServiceObservation {
  /** Fraction of the measured window [warmup, horizon] the service was up. */
  availability: number;
  /** Fraction of the window the service was down, computed directly (no 1 − A cancellation). */
  unavailability: number;
  /** Total down time inside the window (s). */
  downtimeS: number;
  /** Outages that began inside the window. */
  outages: number;
  /** Up time inside the window (s). */
  uptimeS: number;
  /** Total duration (s) of the outages that began and ended inside the window. */
  completedOutageS: number;
  /** Number of the outages that began and ended inside the window. */
  completedOutages: number;
  /** The durations (s) of those outages, in the order they ended. */
  completedOutageDurations: number[];
  /** Time (s, from 0) of the first outage, or the horizon if none happened. */
  firstFailureS: number;
  /** False when no outage happened before the horizon (the time above is censored). */
  firstFailureObserved: boolean;
}

/**
 * Up/down accounting of one service signal over the window [warmup, horizon]:
 * down time is clipped to the window; an outage counts where it begins.
 */
export class ServiceMonitor {
  private downSince: number | undefined;
  private downtime = 0;
  private outages = 0;
  private completedDuration = 0;
  private completed = 0;
  private readonly durations: number[] = [];
  private firstFailure: number | undefined;

  constructor(
    signal: StatusSignal,
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {
    if (!(horizonS > warmupS)) throw new RangeError(`horizon (${horizonS}s) must exceed warmup (${warmupS}s)`);
    if (!signal.up) this.wentDown(0);
    signal.onChange((up, now) => (up ? this.cameUp(now) : this.wentDown(now)));
  }

  private wentDown(now: number): void {
    this.downSince = now;
    this.firstFailure ??= now;
    if (now >= this.warmupS && now < this.horizonS) this.outages++;
  }

  private cameUp(now: number): void {
    const since = this.downSince;
    if (since === undefined) return;
    this.downSince = undefined;
    this.downtime += overlap(since, now, this.warmupS, this.horizonS);
    if (since >= this.warmupS && now <= this.horizonS) {
      this.completedDuration += now - since;
      this.completed++;
      this.durations.push(now - since);
    }
  }

  /** The observation at the horizon; call once, after the run. */
  finish(): ServiceObservation {
    let downtime = this.downtime;
    if (this.downSince !== undefined) downtime += overlap(this.downSince, this.horizonS, this.warmupS, this.horizonS);
    const window = this.horizonS - this.warmupS;
    const observed = this.firstFailure !== undefined && this.firstFailure < this.horizonS;
    return {
      availability: (window - downtime) / window,
      unavailability: downtime / window,
      downtimeS: downtime,
      outages: this.outages,
      uptimeS: window - downtime,
      completedOutageS: this.completedDuration,
      completedOutages: this.completed,
      completedOutageDurations: [...this.durations],
      firstFailureS: observed ? this.firstFailure! : this.horizonS,
      firstFailureObserved: observed,
    };
  }
}

function overlap(from: number, to: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(to, hi) - Math.max(from, lo));
}
