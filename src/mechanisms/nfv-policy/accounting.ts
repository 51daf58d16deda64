import { MeanTally } from "../mean-tally.js";
import { WindowClock } from "../window-clock.js";

/**
 * Up/down accounting of the service chains (ground truth: a chain is up
 * while each of its VNFs has at least its needed number of running
 * instances on working hosts), with the time to restore of each outage
 * begun in the measured window.
 */
export class ChainAccounting {
  readonly down: WindowClock[];
  readonly up: boolean[];
  private readonly downSince: number[];
  readonly restore = new MeanTally();
  outages = 0;

  constructor(
    chains: number,
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {
    this.down = Array.from({ length: chains }, () => new WindowClock(warmupS, horizonS));
    this.up = new Array<boolean>(chains).fill(true);
    this.downSince = new Array<number>(chains).fill(0);
  }

  /** Sets chain c's state at `now`; returns true on a change. */
  set(c: number, up: boolean, now: number): boolean {
    if (this.up[c] === up) return false;
    this.up[c] = up;
    this.down[c]!.set(!up, now);
    if (!up) {
      this.downSince[c] = now;
      if (this.inWindow(now)) this.outages++;
    } else if (this.inWindow(this.downSince[c]!)) {
      this.restore.add(now - this.downSince[c]!);
    }
    return true;
  }

  /** Fraction of the window chain c was up. */
  availability(c: number): number {
    const window = this.horizonS - this.warmupS;
    return (window - this.down[c]!.totalS(this.horizonS)) / window;
  }

  private inWindow(t: number): boolean {
    return t >= this.warmupS && t < this.horizonS;
  }
}

/**
 * Time integrals, clipped to the window, of the CPU reserved on working
 * hosts and of their capacity: utilization = ∫ reserved / ∫ capacity.
 */
export class UtilizationMeter {
  private reserved = 0;
  private capacity = 0;
  private last = 0;
  private reservedIntegral = 0;
  private capacityIntegral = 0;

  constructor(
    private readonly warmupS: number,
    private readonly horizonS: number,
  ) {}

  /** Changes the reserved CPU and the capacity counted by `dReserved`, `dCapacity` from `now` on. */
  change(now: number, dReserved: number, dCapacity: number): void {
    this.advance(now);
    this.reserved += dReserved;
    this.capacity += dCapacity;
  }

  utilization(): number {
    this.advance(this.horizonS);
    return this.capacityIntegral > 0 ? this.reservedIntegral / this.capacityIntegral : 0;
  }

  private advance(now: number): void {
    const span = Math.max(0, Math.min(now, this.horizonS) - Math.max(this.last, this.warmupS));
    this.reservedIntegral += span * this.reserved;
    this.capacityIntegral += span * this.capacity;
    this.last = Math.max(this.last, now);
  }
}
