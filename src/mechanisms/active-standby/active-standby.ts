import { makeDistribution } from "../../engine/distributions.js";
import type { EventHandle } from "../../engine/event-queue.js";
import type { Component } from "../../hardware/component.js";
import { ModelReferenceError } from "../../hardware/inventory.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext, MechanismDefinition, MechanismInstance, MechanismMetric } from "../mechanism.js";
import { activeStandbyConfig, type ActiveStandbyConfig } from "./config.js";
import { MeanTally, putMean } from "../mean-tally.js";
import { WindowClock } from "../window-clock.js";

/** Transitions of one kind: how many began, and the durations of those that completed. */
class Transitions {
  started = 0;
  readonly durations = new MeanTally();
  /** Time spent in transitions of this kind (states SO or UC of the chain), clipped to the window. */
  readonly down: WindowClock;

  constructor(warmupS: number, horizonS: number) {
    this.down = new WindowClock(warmupS, horizonS);
  }
}

/**
 * An active unit and a standby. The pair serves while one unit is active and
 * up. A failure of the active unit is covered with probability `coverage`
 * (a switchover of random duration follows, service down) or not (a longer
 * recovery follows, service down). As in the Markov model of case B, the
 * repair of a failed unit starts when the switchover or recovery completes,
 * or at once when the pair has nothing left to switch to.
 */
class ActiveStandby implements MechanismInstance {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly drawCoverage: () => number;
  private readonly drawSwitchover: () => number;
  private readonly drawRecovery: () => number;
  private active: Component | undefined;
  /** The unit whose failure started the switchover or recovery in progress, if any. */
  private replacing: Component | undefined;
  /** The end of the switchover or recovery in progress, cancelled if the standby fails first. */
  private transition: EventHandle | undefined;
  /** Covered switchovers and uncovered recoveries that began in the window [warmup, horizon]. */
  private readonly tally: { switchover: Transitions; recovery: Transitions };

  constructor(
    private readonly ctx: MechanismContext,
    name: string,
    private readonly units: readonly [Component, Component],
    private readonly config: ActiveStandbyConfig,
  ) {
    this.service = new StatusSignal(name, true);
    this.tally = { switchover: new Transitions(ctx.warmupS, ctx.horizonS), recovery: new Transitions(ctx.warmupS, ctx.horizonS) };
    this.services = { [name]: this.service };
    const coverageStream = ctx.streams.stream(`${name}/coverage`);
    const switchoverStream = ctx.streams.stream(`${name}/switchover`);
    const recoveryStream = ctx.streams.stream(`${name}/uncovered-recovery`);
    const switchover = config.switchover ? makeDistribution(config.switchover) : undefined;
    const recovery = config.uncovered_recovery ? makeDistribution(config.uncovered_recovery) : undefined;
    this.drawCoverage = () => coverageStream.next();
    this.drawSwitchover = () => (switchover ? switchover.sample(switchoverStream) : 0);
    this.drawRecovery = () => (recovery ? recovery.sample(recoveryStream) : 0);

    this.active = units[0];
    for (const unit of units) {
      unit.holdRepairs();
      unit.onChange((up, now) => (up ? this.unitRepaired(unit, now) : this.unitFailed(unit, now)));
      // A unit already down (inside a down container) that then fails gives no change
      // event: dispatch its repair unless a switchover away from it will.
      unit.onFailed((u, now) => {
        if (this.replacing !== u) u.dispatchRepair(now);
      });
    }
    if (config.standby === "cold") units[1].setDormant(true, 0);
  }

  private other(unit: Component): Component {
    return unit === this.units[0] ? this.units[1] : this.units[0];
  }

  private unitFailed(unit: Component, now: number): void {
    if (unit !== this.active) {
      if (this.replacing !== undefined) {
        // The standby died during the switchover: nothing is left (SO/UC → S0).
        const failedFirst = this.replacing;
        this.replacing = undefined;
        // Cancelled, not just ignored: the same unit may fail again and start a
        // new switchover before this one would have ended.
        this.ctx.sim.cancel(this.transition);
        this.transition = undefined;
        this.tally.switchover.down.set(false, now);
        this.tally.recovery.down.set(false, now);
        failedFirst.dispatchRepair(now);
      }
      // A standby failure is always detected and costs no outage.
      unit.dispatchRepair(now);
      return;
    }
    this.active = undefined;
    const standby = this.other(unit);
    if (!standby.up) {
      // Nothing to fail over to (S1 → S0).
      this.service.set(false, now);
      unit.dispatchRepair(now);
      return;
    }
    const covered = this.drawCoverage() < this.config.coverage;
    const duration = covered ? this.drawSwitchover() : this.drawRecovery();
    // Counts, like the service metrics, cover the window [warmup, horizon].
    const tally = now >= this.ctx.warmupS ? this.tally[covered ? "switchover" : "recovery"] : undefined;
    if (tally) tally.started++;
    standby.setDormant(false, now);
    if (duration === 0) {
      tally?.durations.add(0);
      this.takeOver(standby, unit, now);
      return;
    }
    this.service.set(false, now);
    this.replacing = unit;
    // Clocked whenever it began: the clock clips the time to the window itself.
    const clock = this.tally[covered ? "switchover" : "recovery"].down;
    clock.set(true, now);
    this.transition = this.ctx.sim.scheduleUnlessNever(duration, () => {
      this.transition = undefined;
      this.replacing = undefined;
      clock.set(false, this.ctx.sim.now);
      tally?.durations.add(duration);
      this.takeOver(standby, unit, this.ctx.sim.now);
    });
  }

  private takeOver(standby: Component, failed: Component, now: number): void {
    this.active = standby;
    this.service.set(true, now);
    failed.dispatchRepair(now);
  }

  private unitRepaired(unit: Component, now: number): void {
    if (this.active === undefined && this.replacing === undefined) {
      // The pair was down (S0): the first unit back serves at once.
      this.active = unit;
      unit.setDormant(false, now);
      this.service.set(true, now);
    } else if (this.config.standby === "cold") {
      unit.setDormant(true, now);
    }
  }

  finish(): Record<string, MechanismMetric> {
    const { switchover, recovery } = this.tally;
    const metrics: Record<string, MechanismMetric> = {
      switchovers: { value: switchover.started, unit: "count" },
      uncovered_failures: { value: recovery.started, unit: "count" },
    };
    putMean(metrics, "switchover_time_s", switchover.durations, "s");
    putMean(metrics, "uncovered_recovery_time_s", recovery.durations, "s");
    const now = this.ctx.sim.now;
    metrics.switchover_downtime_s = { value: switchover.down.totalS(now), unit: "s" };
    metrics.uncovered_downtime_s = { value: recovery.down.totalS(now), unit: "s" };
    return metrics;
  }
}

export const activeStandby: MechanismDefinition<ActiveStandbyConfig> = {
  type: "active-standby",
  summary: "an active unit and one standby with switchover time and imperfect coverage (Markov model, case B)",
  configSchema: activeStandbyConfig,
  metrics: [
    { name: "switchovers", unit: "count", description: "covered failovers of the active unit in the window" },
    { name: "uncovered_failures", unit: "count", description: "active-unit failures in the window that the standby could not cover" },
    { name: "switchover_time_s", unit: "s", description: "mean duration of the covered switchovers completed in the window (absent in a replication without one); pooled over events across replications, quantiles over events" },
    { name: "uncovered_recovery_time_s", unit: "s", description: "mean duration of the recoveries from uncovered failures completed in the window (absent in a replication without one); pooled over events across replications, quantiles over events" },
    { name: "switchover_downtime_s", unit: "s", description: "time in the window spent in covered switchovers (state SO), service down" },
    { name: "uncovered_downtime_s", unit: "s", description: "time in the window spent recovering from uncovered failures (state UC), service down" },
  ],
  build(ctx, name, config) {
    const refs = typeof config.units === "string" ? [config.units] : config.units;
    const units: Component[] = [];
    refs.forEach((ref, i) => units.push(...ctx.inventory.resolve(ref, typeof config.units === "string" ? ["units"] : ["units", i])));
    if (units.length !== 2 || units[0] === units[1]) {
      throw new ModelReferenceError(`active-standby needs exactly two distinct units, got ${units.length}`, ["units"]);
    }
    if (config.coverage < 1 && config.uncovered_recovery === undefined) {
      throw new ModelReferenceError("coverage < 1 needs uncovered_recovery (how long an uncovered failure keeps the service down)", ["coverage"]);
    }
    return new ActiveStandby(ctx, name, [units[0]!, units[1]!], config);
  },
};
