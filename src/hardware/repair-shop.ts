import type { Simulator } from "../engine/simulator.js";

/** One repair job: how long it takes is decided when a crew starts it. */
export interface RepairJob {
  /** Samples the repair duration (s) at the moment a crew starts working. */
  duration(): number;
  /** Called when the repair completes. */
  done(now: number): void;
}

/**
 * A pool of repair crews. With `crews = Infinity` every repair starts at
 * once; otherwise jobs wait in FIFO order for a free crew (the single-crew
 * policy of the birth–death and Markov models in docs/validation.md).
 */
export class RepairShop {
  private busy = 0;
  private readonly waiting: RepairJob[] = [];
  private waitingHead = 0;

  constructor(
    private readonly sim: Simulator,
    /** Number of crews working in parallel; Infinity for unlimited. */
    readonly crews: number,
  ) {
    if (!(crews >= 1)) throw new RangeError(`repair crews must be >= 1 or Infinity, got ${crews}`);
  }

  /** Jobs waiting for a crew. */
  get queueLength(): number {
    return this.waiting.length - this.waitingHead;
  }

  submit(job: RepairJob): void {
    // A job submitted from a completion callback (crew just freed, queue not yet
    // served) must not overtake the jobs already waiting.
    if (this.busy < this.crews && this.queueLength === 0) this.start(job);
    else this.waiting.push(job);
  }

  private start(job: RepairJob): void {
    this.busy++;
    // A repair time that overflows to Infinity never ends: the crew stays busy.
    this.sim.scheduleUnlessNever(job.duration(), () => {
      this.busy--;
      job.done(this.sim.now);
      this.startNext();
    });
  }

  private startNext(): void {
    if (this.busy >= this.crews || this.waitingHead >= this.waiting.length) return;
    const job = this.waiting[this.waitingHead++]!;
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    this.start(job);
  }
}
