import type { StatusSignal } from "../hardware/status.js";

/**
 * Mean availability over a set of components in the window [warmup, horizon]:
 * total component down time divided by (components × window length).
 */
export class ComponentUptime {
  private readonly downSince: (number | undefined)[];
  private downtime = 0;

  constructor(
    private readonly signals: readonly StatusSignal[],
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {
    this.downSince = signals.map((s) => (s.up ? undefined : 0));
    signals.forEach((signal, i) => {
      signal.onChange((up, now) => {
        if (!up) this.downSince[i] = now;
        else {
          const since = this.downSince[i];
          if (since !== undefined) this.downtime += this.clip(since, now);
          this.downSince[i] = undefined;
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
    for (const since of this.downSince) if (since !== undefined) downtime += this.clip(since, this.horizonS);
    const exposure = this.signals.length * (this.horizonS - this.warmupS);
    return (exposure - downtime) / exposure;
  }
}
