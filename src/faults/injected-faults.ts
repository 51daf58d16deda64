import type { Distribution } from "../engine/distribution.js";
import type { EventHandle } from "../engine/event-queue.js";
import type { RandomStream, RandomStreams } from "../engine/random.js";
import type { Simulator } from "../engine/simulator.js";
import type { Component } from "../hardware/component.js";
import type { FaultType } from "./kinds.js";

/** What the injector needs of hardware that can run slow (a processor, a link). */
export interface SlowablePort {
  slowDown(factor: number, now: number, cause: string): void;
  /** Ends the slowdown (a processor is told which fault ends, so that a hang and a slowdown end separately). */
  recover(now: number, cause: string, fault?: "hang" | "slow"): void;
}

/** What the injector needs of a processor (hang, fail-slow, precursor). */
export interface ProcessorPort extends SlowablePort {
  hang(now: number, cause: string): void;
  precursor(now: number, failureAt: number, cause: string): void;
}

/** What the injector needs of a link (lossy periods). */
export interface LossyPort {
  setLoss(loss: number, now: number, cause: string): void;
  /** Ends the lossy period (told which fault ends, so that it does not end an overlapping slowdown). */
  recover(now: number, cause: string, fault?: "loss"): void;
}

/** What the injector needs of a DIMM (correctable and uncorrectable errors). */
export interface DimmPort {
  readonly pageCount: number;
  correctableErrors(now: number, page: number, count: number, cause: string): void;
  uncorrectableError(now: number, page: number, cause: string): unknown;
}

/** What the injector needs of a disk (latent sector errors). */
export interface DiskPort {
  readonly extentCount: number;
  latentSectorError(now: number, extent: number, cause: string): unknown;
}

/** What the injector needs of a network (partitions). */
export interface NetworkPort<H = unknown> {
  /** The nodes of the network a partition side stands for (empty when it covers none). */
  nodesOf(side: readonly Component[]): Component[];
  partition(sideA: readonly Component[], sideB: readonly Component[], now: number, cause: string): H;
  heal(handle: H, now: number): void;
}

/** When a fault happens, per target. */
export type FaultWhen = { kind: "every"; interval: Distribution } | { kind: "at"; times: readonly number[] };

/** One `faults:` entry, resolved against the model. */
export interface InjectedFault {
  type: FaultType;
  /** Cause in traces; also names the fault's random streams. */
  name: string;
  when: FaultWhen;
  duration?: Distribution;
  factor?: number;
  /** message-loss: the loss probability during the fault. */
  loss?: number;
  lead?: Distribution;
  /** Mean burst size of correctable errors (geometric). */
  burst: number;
}

/** The fault's effect on one target, started by `start()`. */
interface Target {
  component: Component;
  processor?: ProcessorPort;
  slowable?: SlowablePort;
  lossy?: LossyPort;
  dimm?: DimmPort;
  disk?: DiskPort;
}

/**
 * Injects one `faults:` entry into one target component: stochastic faults
 * are a renewal process (the next time to fault is drawn when the previous
 * fault is over: after the repair of a fail-stop, at the end of a hang,
 * slowdown or transient outage, at once for errors); scripted faults happen
 * at their fixed times. Draws come from the target's own streams
 * (`<target>/fault/<fault name>/…`), so adding a fault or a component never
 * shifts another's draws.
 *
 * A fail-stop (or the failure a precursor announces) strikes unless the
 * target has already failed, like the component's own failures: a hung
 * processor, or one inside a powered-off rack, can still fail. Any other
 * stochastic fault that falls while its target is not working (failed,
 * hung, inside a down container) has no effect and the clock restarts: a
 * dead processor cannot hang. A scripted fault applies at its time whatever
 * the state, except a hang, which needs a working processor.
 */
export class TargetFault {
  private readonly timeStream: RandomStream;
  private readonly effectStream: RandomStream;
  private waitingForRepair = false;
  /** A stochastic precursor's coming signal and failure, until the failure strikes. */
  private announced: { signal: EventHandle; failure: EventHandle } | undefined;
  /** The target failed for another reason while `announced` was pending. */
  private announcedLapses = false;

  constructor(
    private readonly sim: Simulator,
    private readonly fault: InjectedFault,
    private readonly target: Target,
    streams: RandomStreams,
  ) {
    const base = `${target.component.id}/fault/${fault.name}`;
    this.timeStream = streams.stream(`${base}/time`);
    this.effectStream = streams.stream(`${base}/effect`);
    if (fault.type === "fail-stop" || fault.type === "precursor") {
      target.component.onFailed(() => {
        if (this.announced !== undefined) this.announcedLapses = true;
      });
      target.component.onRepaired(() => {
        if (this.announcedLapses) {
          // Failed for another reason and repaired before the precursor's failure: that
          // failure (and its signal, if still to come) belonged to the hardware just
          // replaced, so both lapse and the clock restarts for the new one.
          this.sim.cancel(this.announced!.signal);
          this.sim.cancel(this.announced!.failure);
          this.announced = undefined;
          this.announcedLapses = false;
          this.next();
          return;
        }
        if (!this.waitingForRepair) return;
        this.waitingForRepair = false;
        this.next();
      });
    }
  }

  start(): void {
    const when = this.fault.when;
    if (when.kind === "every") this.next();
    else if (this.fault.type === "precursor") for (const t of when.times) this.schedulePrecursor(Math.max(t, this.sim.now) - this.sim.now, false);
    else for (const t of when.times) this.sim.scheduleAt(Math.max(t, this.sim.now), () => this.strike(false));
  }

  /** Schedules the next stochastic occurrence. */
  private next(): void {
    if (this.fault.when.kind !== "every") return;
    const delay = this.fault.when.interval.sample(this.timeStream);
    if (this.fault.type === "precursor") {
      this.announced = this.schedulePrecursor(delay);
      return;
    }
    this.sim.scheduleUnlessNever(delay, () => this.strike(true));
  }

  /** A failure `delay` from now, announced `lead` before it (or now, if the lead is longer than the delay). */
  private schedulePrecursor(delay: number, stochastic = true): { signal: EventHandle; failure: EventHandle } | undefined {
    const failureAt = this.sim.now + delay;
    if (!Number.isFinite(failureAt)) return undefined;
    const lead = this.fault.lead!.sample(this.effectStream);
    const signalAt = Math.max(this.sim.now, failureAt - lead);
    const signal = this.sim.scheduleAt(signalAt, () => {
      if (this.target.component.state === "up" || this.target.component.state === "slow") {
        this.target.processor!.precursor(this.sim.now, failureAt, this.fault.name);
      }
    });
    return { signal, failure: this.sim.scheduleAt(failureAt, () => this.strike(stochastic)) };
  }

  /** The fault happens now. `stochastic` faults skip a target that is not working. */
  private strike(stochastic: boolean): void {
    const now = this.sim.now;
    const lapsed = stochastic && this.announcedLapses;
    if (stochastic) {
      this.announced = undefined;
      this.announcedLapses = false;
    }
    const { component } = this.target;
    const working = component.state === "up" || component.state === "slow";
    const cause = this.fault.name;
    switch (this.fault.type) {
      case "fail-stop":
      case "precursor":
        if (component.hasFailed) {
          // An announced failure that finds the processor still down from another failure
          // belonged to the hardware being replaced: as when the repair comes first, the
          // clock restarts with the new hardware, at its repair (not now, while broken).
          if (lapsed) this.waitingForRepair = true;
          else if (stochastic) this.next();
          return;
        }
        component.fail(now, cause);
        if (stochastic) this.waitingForRepair = true;
        return;
      case "transient":
        if (stochastic && !working) return this.next();
        component.suspend(now, cause);
        this.after(this.fault.duration!, () => component.resume(this.sim.now, `${cause} over`), stochastic);
        return;
      case "hang":
        if (stochastic && !working) return this.next();
        this.target.processor!.hang(now, cause);
        this.after(this.fault.duration!, () => this.target.processor!.recover(this.sim.now, "reboot", "hang"), stochastic);
        return;
      case "fail-slow":
        if (stochastic && !working) return this.next();
        this.target.slowable!.slowDown(this.fault.factor!, now, cause);
        this.after(this.fault.duration!, () => this.target.slowable!.recover(this.sim.now, `${cause} over`, "slow"), stochastic);
        return;
      case "message-loss":
        if (stochastic && !working) return this.next();
        this.target.lossy!.setLoss(this.fault.loss!, now, cause);
        // Only the loss: ending both would also end a slowdown that another fault is still causing.
        this.after(this.fault.duration!, () => this.target.lossy!.recover(this.sim.now, `${cause} over`, "loss"), stochastic);
        return;
      case "correctable-error":
        if (working) this.target.dimm!.correctableErrors(now, this.uniformIndex(this.target.dimm!.pageCount), this.burstSize(), cause);
        if (stochastic) this.next();
        return;
      case "uncorrectable-error":
        if (working) this.target.dimm!.uncorrectableError(now, this.uniformIndex(this.target.dimm!.pageCount), cause);
        if (stochastic) this.next();
        return;
      case "latent-sector-error":
        if (working) this.target.disk!.latentSectorError(now, this.uniformIndex(this.target.disk!.extentCount), cause);
        if (stochastic) this.next();
        return;
      case "partition":
        throw new Error("a partition is injected by PartitionFault, not per target");
    }
  }

  /** Ends the fault after a sampled duration, then (stochastic) restarts the clock. */
  private after(duration: Distribution, end: () => void, stochastic: boolean): void {
    // A duration that overflows to Infinity never ends (as a repair time does): the target stays faulty.
    this.sim.scheduleUnlessNever(duration.sample(this.effectStream), () => {
      end();
      if (stochastic) this.next();
    });
  }

  private uniformIndex(n: number): number {
    return Math.min(n - 1, Math.floor(this.effectStream.next() * n));
  }

  /** Geometric burst size with mean `burst` (≥ 1). */
  private burstSize(): number {
    const mean = this.fault.burst;
    if (mean <= 1) return 1;
    const q = 1 - 1 / mean;
    const u = 1 - this.effectStream.next(); // (0, 1]
    return 1 + Math.floor(Math.log(u) / Math.log(q));
  }
}

/**
 * A partition between two sets of network nodes, applied to every network
 * that has nodes on both sides (`NetworkPort.nodesOf`), for a sampled duration; stochastic
 * partitions recur (the clock restarts when one heals).
 */
export class PartitionFault {
  private readonly timeStream: RandomStream;
  private readonly effectStream: RandomStream;

  constructor(
    private readonly sim: Simulator,
    private readonly fault: InjectedFault,
    private readonly sides: readonly [Component[], Component[]],
    private readonly networks: readonly NetworkPort[],
    streams: RandomStreams,
  ) {
    this.timeStream = streams.stream(`partition/${fault.name}/time`);
    this.effectStream = streams.stream(`partition/${fault.name}/effect`);
  }

  start(): void {
    const when = this.fault.when;
    if (when.kind === "every") this.next();
    else for (const t of when.times) this.sim.scheduleAt(Math.max(t, this.sim.now), () => this.strike(false));
  }

  private next(): void {
    if (this.fault.when.kind !== "every") return;
    this.sim.scheduleUnlessNever(this.fault.when.interval.sample(this.timeStream), () => this.strike(true));
  }

  private strike(stochastic: boolean): void {
    const now = this.sim.now;
    const cuts: { network: NetworkPort; handle: unknown }[] = [];
    for (const network of this.networks) {
      const a = network.nodesOf(this.sides[0]);
      const b = network.nodesOf(this.sides[1]);
      if (a.length > 0 && b.length > 0) cuts.push({ network, handle: network.partition(a, b, now, this.fault.name) });
    }
    // A duration that overflows to Infinity never heals.
    this.sim.scheduleUnlessNever(this.fault.duration!.sample(this.effectStream), () => {
      for (const cut of cuts) cut.network.heal(cut.handle, this.sim.now);
      if (stochastic) this.next();
    });
  }
}

export type { Target as FaultTarget };
