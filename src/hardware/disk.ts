import { ParameterError } from "./kinds.js";
import type { EventHandle } from "../engine/event-queue.js";
import type { Simulator } from "../engine/simulator.js";
import { Component, type ChangeCause } from "./component.js";
import { DEFAULT_DISK_PARAMS, type DiskParams } from "./disk-params.js";
import { firstAtOrAbove, indexOf, insertSorted } from "./sorted-numbers.js";

export { DEFAULT_DISK_PARAMS, DISK_PARAMETER_DOCS, diskParamsFrom, type DiskParams } from "./disk-params.js";

/** The bad extents of a write or a byte-only read: none. */
const NONE: readonly number[] = Object.freeze([]);

/**
 * The I/O class: `foreground` (client I/O) or `rebuild` (background
 * reconstruction; scrubs are in this class too).
 */
export type IoClass = "foreground" | "rebuild";

/**
 * What an operation reads or writes: a number of bytes at no particular
 * place (no latent errors found), or `count` (default 1) consecutive
 * extents from `extent`.
 */
export type IoTarget = { readonly bytes: number } | { readonly extent: number; readonly count?: number };

/** The outcome of a completed operation. */
export interface IoResult {
  /** Bytes transferred. */
  readonly bytes: number;
  /**
   * Extents of a read (or scrub) that hold an unreadable sector, ascending:
   * latent errors it discovered and bad extents already known. Empty for
   * writes and byte-only reads.
   */
  readonly badExtents: readonly number[];
}

/** What the submitter of an operation is told. Exactly one is called, once, unless it is cancelled. */
export interface IoHandlers {
  /** Completed at `now` (s). */
  done(now: number, result: IoResult): void;
  /** Failed at `now` (s) because the disk went down or was down; `reason` is the cause of the outage. */
  failed(now: number, reason: string): void;
}

/** A submitted operation. */
export interface IoHandle {
  /** True until it completes, fails or is cancelled. */
  readonly active: boolean;
  /** Its current transfer rate (bytes/s); 0 when starved or no longer active. */
  readonly rate: number;
  /** Withdraws the operation; no handler is called. Harmless when no longer active. */
  cancel(): void;
}

/** A latent sector error discovered by a read or a scrub. */
export interface LatentErrorDiscovery {
  readonly disk: Disk;
  readonly extent: number;
  /** `read` or `scrub`. */
  readonly by: "read" | "scrub";
  readonly now: number;
}

export type LatentErrorListener = (event: LatentErrorDiscovery) => void;
export type DiskListener = (disk: Disk, now: number) => void;

/**
 * One read, write or scrub. Progress is `done` bytes at `since`, moving at
 * `rate` bytes/s; its share is recomputed whenever an operation starts or
 * ends. A located read also looks for bad extents as it passes them: one
 * discovery event, for the next bad extent ahead, is pending at a time.
 */
class IoOp implements IoHandle {
  active = true;
  rate = 0;
  done = 0;
  since: number;
  event: EventHandle | undefined;
  /** Next bad extent a located read will reach, with its pending discovery event. */
  nextBad = -1;
  badEvent: EventHandle | undefined;
  /** First extent not yet checked for bad sectors. */
  scanFrom: number;
  /** Bad extents found so far (reads). */
  found: number[] | undefined;
  /** Extents that went bad after this operation had passed them: not found (read) or not rewritten (write). */
  missed: number[] | undefined;
  readonly finish = (): void => this.disk.complete(this);
  readonly reachBad = (): void => this.disk.discoverNext(this);

  constructor(
    private readonly disk: Disk,
    readonly write: boolean,
    readonly cls: IoClass,
    readonly scrub: boolean,
    /** First extent, or −1 for a byte-only operation. */
    readonly first: number,
    /** Number of extents (0 for a byte-only operation). */
    readonly count: number,
    readonly total: number,
    readonly handlers: IoHandlers,
    now: number,
  ) {
    this.since = now;
    this.scanFrom = first;
  }

  cancel(): void {
    this.disk.withdraw(this);
  }
}

/**
 * A disk: extents, sequential bandwidth shared between I/O classes, latent
 * sector errors, fail-stop and replacement.
 *
 * Bandwidth sharing (a fluid model of the disk's time): the foreground and
 * rebuild classes split the disk's time, and each operation moves
 * `time fraction × bandwidth` bytes/s (read or write bandwidth).
 * - Rebuild class: rebuildShare of the time while a foreground operation
 *   is active; otherwise 1 − foregroundBusy × (1 − rebuildShare), the time
 *   average over the background client load. Its operations share it
 *   equally, except that a scrub takes no more than scrubBandwidth (the
 *   rest goes to the other rebuild operations).
 * - Foreground class: what the rebuild class does not use, shared equally.
 * Shares are recomputed when an operation starts or ends.
 *
 * Latent sector errors (LSE): `latentSectorError` marks an extent as
 * holding an undetected bad sector. A located read (or a scrub, which reads
 * every extent) discovers it when it has read past that extent, unless the
 * error appeared after the read had passed it; the extent is then known
 * bad, the read's result lists it, and `onLatentDiscovered` listeners are
 * told. A known-bad extent stays bad (later reads list it again) until it
 * is rewritten: a completed write covering it, or `repairExtent` (the
 * mechanism's call, e.g. after reconstructing the data from redundancy).
 * The disk itself has no redundancy, so it never repairs by itself.
 *
 * Going down fails every operation in progress. A fail-stop loses the
 * disk's contents; its repair installs an empty replacement (no latent
 * errors; `onReplaced`). A transient or container outage keeps them.
 */
export class Disk extends Component {
  readonly params: Readonly<DiskParams>;
  /** Number of extents. The fault layer picks LSE extents uniformly in [0, extentCount). */
  readonly extentCount: number;
  private readonly ops: IoOp[] = [];
  private foregroundOps = 0;
  /** Undiscovered bad extents, ascending. */
  private readonly latent: number[] = [];
  /** Discovered, not yet rewritten bad extents, ascending. */
  private readonly known: number[] = [];
  private replacementCount = 0;
  private readonly discoveryListeners: LatentErrorListener[] = [];
  private readonly replacedListeners: DiskListener[] = [];

  constructor(
    id: string,
    params: Partial<DiskParams>,
    private readonly sim: Simulator,
  ) {
    super(id, "disk");
    const p = { ...DEFAULT_DISK_PARAMS, ...params };
    const positive = (field: string, value: number) => {
      if (!(value > 0 && value < Infinity)) throw new ParameterError(field, `${id}: ${field} must be > 0 and finite, got ${value}`);
    };
    const fraction = (field: string, value: number) => {
      if (!(value >= 0 && value <= 1)) throw new ParameterError(field, `${id}: ${field} must be in [0, 1], got ${value}`);
    };
    positive("capacity", p.capacityBytes);
    positive("extent_size", p.extentSizeBytes);
    positive("read_bandwidth", p.readBandwidthBytesPerS);
    positive("write_bandwidth", p.writeBandwidthBytesPerS);
    fraction("rebuild_share", p.rebuildShare);
    fraction("foreground_busy", p.foregroundBusy);
    if (!(p.scrubBandwidthBytesPerS > 0)) throw new ParameterError("scrub_bandwidth", `${id}: scrub_bandwidth must be > 0, got ${p.scrubBandwidthBytesPerS}`);
    if (p.extentSizeBytes > p.capacityBytes) {
      throw new ParameterError("extent_size", `${id}: extent_size ${p.extentSizeBytes} B exceeds the capacity ${p.capacityBytes} B`);
    }
    this.params = p;
    this.extentCount = Math.floor(p.capacityBytes / p.extentSizeBytes);
  }

  /** Times this disk has been replaced after a fail-stop. */
  get replacements(): number {
    return this.replacementCount;
  }

  /** Operations in progress. */
  get activeOps(): number {
    return this.ops.length;
  }

  /** Called when a read or scrub discovers a latent sector error. */
  onLatentDiscovered(listener: LatentErrorListener): void {
    this.discoveryListeners.push(listener);
  }

  /** Called when a failed disk has been replaced by an empty one (its repair), so that RAID can rebuild onto it. */
  onReplaced(listener: DiskListener): void {
    this.replacedListeners.push(listener);
  }

  /** Reads `target`; a located read discovers the latent errors it passes. */
  read(target: IoTarget, cls: IoClass, handlers: IoHandlers): IoHandle {
    return this.submit(false, cls, false, target, handlers);
  }

  /** Writes `target`; a located write rewrites its extents, clearing their bad sectors when it completes. */
  write(target: IoTarget, cls: IoClass, handlers: IoHandlers): IoHandle {
    return this.submit(true, cls, false, target, handlers);
  }

  /** Reads the whole disk as rebuild-class I/O (capped at scrubBandwidth), discovering every latent error it passes. */
  scrub(handlers: IoHandlers): IoHandle {
    if (this.trace.enabled) this.trace.record(this.sim.now, this.id, "scrub-start", "scrub");
    return this.submit(false, "rebuild", true, { extent: 0, count: this.extentCount }, handlers);
  }

  /**
   * Fault: an undetected bad sector appears in `extent`. Returns false (and
   * does nothing) when the extent is already bad or the disk has failed.
   */
  latentSectorError(now: number, extent: number, cause: ChangeCause = "fault"): boolean {
    this.checkExtent(extent);
    if (this.hasFailed || indexOf(this.latent, extent) >= 0 || indexOf(this.known, extent) >= 0) return false;
    insertSorted(this.latent, extent);
    if (this.trace.enabled) this.trace.record(now, this.id, "lse", cause, { extent });
    for (const op of this.ops) {
      if (op.first < 0 || extent < op.first || extent >= op.first + op.count) continue;
      const doneNow = op.done + (now - op.since) * op.rate;
      const passed = extent < op.first + Math.floor(doneNow / this.params.extentSizeBytes);
      if (passed) {
        // Behind the operation: a read will not find it, a write has not rewritten it.
        if (extent >= op.scanFrom) (op.missed ??= []).push(extent);
      } else if (!op.write && (op.nextBad < 0 || extent < op.nextBad)) {
        this.scheduleDiscovery(op, now);
      }
    }
    return true;
  }

  /** Undiscovered bad extents, ascending. */
  latentExtents(): number[] {
    return this.latent.slice();
  }

  /** Discovered bad extents not yet rewritten, ascending. */
  knownBadExtents(): number[] {
    return this.known.slice();
  }

  /**
   * Marks `extent` rewritten (by a mechanism that restored its data from
   * redundancy without simulating the write). Returns false if it was not bad.
   */
  repairExtent(extent: number, now: number, cause: ChangeCause = "repair"): boolean {
    this.checkExtent(extent);
    return this.clearBad(extent, now, cause);
  }

  /** A fail-stop loses the disk's contents, latent errors included. */
  override fail(now: number, cause: ChangeCause): void {
    if (!this.hasFailed) this.latent.length = this.known.length = 0;
    super.fail(now, cause);
  }

  /** The repair of a fail-stop installs an empty replacement. */
  override restore(now: number, cause: ChangeCause): void {
    const replacing = this.hasFailed;
    super.restore(now, cause);
    if (!replacing) return;
    this.replacementCount++;
    if (this.trace.enabled) this.trace.record(now, this.id, "replaced", cause, { replacements: this.replacementCount });
    for (const listener of this.replacedListeners) listener(this, now);
  }

  protected override refresh(now: number, cause: ChangeCause): void {
    super.refresh(now, cause);
    if (this.state !== "down" || this.ops.length === 0) return;
    const failed = this.ops.splice(0);
    this.foregroundOps = 0;
    for (const op of failed) this.deactivate(op);
    if (this.trace.enabled) this.trace.record(now, this.id, "io-failed", cause, { ops: failed.length });
    for (const op of failed) op.handlers.failed(now, cause);
  }

  // ---- operations (called by IoOp) ----

  /** @internal */
  complete(op: IoOp): void {
    if (!op.active) return;
    const now = this.sim.now;
    op.done = op.total;
    this.remove(op);
    let badExtents: readonly number[] = NONE;
    if (op.first >= 0) {
      const end = op.first + op.count;
      if (op.write) {
        this.rewrite(op, end, now);
      } else {
        // Bad extents at the very end are reached at the completion time itself.
        for (let e = this.nextBadFrom(op, op.scanFrom); e >= 0 && e < end; e = this.nextBadFrom(op, e + 1)) this.reach(op, e, now);
        badExtents = op.found ?? NONE;
      }
    }
    this.reshare(now);
    if (op.scrub && this.trace.enabled) this.trace.record(now, this.id, "scrub-done", "scrub", { bad_extents: badExtents.length });
    op.handlers.done(now, { bytes: op.total, badExtents });
  }

  /** @internal */
  withdraw(op: IoOp): void {
    if (!op.active) return;
    this.remove(op);
    this.reshare(this.sim.now);
  }

  /** @internal The discovery event of a located read: it has read past `op.nextBad`. */
  discoverNext(op: IoOp): void {
    if (!op.active) return;
    const now = this.sim.now;
    op.badEvent = undefined;
    const extent = op.nextBad;
    if (indexOf(this.latent, extent) >= 0 || indexOf(this.known, extent) >= 0) this.reach(op, extent, now);
    op.scanFrom = extent + 1;
    this.scheduleDiscovery(op, now);
  }

  private submit(write: boolean, cls: IoClass, scrub: boolean, target: IoTarget, handlers: IoHandlers): IoHandle {
    if (cls !== "foreground" && cls !== "rebuild") throw new RangeError(`${this.id}: I/O class must be foreground or rebuild, got ${String(cls)}`);
    let first = -1;
    let count = 0;
    let total: number;
    if ("bytes" in target) {
      total = target.bytes;
      if (!(total >= 0 && total < Infinity)) throw new RangeError(`${this.id}: bytes must be >= 0 and finite, got ${total}`);
    } else {
      first = target.extent;
      count = target.count ?? 1;
      this.checkExtent(first);
      if (!(Number.isInteger(count) && count >= 1 && first + count <= this.extentCount)) {
        throw new RangeError(`${this.id}: ${count} extents from ${first} do not fit in [0, ${this.extentCount})`);
      }
      total = count * this.params.extentSizeBytes;
    }
    const now = this.sim.now;
    const op = new IoOp(this, write, cls, scrub, first, count, total, handlers, now);
    if (this.state === "down") {
      // Fails in an event of its own, so the handler never runs before the caller has the handle.
      const cause = this.lastCause;
      this.sim.schedule(0, () => {
        if (!op.active) return; // cancelled meanwhile
        op.active = false;
        handlers.failed(this.sim.now, cause);
      });
      return op;
    }
    this.ops.push(op);
    if (cls === "foreground") this.foregroundOps++;
    this.reshare(now);
    return op;
  }

  /** Recomputes every operation's rate after a start or an end, rescheduling those whose rate changed. */
  private reshare(now: number): void {
    const ops = this.ops;
    if (ops.length === 0) return;
    const p = this.params;
    const fg = this.foregroundOps;
    const bg = ops.length - fg;
    let scrubs = 0;
    if (bg > 0) for (const op of ops) if (op.scrub) scrubs++;
    // The rebuild class's time, then the scrubs' cap (water-filling with one cap value).
    const bgTime = bg === 0 ? 0 : fg > 0 ? p.rebuildShare : 1 - p.foregroundBusy * (1 - p.rebuildShare);
    const fair = bg === 0 ? 0 : bgTime / bg;
    const scrubCap = p.scrubBandwidthBytesPerS / p.readBandwidthBytesPerS;
    const scrubTime = Math.min(fair, scrubCap);
    const rebuildTime = bg === scrubs ? 0 : (bgTime - scrubs * scrubTime) / (bg - scrubs);
    const bgUsed = scrubs * scrubTime + (bg - scrubs) * rebuildTime;
    const fgTime = fg === 0 ? 0 : (1 - bgUsed) / fg;
    for (const op of ops) {
      const time = op.cls === "foreground" ? fgTime : op.scrub ? scrubTime : rebuildTime;
      const rate = time * (op.write ? p.writeBandwidthBytesPerS : p.readBandwidthBytesPerS);
      if (rate === op.rate && op.event !== undefined) continue;
      op.done = Math.min(op.total, op.done + (now - op.since) * op.rate);
      op.since = now;
      op.rate = rate;
      this.sim.cancel(op.event);
      op.event = this.at(now, op.total - op.done, rate, op.finish);
      if (op.first >= 0 && !op.write) this.scheduleDiscovery(op, now);
    }
  }

  /** Schedules the discovery event for the next bad extent ahead of a located read (progress must be current or derivable). */
  private scheduleDiscovery(op: IoOp, now: number): void {
    this.sim.cancel(op.badEvent);
    op.badEvent = undefined;
    const extent = this.nextBadFrom(op, op.scanFrom);
    op.nextBad = extent >= 0 && extent < op.first + op.count ? extent : -1;
    if (op.nextBad < 0) return;
    const doneNow = op.done + (now - op.since) * op.rate;
    const needed = (op.nextBad - op.first + 1) * this.params.extentSizeBytes - doneNow;
    op.badEvent = this.at(now, needed, op.rate, op.reachBad);
  }

  /** An event when `bytes` more have moved at `rate` (now if none remain; never if starved). */
  private at(now: number, bytes: number, rate: number, callback: () => void): EventHandle | undefined {
    if (bytes <= 0) return this.sim.scheduleAt(now, callback);
    return rate > 0 ? this.sim.scheduleUnlessNever(bytes / rate, callback) : undefined;
  }

  /** The first bad extent (latent or known) ≥ from that the operation did not miss, or −1. */
  private nextBadFrom(op: IoOp, from: number): number {
    for (;;) {
      const a = firstAtOrAbove(this.latent, from);
      const b = firstAtOrAbove(this.known, from);
      const e = a < 0 ? b : b < 0 ? a : Math.min(a, b);
      if (e < 0 || op.missed === undefined || !op.missed.includes(e)) return e;
      from = e + 1;
    }
  }

  /** A read has passed bad extent `extent`: it is found, and discovered if it was latent. */
  private reach(op: IoOp, extent: number, now: number): void {
    (op.found ??= []).push(extent);
    const i = indexOf(this.latent, extent);
    if (i < 0) return;
    this.latent.splice(i, 1);
    insertSorted(this.known, extent);
    const by = op.scrub ? "scrub" : "read";
    if (this.trace.enabled) this.trace.record(now, this.id, "lse-discovered", by, { extent });
    if (this.discoveryListeners.length === 0) return;
    const event: LatentErrorDiscovery = { disk: this, extent, by, now };
    for (const listener of this.discoveryListeners) listener(event);
  }

  /** A completed located write: every bad extent it covered, except those that went bad behind it, is rewritten. */
  private rewrite(op: IoOp, end: number, now: number): void {
    for (let e = this.nextBadFrom(op, op.first); e >= 0 && e < end; e = this.nextBadFrom(op, e + 1)) this.clearBad(e, now, "rewritten");
  }

  private clearBad(extent: number, now: number, cause: ChangeCause): boolean {
    let i = indexOf(this.latent, extent);
    if (i >= 0) this.latent.splice(i, 1);
    else {
      i = indexOf(this.known, extent);
      if (i < 0) return false;
      this.known.splice(i, 1);
    }
    if (this.trace.enabled) this.trace.record(now, this.id, "lse-repaired", cause, { extent });
    return true;
  }

  private remove(op: IoOp): void {
    const i = this.ops.indexOf(op);
    if (i >= 0) {
      this.ops.splice(i, 1);
      if (op.cls === "foreground") this.foregroundOps--;
    }
    this.deactivate(op);
  }

  private deactivate(op: IoOp): void {
    op.active = false;
    op.rate = 0;
    this.sim.cancel(op.event);
    this.sim.cancel(op.badEvent);
    op.event = op.badEvent = undefined;
  }

  private checkExtent(extent: number): void {
    if (!(Number.isInteger(extent) && extent >= 0 && extent < this.extentCount)) {
      throw new RangeError(`${this.id}: extent must be an integer in [0, ${this.extentCount}), got ${extent}`);
    }
  }
}
