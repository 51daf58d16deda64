import { NO_TRACE, type Trace } from "../engine/trace.js";
import { StatusSignal } from "./status.js";

/** Why a component went down or came back, for traces. */
export type ChangeCause = string;

export type ComponentListener = (component: Component, now: number) => void;

/**
 * What a component is doing, as traces and timelines show it:
 * - `up`: working at full speed;
 * - `slow`: working, at a fraction of its speed (fail-slow);
 * - `hung`: alive but not responding and reporting nothing (only processors hang);
 * - `down`: failed, or inside a container (host, rack, power domain, site) that is down.
 */
export type ComponentState = "up" | "slow" | "hung" | "down";

/**
 * A repairable piece of hardware.
 *
 * - Only the fault layer calls `fail` (faults are injected in one place);
 *   repair completion calls `restore`.
 * - `up` (the status signal) is the ground truth used for accounting: the
 *   component is working. Mechanisms must not read it to detect failures;
 *   they observe through heartbeats, messages and reports.
 * - Containment: a component may sit inside containers (host, rack, power
 *   domain, site). While any container is down, so is the component; when the
 *   last one comes back, the component is up again unless it has failed itself.
 *   A contained component keeps ageing while its container is down.
 * - A transient fault suspends a component (down, no repair) until it resumes.
 * - A dormant component (an unpowered cold spare) does not age: the fault
 *   layer pauses its time-to-failure clock while it is dormant.
 * - Repairs start as soon as the component fails, unless a mechanism holds
 *   them (`holdRepairs`) and dispatches each one itself (`dispatchRepair`),
 *   as when repair begins only after a switchover completes.
 */
export class Component extends StatusSignal {
  private dormantFlag = false;
  private repairsHeld = false;
  private repairPending = false;
  private failed = false;
  private containersDown = 0;
  private suspensions = 0;
  private readonly dormancyListeners: ComponentListener[] = [];
  private readonly repairListeners: ComponentListener[] = [];
  private readonly repairedListeners: ComponentListener[] = [];
  private readonly failedListeners: ComponentListener[] = [];
  private readonly containedMembers: Component[] = [];
  private readonly containerList: Component[] = [];
  private lastState: ComponentState = "up";
  /** Cause of the last state change, for traces. */
  lastCause: ChangeCause = "initial";
  /** Where state changes are recorded; the model sets it when tracing. */
  trace: Trace = NO_TRACE;

  constructor(
    id: string,
    /** The hardware kind, e.g. "processor" or "disk" (see `hardware/kinds.ts`). */
    readonly kind: string,
  ) {
    super(id, true);
  }

  /** The current state (see ComponentState). */
  get state(): ComponentState {
    return this.lastState;
  }

  /** True when the component has failed itself (as opposed to being down because a container is). */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** The containers this component sits in, innermost first as declared. */
  get containers(): readonly Component[] {
    return this.containerList;
  }

  /** The components directly inside this one. */
  get members(): readonly Component[] {
    return this.containedMembers;
  }

  /** Puts `member` inside this container: from now on it is down whenever this is. */
  contain(member: Component): void {
    if (member === this) throw new Error(`${this.id} cannot contain itself`);
    // Every container path up from here, not just the first container's: a
    // component may sit in several (`in: [rack, pdu]`).
    const above: Component[] = [this];
    const seen = new Set<Component>(above);
    for (let c = above.pop(); c !== undefined; c = above.pop()) {
      if (c === member) throw new Error(`containment cycle: ${member.id} contains ${this.id}`);
      for (const up of c.containerList) {
        if (seen.has(up)) continue;
        seen.add(up);
        above.push(up);
      }
    }
    this.containedMembers.push(member);
    member.containerList.push(this);
    if (!this.up) member.containerChanged(false, 0, `${this.id} down`);
    this.onChange((up, now) => member.containerChanged(up, now, `${this.id} ${up ? "up" : "down"}`));
  }

  private containerChanged(up: boolean, now: number, cause: ChangeCause): void {
    this.containersDown += up ? -1 : 1;
    this.refresh(now, cause);
  }

  get dormant(): boolean {
    return this.dormantFlag;
  }

  /** Powers a spare down (true) or up (false). Dormant components do not age. */
  setDormant(dormant: boolean, now: number): void {
    if (dormant === this.dormantFlag) return;
    this.dormantFlag = dormant;
    for (const listener of this.dormancyListeners) listener(this, now);
  }

  onDormancyChange(listener: ComponentListener): void {
    this.dormancyListeners.push(listener);
  }

  /** Called by whoever repairs this component when a repair should start. */
  onRepairDispatched(listener: ComponentListener): void {
    this.repairListeners.push(listener);
  }

  /**
   * Called when the component fails (fail-stop), after its state changed: also
   * when it was not up already (hung, or inside a down container), where
   * `onChange` says nothing. A mechanism that holds repairs needs it.
   */
  onFailed(listener: ComponentListener): void {
    this.failedListeners.push(listener);
  }

  /** Called when a failed component has been repaired (whatever its containers' state). */
  onRepaired(listener: ComponentListener): void {
    this.repairedListeners.push(listener);
  }

  /** From now on repairs wait for `dispatchRepair`; called by a mechanism at build time. */
  holdRepairs(): void {
    this.repairsHeld = true;
  }

  /** True when the component is down and its repair has not been dispatched yet. */
  get awaitingRepairDispatch(): boolean {
    return this.repairPending;
  }

  /** Takes the component down (fail-stop). Only the fault layer calls this. */
  fail(now: number, cause: ChangeCause): void {
    if (this.failed) return;
    this.failed = true;
    this.repairPending = true;
    if (this.lastState === "down" && this.trace.enabled) {
      // Already down inside a failed container: the state does not change, but the failure is news.
      this.trace.record(now, this.id, "fail", cause);
    }
    this.refresh(now, cause);
    for (const listener of this.failedListeners) listener(this, now);
    if (!this.repairsHeld) this.dispatchRepair(now);
  }

  /** Starts the repair of a failed component (once; later calls are ignored). */
  dispatchRepair(now: number): void {
    if (!this.repairPending) return;
    this.repairPending = false;
    for (const listener of this.repairListeners) listener(this, now);
  }

  /** Brings the component back after repair (it is up again unless a container is down). */
  restore(now: number, cause: ChangeCause): void {
    if (!this.failed) return;
    this.failed = false;
    this.refresh(now, cause);
    for (const listener of this.repairedListeners) listener(this, now);
  }

  /**
   * A transient outage (a reboot, a glitch): down until `resume`, with no
   * repair. Suspensions nest; the component is up again after the last resume.
   */
  suspend(now: number, cause: ChangeCause): void {
    this.suspensions++;
    this.refresh(now, cause);
  }

  /** Ends one `suspend`. */
  resume(now: number, cause: ChangeCause): void {
    if (this.suspensions === 0) throw new Error(`${this.id}: resume without suspend`);
    this.suspensions--;
    this.refresh(now, cause);
  }

  /**
   * The state when neither failed nor inside a down container; subclasses
   * with more states (a processor hangs or runs slow) override it and call
   * `refresh` when it changes.
   */
  protected operatingState(): ComponentState {
    return "up";
  }

  /** Recomputes the state; on a change, records it, then tells the listeners of `up`. */
  protected refresh(now: number, cause: ChangeCause): void {
    const state: ComponentState = this.failed || this.containersDown > 0 || this.suspensions > 0 ? "down" : this.operatingState();
    if (state === this.lastState) return;
    this.lastState = state;
    this.lastCause = cause;
    if (this.trace.enabled) this.trace.record(now, this.id, state, cause);
    this.set(state === "up" || state === "slow", now);
  }
}
