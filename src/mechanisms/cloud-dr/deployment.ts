import type { Simulator } from "../../engine/simulator.js";

/** One server to deploy: the indices of the servers it depends on, and its launch-and-boot time. */
export interface DeployItem {
  readonly dependsOn: readonly number[];
  /** Draws its launch-and-boot time, s (called when its launch starts). */
  readonly bootS: () => number;
}

/**
 * Deploys servers at the recovery site with bounded parallelism, in
 * dependency order: a server may start launching once every server it
 * depends on is running, and at most `parallelism` are launching at once.
 * When a slot frees (or a server becomes ready), the ready servers start
 * in their declared order (list scheduling). With fixed boot times the
 * finish times are deterministic; the site's RTO is then the length of the
 * schedule, which is the critical path through the dependency graph when
 * the limit never binds.
 */
export class Deployment {
  private readonly done: boolean[];
  private readonly started: boolean[];
  private running = 0;
  private finished = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly items: readonly DeployItem[],
    private readonly parallelism: number,
    private readonly events: { launched(i: number, now: number): void; running(i: number, now: number): void },
  ) {
    this.done = items.map(() => false);
    this.started = items.map(() => false);
  }

  /** Starts deploying at `now` (the recovery environment is ready). */
  start(): void {
    this.fill();
  }

  get allRunning(): boolean {
    return this.finished === this.items.length;
  }

  private fill(): void {
    for (let i = 0; i < this.items.length && this.running < this.parallelism; i++) {
      if (this.started[i] || !this.items[i]!.dependsOn.every((d) => this.done[d])) continue;
      this.started[i] = true;
      this.running++;
      const now = this.sim.now;
      this.events.launched(i, now);
      this.sim.scheduleAt(now + this.items[i]!.bootS(), () => {
        this.running--;
        this.done[i] = true;
        this.finished++;
        this.events.running(i, this.sim.now);
        this.fill();
      });
    }
  }
}
