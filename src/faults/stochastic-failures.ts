import type { Distribution } from "../engine/distribution.js";
import type { EventHandle } from "../engine/event-queue.js";
import type { RandomStreams } from "../engine/random.js";
import type { Simulator } from "../engine/simulator.js";
import type { Component } from "../hardware/component.js";
import type { RepairJob, RepairShop } from "../hardware/repair-shop.js";

/** How one component fails and is repaired. */
export interface FailureModel {
  /** Time to failure (s) of a new or freshly repaired component, counted while it is not dormant; undefined: it fails only by injected faults. */
  failure?: Distribution;
  /** Repair duration (s), counted from when a crew starts; undefined means never repaired. */
  repair?: Distribution;
}

/**
 * Drives one component through fail → repair → fail ... with times drawn
 * from its own streams (`<id>/failure`, `<id>/repair`), so adding another
 * component never shifts these draws.
 *
 * It also repairs the component after a fail-stop injected by a fault
 * (`faults:`), with the same repair distribution, and restarts the
 * component's own life after every repair (as good as new).
 *
 * Dormancy: a dormant component does not age. The remaining life is kept
 * when it becomes dormant and resumed when it wakes up (exact for any
 * life distribution under the "no ageing in standby" assumption).
 */
export class StochasticFailures {
  private pendingFailure: EventHandle | undefined;
  /** Remaining life (s) frozen while dormant; undefined when no life is running. */
  private frozenLife: number | undefined;
  private readonly failureStream;
  private readonly repairStream;

  constructor(
    private readonly sim: Simulator,
    private readonly component: Component,
    private readonly model: FailureModel,
    streams: RandomStreams,
    private readonly shop: RepairShop,
  ) {
    this.failureStream = streams.stream(`${component.id}/failure`);
    this.repairStream = streams.stream(`${component.id}/repair`);
    component.onDormancyChange(() => this.dormancyChanged());
    component.onRepairDispatched(() => this.startRepair());
    component.onRepaired(() => this.repaired());
  }

  /** Starts the first life; call once after the model is wired. */
  start(): void {
    if (this.model.failure !== undefined && !this.component.hasFailed) this.beginLife(this.model.failure.sample(this.failureStream));
  }

  private beginLife(life: number): void {
    if (this.component.dormant) {
      this.frozenLife = life;
      return;
    }
    this.frozenLife = undefined;
    // A life that overflows to Infinity (a Weibull with a tiny shape, say) never ends.
    this.pendingFailure = this.sim.scheduleUnlessNever(life, this.failNow);
  }

  // Created once per component rather than once per failure or repair: these
  // run on every event of the model, so they should not allocate.
  private readonly failNow = (): void => {
    this.pendingFailure = undefined;
    this.component.fail(this.sim.now, "failure");
  };

  private readonly repairJob: RepairJob = {
    duration: () => this.model.repair!.sample(this.repairStream),
    done: (now) => this.component.restore(now, "repaired"),
  };

  /** After any repair (of its own failure or an injected one) a new life begins. */
  private repaired(): void {
    if (this.model.failure === undefined) return;
    this.sim.cancel(this.pendingFailure);
    this.pendingFailure = undefined;
    this.beginLife(this.model.failure.sample(this.failureStream));
  }

  private dormancyChanged(): void {
    if (this.component.hasFailed) return;
    if (this.component.dormant) {
      if (this.pendingFailure !== undefined) {
        this.frozenLife = this.sim.timeOf(this.pendingFailure)! - this.sim.now;
        this.sim.cancel(this.pendingFailure);
        this.pendingFailure = undefined;
      }
    } else if (this.frozenLife !== undefined) {
      this.beginLife(this.frozenLife);
    }
  }

  private startRepair(): void {
    if (this.model.repair !== undefined) this.shop.submit(this.repairJob);
  }
}
