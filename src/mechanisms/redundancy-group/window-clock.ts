/**
 * Time spent in one condition (a group down, a group without a live standby),
 * clipped to the measured window [warmup, horizon], like the service monitor
 * of `metrics/` (which a mechanism may not import).
 */
export class WindowClock {
  private since: number | undefined;
  private total = 0;

  constructor(
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {}

  get active(): boolean {
    return this.since !== undefined;
  }

  /** The condition holds from `now` on (no effect if it already holds). */
  start(now: number): void {
    this.since ??= now;
  }

  /** The condition ends at `now` (no effect if it does not hold). */
  stop(now: number): void {
    if (this.since === undefined) return;
    this.total += overlap(this.since, now, this.warmupS, this.horizonS);
    this.since = undefined;
  }

  /** Time (s) in the condition inside the window, counting a condition still holding up to the horizon. */
  totalS(): number {
    return this.since === undefined ? this.total : this.total + overlap(this.since, this.horizonS, this.warmupS, this.horizonS);
  }
}

function overlap(from: number, to: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(to, hi) - Math.max(from, lo));
}
