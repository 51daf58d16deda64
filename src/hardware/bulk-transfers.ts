import type { EventHandle } from "../engine/event-queue.js";
import type { Simulator } from "../engine/simulator.js";
import type { Trace } from "../engine/trace.js";
import { MaxMinAllocator } from "./max-min.js";

/** Why a bulk transfer failed (never `loss`: a transfer models a reliable stream that retransmits). */
export type TransferFailure = "link-down" | "node-down" | "no-route" | "partition";

/** What becomes of a bulk transfer: exactly one handler is called, once, from an event of its own. */
export interface TransferHandlers {
  /** The last byte reached the destination at `now`. */
  done(now: number): void;
  /** The transfer failed at `now`; the bytes already sent are wasted. */
  failed(now: number, reason: TransferFailure): void;
}

/** A bulk transfer in progress. */
export interface TransferHandle {
  /** Stops the transfer and frees its bandwidth; no handler is called. Harmless once it has ended. */
  cancel(): void;
  /** True until it is done, failed or cancelled. */
  readonly active: boolean;
  /** Its current rate, bytes/s (0 once the last byte has left, while it propagates). */
  readonly rate: number;
  /** Bytes not yet sent, now. */
  remaining(): number;
}

/** A path through a network: the channels (directed links, 2 × link index + direction) and the nodes along it. */
export interface Path {
  readonly channels: Int32Array;
  /** nodes[i] sends on channels[i]; nodes[channels.length] is the destination. */
  readonly nodes: Int32Array;
  /** Sum of the links' propagation latencies, s. */
  readonly latency: number;
}

/** What the transfers need to know of their network. */
export interface TransferNetwork {
  /** The component of the transfers' trace records (`network:<name>`). */
  readonly traceId: string;
  /** Current bandwidth of a channel, bytes/s. */
  bandwidthOf(channel: number): number;
  /** The id of the node at an index, for traces. */
  nodeId(index: number): string;
}

const SENDING = 0;
const PROPAGATING = 1;
const ENDED = 2;

/** A bulk transfer; its handle is itself. */
export class Transfer implements TransferHandle {
  state = SENDING;
  remainingBytes: number;
  rate = 0;
  updatedAt: number;
  event: EventHandle | undefined;
  readonly startedAt: number;

  constructor(
    private readonly owner: BulkTransfers,
    readonly id: number,
    readonly from: number,
    readonly to: number,
    readonly bytes: number,
    readonly handlers: TransferHandlers,
    readonly path: Path,
    now: number,
  ) {
    this.remainingBytes = bytes;
    this.updatedAt = now;
    this.startedAt = now;
  }

  get active(): boolean {
    return this.state !== ENDED;
  }

  cancel(): void {
    this.owner.cancel(this);
  }

  remaining(): number {
    return this.state === SENDING ? Math.max(0, this.remainingBytes - this.rate * (this.owner.now - this.updatedAt)) : 0;
  }
}

/**
 * The bulk transfers of one network, as fluids: each sends at a rate, and
 * the rates are max-min fair over the channels of their paths. Rates are
 * recomputed whenever a transfer starts, stops sending, fails or is
 * cancelled, and when a link's bandwidth changes; each transfer's end of
 * sending is then rescheduled if its rate changed.
 */
export class BulkTransfers {
  /** Active transfers (sending or propagating), in start order. */
  private readonly list: Transfer[] = [];
  private readonly allocator = new MaxMinAllocator();
  private readonly rates: number[] = [];
  private count = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly network: TransferNetwork,
    private readonly trace: Trace,
  ) {}

  get now(): number {
    return this.sim.now;
  }

  /** Starts a transfer along `path`, or fails it at once (reported by an event) when `early` says why it cannot start. */
  start(from: number, to: number, bytes: number, handlers: TransferHandlers, path: Path, early: TransferFailure | undefined): TransferHandle {
    const now = this.sim.now;
    const t = new Transfer(this, ++this.count, from, to, bytes, handlers, path, now);
    if (early !== undefined) {
      t.state = ENDED;
      this.record(t, "transfer-failed", early, now);
      this.notifyFailure(t, early, now);
      return t;
    }
    this.list.push(t);
    this.record(t, "transfer-start", "requested", now);
    if (bytes === 0 || path.channels.length === 0) this.allSent(t, now);
    else this.reallocate(now);
    return t;
  }

  cancel(t: Transfer): void {
    if (t.state === ENDED) {
      // Failed, but not told yet: a cancelled transfer calls no handler.
      this.sim.cancel(t.event);
      t.event = undefined;
      return;
    }
    const now = this.sim.now;
    const wasSending = t.state === SENDING;
    this.end(t);
    this.record(t, "transfer-cancelled", "cancelled", now);
    if (wasSending) this.reallocate(now);
  }

  /** Fails every active transfer `hit` selects (handlers told by events of their own), then reallocates. */
  failWhere(hit: (t: Transfer) => boolean, reason: TransferFailure, now: number): void {
    if (this.list.length === 0) return;
    const victims = this.list.filter(hit);
    let freed = false;
    for (const t of victims) {
      freed ||= t.state === SENDING;
      this.end(t);
      this.record(t, "transfer-failed", reason, now);
      // Not called here: the caller may be half-way through a cascade (a rack going down, member by member).
      this.notifyFailure(t, reason, now);
    }
    if (freed) this.reallocate(now);
  }

  /** Reallocates if a sending transfer crosses one of `channels` (a link's bandwidth changed). */
  bandwidthChanged(channels: readonly number[], now: number): void {
    const uses = (t: Transfer) => t.state === SENDING && channels.some((c) => t.path.channels.includes(c));
    if (this.list.some(uses)) this.reallocate(now);
  }

  /** Tells the handler of an ended transfer that it failed, by an event at this time that `cancel` can still withdraw. */
  private notifyFailure(t: Transfer, reason: TransferFailure, now: number): void {
    t.event = this.sim.schedule(0, () => {
      t.event = undefined;
      t.handlers.failed(now, reason);
    });
  }

  private end(t: Transfer): void {
    this.sim.cancel(t.event);
    t.event = undefined;
    t.state = ENDED;
    t.rate = 0;
    this.list.splice(this.list.indexOf(t), 1);
  }

  /** The last byte has left the source: it arrives after the path latency, and the bandwidth goes to the others. */
  private allSent(t: Transfer, now: number): void {
    const wasSending = t.rate > 0;
    t.state = PROPAGATING;
    t.remainingBytes = 0;
    t.rate = 0;
    t.updatedAt = now;
    t.event = this.sim.schedule(t.path.latency, () => {
      const at = this.sim.now;
      this.end(t);
      if (this.trace.enabled) this.trace.record(at, this.network.traceId, "transfer-done", "complete", { ...this.detail(t), duration: at - t.startedAt });
      t.handlers.done(at);
    });
    if (wasSending) this.reallocate(now);
  }

  /**
   * Brings every sending transfer's remaining bytes up to `now`, computes
   * the max-min fair rates, and reschedules the end of sending of those
   * whose rate changed.
   */
  private reallocate(now: number): void {
    // A transfer whose last byte leaves now keeps its event and takes no share.
    const sending = this.list.filter((t) => t.state === SENDING && !((this.sim.timeOf(t.event) ?? Infinity) <= now));
    for (const t of sending) {
      t.remainingBytes = Math.max(0, t.remainingBytes - t.rate * (now - t.updatedAt));
      t.updatedAt = now;
    }
    const rates = this.rates;
    this.allocator.allocate(
      sending.map((t) => t.path.channels),
      (channel) => this.network.bandwidthOf(channel),
      rates,
    );
    sending.forEach((t, i) => {
      const rate = rates[i]!;
      if (rate === t.rate && t.event !== undefined) return;
      this.sim.cancel(t.event);
      t.rate = rate;
      t.event = this.sim.scheduleAt(now + t.remainingBytes / rate, () => this.allSent(t, this.sim.now));
    });
  }

  private detail(t: Transfer): Record<string, string | number> {
    return { id: t.id, from: this.network.nodeId(t.from), to: this.network.nodeId(t.to), bytes: t.bytes };
  }

  private record(t: Transfer, event: string, cause: string, now: number): void {
    if (this.trace.enabled) this.trace.record(now, this.network.traceId, event, cause, this.detail(t));
  }
}
