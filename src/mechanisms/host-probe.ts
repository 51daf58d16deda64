import type { Simulator } from "../engine/simulator.js";
import type { Processor, WorkHandlers } from "../hardware/processor.js";

export interface ProbeSettings {
  /** Time between the starts of two probe rounds, s. */
  readonly periodS: number;
  /** Work of one probe, s at speed 1. */
  readonly workS: number;
  /** A probe slower than this fraction of the nominal speed counts as degraded. */
  readonly slowThreshold: number;
}

/**
 * The health probe of one host, as a node exporter or a synthetic benchmark
 * would run it: every period a small fixed piece of work on each of the
 * host's processors, timed. A processor that took longer than
 * work / (threshold × nominal speed) is running slow (fail-slow), and the
 * host is degraded while any of its processors is; the verdict is reported
 * once per round, when every probe of the round has finished or been lost
 * (a processor that is down loses its probe and says nothing; a round
 * with no answer gives no verdict). A hung
 * processor freezes its probe and so delays the round until its reboot.
 */
export class HostProbe {
  private pending = 0;
  private slow = false;
  private answered = 0;
  private roundStart = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly processors: readonly Processor[],
    private readonly settings: ProbeSettings,
    /** The verdict of a completed round: degraded or not, at `now`. */
    private readonly verdict: (degraded: boolean, now: number) => void,
  ) {}

  start(): void {
    if (this.processors.length > 0) this.sim.schedule(this.settings.periodS, () => this.round());
  }

  private round(): void {
    this.roundStart = this.sim.now;
    this.pending = this.processors.length;
    this.slow = false;
    this.answered = 0;
    for (const p of this.processors) {
      const started = this.sim.now;
      const handlers: WorkHandlers = {
        done: (now) => {
          const speed = this.settings.workS / (now - started);
          if (speed < this.settings.slowThreshold * p.params.speed * (1 - 1e-9)) this.slow = true;
          this.answered++;
          this.finished(now);
        },
        aborted: (now) => this.finished(now),
      };
      p.execute(this.settings.workS, handlers);
    }
  }

  private finished(now: number): void {
    if (--this.pending > 0) return;
    if (this.answered > 0) this.verdict(this.slow, now); // no answer at all: nothing learnt
    this.sim.scheduleAt(Math.max(now, this.roundStart + this.settings.periodS), () => this.round());
  }
}
