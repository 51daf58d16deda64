import type { Distribution } from "../../engine/distribution.js";
import type { RandomStream } from "../../engine/random.js";
import type { Simulator } from "../../engine/simulator.js";

export interface WriteLoadSettings {
  /** Write rate outside bursts, bytes/s. */
  readonly baseRate: number;
  /** Bursts: rate during one, mean time between starts (exponential), length. Undefined: no bursts. */
  readonly bursts?: { readonly rate: number; readonly meanGapS: number; readonly length: Distribution; readonly stream: RandomStream };
}

/**
 * The clients' write load on the share, as a profile of bytes over time:
 * `written(t)` is the bytes all clients would have written from 0 to t at
 * full service (the base rate, or the burst rate inside a burst). What
 * reaches a server is this profile times the fraction of clients it serves,
 * kept by `ServedWrites`. Bursts start as a Poisson process; a burst that
 * would start inside another is dropped.
 */
export class WriteLoad {
  /** The profile's rate changes: at changeAt[i] the rate becomes rateAfter[i]; writtenAt[i] = written(changeAt[i]). */
  private readonly changeAt: number[] = [0];
  private readonly rateAfter: number[];
  private readonly writtenAt: number[] = [0];
  private inBurst = false;

  constructor(
    private readonly sim: Simulator,
    private readonly settings: WriteLoadSettings,
  ) {
    this.rateAfter = [settings.baseRate];
    if (settings.bursts !== undefined) this.scheduleBurst();
  }

  /** Bytes of the full-service profile written in [0, t] (any t ≥ 0 up to now). */
  written(t: number): number {
    let i = this.changeAt.length - 1;
    while (i > 0 && this.changeAt[i]! > t) i--;
    return this.writtenAt[i]! + this.rateAfter[i]! * (t - this.changeAt[i]!);
  }

  /** The profile's rate now, bytes/s. */
  get rate(): number {
    return this.rateAfter[this.rateAfter.length - 1]!;
  }

  private setRate(rate: number, now: number): void {
    const written = this.written(now);
    this.changeAt.push(now);
    this.rateAfter.push(rate);
    this.writtenAt.push(written);
  }

  private scheduleBurst(): void {
    const b = this.settings.bursts!;
    const gap = -Math.log(1 - b.stream.next()) * b.meanGapS;
    this.sim.scheduleUnlessNever(gap, () => {
      const now = this.sim.now;
      if (!this.inBurst) {
        this.inBurst = true;
        this.setRate(b.rate, now);
        this.sim.scheduleUnlessNever(b.length.sample(b.stream), () => {
          this.inBurst = false;
          this.setRate(this.settings.baseRate, this.sim.now);
        });
      }
      this.scheduleBurst();
    });
  }
}

/**
 * The writes one server has received: the load profile times the fraction
 * of the clients it serves (0 while none reach it, k/n while k of n
 * clients are redirected to it). `total(t)` is its running byte count.
 */
export class ServedWrites {
  private fraction = 0;
  private since = 0;
  private accumulated = 0;

  constructor(private readonly load: WriteLoad) {}

  /** The fraction of the clients writing to this server from `now` on. */
  setFraction(fraction: number, now: number): void {
    this.accumulated = this.total(now);
    this.since = now;
    this.fraction = fraction;
  }

  get servedFraction(): number {
    return this.fraction;
  }

  /** Bytes received from the start to `t` (t ≥ the last fraction change). */
  total(t: number): number {
    return this.accumulated + this.fraction * (this.load.written(t) - this.load.written(this.since));
  }
}
