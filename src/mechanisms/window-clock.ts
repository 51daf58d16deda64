/**
 * Time a condition holds inside the measured window [warmupS, horizonS]
 * (a group down, two processes active...): `set` at each change, `totalS`
 * at the end. Mechanisms use it for their own time figures, clipped to the
 * window like the service monitor of `metrics/` (which they may not import).
 */
export class WindowClock {
  private holding = false;
  private since = 0;
  private accumulatedS = 0;

  constructor(
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {}

  /** Whether the condition holds now. */
  get on(): boolean {
    return this.holding;
  }

  /** The condition holds (true) or not (false) from `now` on; setting the current value does nothing. */
  set(on: boolean, now: number): void {
    if (on === this.holding) return;
    if (this.holding) this.accumulatedS += this.overlap(this.since, now);
    this.holding = on;
    this.since = now;
  }

  /** The time (s) the condition held in the window, counting one still holding up to `now`. */
  totalS(now: number): number {
    return this.accumulatedS + (this.holding ? this.overlap(this.since, now) : 0);
  }

  private overlap(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.horizonS) - Math.max(from, this.warmupS));
  }
}
