import { StatusSignal } from "./status.js";

/** Why a component went down or came back, for traces. */
export type ChangeCause = string;

export type ComponentListener = (component: Component, now: number) => void;

/**
 * A repairable piece of hardware: up or down, and dormant or not.
 *
 * - Only the fault layer calls `fail` (faults are injected in one place);
 *   repair completion calls `restore`.
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
  private readonly dormancyListeners: ComponentListener[] = [];
  private readonly repairListeners: ComponentListener[] = [];
  /** Cause of the last state change, for traces. */
  lastCause: ChangeCause = "initial";

  constructor(
    id: string,
    /** The kind of hardware, e.g. "server" or "disk". */
    readonly kind: string,
  ) {
    super(id, true);
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

  /** From now on repairs wait for `dispatchRepair`; called by a mechanism at build time. */
  holdRepairs(): void {
    this.repairsHeld = true;
  }

  /** True when the component is down and its repair has not been dispatched yet. */
  get awaitingRepairDispatch(): boolean {
    return this.repairPending;
  }

  /** Takes the component down. Only the fault layer calls this. */
  fail(now: number, cause: ChangeCause): void {
    if (!this.up) return;
    this.lastCause = cause;
    this.repairPending = true;
    this.set(false, now);
    if (!this.repairsHeld) this.dispatchRepair(now);
  }

  /** Starts the repair of a failed component (once; later calls are ignored). */
  dispatchRepair(now: number): void {
    if (!this.repairPending) return;
    this.repairPending = false;
    for (const listener of this.repairListeners) listener(this, now);
  }

  /** Brings the component back up after repair. */
  restore(now: number, cause: ChangeCause): void {
    if (this.up) return;
    this.lastCause = cause;
    this.set(true, now);
  }
}
