/**
 * Time a condition holds inside the measured window [warmupS, horizonS]:
 * `set` at each change, `totalS` at the end.
 */
export class WindowClock {
  private on = false;
  private since = 0;
  private accumulatedS = 0;

  constructor(
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {}

  get value(): boolean {
    return this.on;
  }

  set(on: boolean, now: number): void {
    if (on === this.on) return;
    if (this.on) this.accumulatedS += this.overlap(this.since, now);
    this.on = on;
    this.since = now;
  }

  /** The time the condition held in the window, counting an open interval up to `now`. */
  totalS(now: number): number {
    return this.accumulatedS + (this.on ? this.overlap(this.since, now) : 0);
  }

  private overlap(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.horizonS) - Math.max(from, this.warmupS));
  }
}
