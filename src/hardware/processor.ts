import type { EventHandle } from "../engine/event-queue.js";
import type { Simulator } from "../engine/simulator.js";
import { Component, type ChangeCause, type ComponentState } from "./component.js";
import { type ParameterDoc, ParameterError } from "./kinds.js";

/** Parameters of a processor (a CPU node, a management core, a BMC), in SI units. */
export interface ProcessorParams {
  /**
   * Nominal speed relative to the reference processor (dimensionless, > 0):
   * work of w seconds at speed 1 takes w / speed. Default 1.
   */
  speed: number;
}

export const DEFAULT_PROCESSOR_PARAMS: Readonly<ProcessorParams> = {
  // A modelling reference, not a measurement: work amounts are given in seconds at speed 1.
  speed: 1,
};

/** The scenario fields of kind `processor`, for the schema and `ftsim list`. */
export const PROCESSOR_PARAMETER_DOCS: readonly ParameterDoc[] = [
  {
    name: "speed",
    unit: "relative (1 = nominal)",
    default: "1",
    description: "speed relative to the reference processor: work of w seconds at speed 1 takes w / speed",
  },
];

/** Builds processor parameters from scenario fields (already in SI units), filling in the defaults. */
export function processorParamsFrom(fields: Readonly<Record<string, unknown>>): ProcessorParams {
  const speed = fields["speed"];
  return { speed: typeof speed === "number" ? speed : DEFAULT_PROCESSOR_PARAMS.speed };
}

/** Why a piece of work was aborted. */
export type WorkAbortReason =
  /** The processor went down (its own fail-stop, a transient outage, or a container down), or was down when the work was submitted. */
  | "down"
  /** The reboot that ended a hang: work that was frozen by the hang is lost. */
  | "reboot";

/** What the submitter of a piece of work is told. Exactly one of the two is called, once, unless the work is cancelled. */
export interface WorkHandlers {
  /** The work completed at `now` (s). */
  done(now: number): void;
  /** The work was lost at `now` (s). */
  aborted(now: number, reason: WorkAbortReason): void;
}

/** A piece of work submitted with `Processor.execute`. */
export interface WorkHandle {
  /** True until the work completes, is aborted or is cancelled. */
  readonly active: boolean;
  /** Work still to do at `now`, in seconds at speed 1 (0 once it is no longer active). */
  remainingWork(now: number): number;
  /** Withdraws the work; no handler is called. Harmless when no longer active. */
  cancel(): void;
}

/** A precursor signal: the processor announces a failure expected at `failureAt`. */
export interface PrecursorSignal {
  readonly processor: Processor;
  /** When the signal was emitted (s). */
  readonly now: number;
  /** When the announced failure is expected (s). */
  readonly failureAt: number;
  /** failureAt − now (s). */
  readonly leadTimeS: number;
  /** Why, as the fault layer gave it. */
  readonly cause: ChangeCause;
}

export type PrecursorListener = (signal: PrecursorSignal) => void;

/**
 * A unit of work on a processor: `remaining` work (s at speed 1) as of
 * `since`, progressing at the processor's current speed while it runs.
 * Jobs form an intrusive doubly linked list so that completion and
 * cancellation are O(1) and abort order is submission order.
 */
class Job implements WorkHandle {
  active = true;
  since: number;
  event: EventHandle | undefined;
  prev: Job | undefined;
  next: Job | undefined;
  /** Created once per job, reused when the job is rescheduled after a speed change. */
  readonly fire = (): void => this.processor.complete(this);

  constructor(
    private readonly processor: Processor,
    readonly handlers: WorkHandlers,
    public remaining: number,
    now: number,
  ) {
    this.since = now;
  }

  remainingWork(now: number): number {
    return this.active ? this.processor.remainingOf(this, now) : 0;
  }

  cancel(): void {
    this.processor.withdraw(this);
  }
}

/**
 * A processor: a CPU node, a management core or a BMC.
 *
 * States (see `Component`): `up`; `slow` (fail-slow: running at a fraction
 * of its speed, still up); `hung` (alive but not responding and reporting
 * nothing; not up for accounting); `down` (failed, in a transient outage,
 * or inside a container that is down).
 *
 * Work: `execute` runs a piece of work of w seconds at speed 1 in
 * w / speed. Concurrent jobs do not compete: a processor is modelled as
 * having as many cores as it has jobs, each at the processor's speed. A
 * speed change mid-job recomputes the remaining time, so fail-slow by a
 * factor f stretches the work done while slow by exactly 1/f. A hang
 * freezes running work (no progress, no callback: the hang reports
 * nothing); the reboot that ends the hang aborts it (`reboot`). Going down
 * aborts all work (`down`).
 *
 * Self-reporting: a processor that fail-stops while responsive announces
 * its failure (`reportsOwnFailure` is then true while it is down); a hang,
 * a slowdown, a failure while hung or while already down, and a
 * container's outage (power loss) are not announced.
 *
 * Faults are injected by the fault layer through `fail`/`restore` (base
 * class), `hang`, `slowDown`, `recover` and `precursor`.
 */
export class Processor extends Component {
  readonly params: Readonly<ProcessorParams>;
  private hung = false;
  private slowFactor = 1;
  private selfReported = false;
  private head: Job | undefined;
  private tail: Job | undefined;
  private jobCount = 0;
  private readonly precursorListeners: PrecursorListener[] = [];

  constructor(
    id: string,
    params: Partial<ProcessorParams>,
    private readonly sim: Simulator,
  ) {
    super(id, "processor");
    const p = { ...DEFAULT_PROCESSOR_PARAMS, ...params };
    if (!(p.speed > 0 && p.speed < Infinity)) throw new ParameterError("speed", `${id}: speed must be > 0 and finite, got ${p.speed}`);
    this.params = p;
  }

  /** Current speed: the nominal speed times the fail-slow factor (1 when not slowed). */
  get speed(): number {
    return this.params.speed * this.slowFactor;
  }

  /** The fail-slow factor in (0, 1]: 1 when running at nominal speed. */
  get slowdown(): number {
    return this.slowFactor;
  }

  /**
   * True when the processor runs and answers (up or slow). Code running on
   * it (a heartbeat sender, a RAS daemon) asks this before sending: a hung
   * or down processor sends nothing.
   */
  get responsive(): boolean {
    const state = this.state;
    return state === "up" || state === "slow";
  }

  /**
   * True while the processor is down from a fail-stop it announced: it was
   * responsive when it failed. False otherwise (up, slow, hung, down by a
   * silent failure, by a transient outage or by a container). A mechanism
   * that sees a processor go down may react at once when this is true;
   * otherwise it must detect the failure itself (missed heartbeats).
   */
  get reportsOwnFailure(): boolean {
    return this.hasFailed && this.selfReported;
  }

  /** Jobs submitted and neither completed, aborted nor cancelled. */
  get activeJobs(): number {
    return this.jobCount;
  }

  /** Called on every precursor signal (see `precursor`). */
  onPrecursor(listener: PrecursorListener): void {
    this.precursorListeners.push(listener);
  }

  /**
   * Runs `work` seconds of work (at speed 1). `done` is called when it
   * completes; `aborted` when it is lost. Submitted to a down processor,
   * it is aborted at once (in a separate event at the same time);
   * submitted to a hung one, it is frozen until the reboot aborts it.
   */
  execute(work: number, handlers: WorkHandlers): WorkHandle {
    if (!(work >= 0 && work < Infinity)) throw new RangeError(`${this.id}: work must be >= 0 and finite, got ${work}`);
    const now = this.sim.now;
    const job = new Job(this, handlers, work, now);
    this.link(job);
    const state = this.state;
    if (state === "down") {
      // Not job.event: that field means "running"; `active` guards against a cancel meanwhile.
      this.sim.schedule(0, () => {
        if (!job.active) return;
        this.unlink(job);
        job.handlers.aborted(this.sim.now, "down");
      });
    } else if (state !== "hung") {
      this.scheduleJob(job, now);
    }
    return job;
  }

  /**
   * Fault: the processor hangs. Running work freezes; `responsive` turns
   * false; nothing is reported. Ignored unless the processor is responsive.
   */
  hang(now: number, cause: ChangeCause): void {
    if (!this.responsive) return;
    for (let job = this.head; job !== undefined; job = job.next) {
      this.advance(job, now);
      this.sim.cancel(job.event);
      job.event = undefined;
    }
    this.hung = true;
    this.refresh(now, cause);
  }

  /**
   * Fault: fail-slow. The processor runs at `factor` × its nominal speed
   * (0 < factor ≤ 1; a later call replaces the factor, it does not
   * compound). Running work is rescheduled at the new speed. A failed
   * processor ignores it (its repair brings back a healthy one); a hung or
   * contained-down one keeps the factor for when it runs again.
   */
  slowDown(factor: number, now: number, cause: ChangeCause): void {
    if (!(factor > 0 && factor <= 1)) throw new RangeError(`${this.id}: slow-down factor must be in (0, 1], got ${factor}`);
    if (this.hasFailed) return;
    this.setSlowFactor(factor, now, cause);
  }

  /**
   * Ends a hang (by a reboot, which aborts the work the hang froze) and/or
   * a slowdown: `fault` picks one, by default both. Nothing happens for a
   * fault that is not present.
   */
  recover(now: number, cause: ChangeCause, fault?: "hang" | "slow"): void {
    if (fault !== "hang" && this.slowFactor !== 1) this.setSlowFactor(1, now, cause);
    if (fault !== "slow" && this.hung) {
      // Detach the frozen jobs first: work submitted by listeners of the
      // processor coming back belongs to the new boot and must survive.
      const frozen = this.detachAll();
      this.hung = false;
      this.refresh(now, cause);
      this.abort(frozen, now, "reboot");
    }
  }

  /**
   * Fault: a precursor signal announcing a failure expected at `failureAt`
   * (≥ now), e.g. a rising rate of correctable errors. Listeners get it with
   * its lead time. Ignored unless the processor is responsive (a hung or
   * down processor emits nothing).
   */
  precursor(now: number, failureAt: number, cause: ChangeCause): void {
    if (!(failureAt >= now)) throw new RangeError(`${this.id}: precursor failureAt ${failureAt}s is before now ${now}s`);
    if (!this.responsive) return;
    const leadTimeS = failureAt - now;
    if (this.trace.enabled) {
      this.trace.record(now, this.id, "precursor", cause, { failure_at: failureAt, lead_time_s: leadTimeS });
    }
    if (this.precursorListeners.length === 0) return;
    const signal: PrecursorSignal = { processor: this, now, failureAt, leadTimeS, cause };
    for (const listener of this.precursorListeners) listener(signal);
  }

  override fail(now: number, cause: ChangeCause): void {
    if (!this.hasFailed) this.selfReported = this.responsive;
    super.fail(now, cause);
  }

  /** Repair brings back a healthy processor: no hang, nominal speed. */
  override restore(now: number, cause: ChangeCause): void {
    if (this.hasFailed) {
      this.hung = false;
      this.setSlowFactor(1, now, cause); // traced like any speed change; no work runs on a failed processor
    }
    super.restore(now, cause);
  }

  protected override operatingState(): ComponentState {
    return this.hung ? "hung" : this.slowFactor < 1 ? "slow" : "up";
  }

  protected override refresh(now: number, cause: ChangeCause): void {
    super.refresh(now, cause);
    if (this.state !== "down") return;
    // Down ends a hang: the processor reboots when it comes back.
    this.hung = false;
    if (this.jobCount > 0) this.abort(this.detachAll(), now, "down");
  }

  // ---- job bookkeeping (called by Job) ----

  /** @internal */
  remainingOf(job: Job, now: number): number {
    return job.event === undefined ? job.remaining : Math.max(0, job.remaining - (now - job.since) * this.speed);
  }

  /** @internal */
  complete(job: Job): void {
    if (!job.active) return;
    this.unlink(job);
    job.remaining = 0;
    job.handlers.done(this.sim.now);
  }

  /** @internal */
  withdraw(job: Job): void {
    if (!job.active) return;
    this.sim.cancel(job.event);
    this.unlink(job);
  }

  private setSlowFactor(factor: number, now: number, cause: ChangeCause): void {
    if (factor === this.slowFactor) return;
    const running = this.responsive;
    if (running) for (let job = this.head; job !== undefined; job = job.next) this.advance(job, now);
    this.slowFactor = factor;
    if (running) {
      for (let job = this.head; job !== undefined; job = job.next) {
        this.sim.cancel(job.event);
        this.scheduleJob(job, now);
      }
    }
    if (this.trace.enabled) this.trace.record(now, this.id, "speed", cause, { factor, speed: this.speed });
    this.refresh(now, cause);
  }

  /** Counts the work done since `job.since` at the current speed. */
  private advance(job: Job, now: number): void {
    if (job.event === undefined) return; // frozen or not yet started: no progress
    job.remaining = Math.max(0, job.remaining - (now - job.since) * this.speed);
    job.since = now;
  }

  private scheduleJob(job: Job, now: number): void {
    job.since = now;
    job.event = this.sim.schedule(job.remaining / this.speed, job.fire);
  }

  private abort(jobs: Job | undefined, now: number, reason: WorkAbortReason): void {
    let count = 0;
    for (let job = jobs; job !== undefined; job = job.next) count++;
    if (count > 0 && this.trace.enabled) this.trace.record(now, this.id, "work-aborted", reason, { jobs: count });
    for (let job = jobs; job !== undefined; ) {
      const next = job.next;
      job.next = undefined;
      job.handlers.aborted(now, reason);
      job = next;
    }
  }

  private link(job: Job): void {
    job.prev = this.tail;
    if (this.tail === undefined) this.head = job;
    else this.tail.next = job;
    this.tail = job;
    this.jobCount++;
  }

  private unlink(job: Job): void {
    job.active = false;
    if (job.prev === undefined) this.head = job.next;
    else job.prev.next = job.next;
    if (job.next === undefined) this.tail = job.prev;
    else job.next.prev = job.prev;
    job.prev = job.next = undefined;
    this.jobCount--;
  }

  /** Removes every job (marking them inactive, events cancelled) and returns them as a chain in submission order. */
  private detachAll(): Job | undefined {
    const first = this.head;
    for (let job = first; job !== undefined; job = job.next) {
      job.active = false;
      this.sim.cancel(job.event);
      job.event = undefined;
      job.prev = undefined;
    }
    this.head = this.tail = undefined;
    this.jobCount = 0;
    return first;
  }
}
