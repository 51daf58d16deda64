import type { StatusSignal } from "../hardware/status.js";

/**
 * Mean availability over a set of components in the window [warmup, horizon]:
 * total component down time divided by (components × window length).
 */
export class ComponentUptime {
  /** When each component went down, NaN while it is up (a Float64Array: no boxed doubles on the hot path). */
  private readonly downSince: Float64Array;
  private downtime = 0;

  constructor(
    private readonly signals: readonly StatusSignal[],
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {
    this.downSince = Float64Array.from(signals, (s) => (s.up ? NaN : 0));
    signals.forEach((signal, i) => {
      signal.onChange((up, now) => {
        if (!up) this.downSince[i] = now;
        else {
          const since = this.downSince[i]!;
          if (!Number.isNaN(since)) this.downtime += this.clip(since, now);
          this.downSince[i] = NaN;
        }
      });
    });
  }

  private clip(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.horizonS) - Math.max(from, this.warmupS));
  }

  /** Mean component availability; NaN when there are no components. */
  finish(): number {
    let downtime = this.downtime;
    for (const since of this.downSince) if (!Number.isNaN(since)) downtime += this.clip(since, this.horizonS);
    const exposure = this.signals.length * (this.horizonS - this.warmupS);
    return (exposure - downtime) / exposure;
  }
}
