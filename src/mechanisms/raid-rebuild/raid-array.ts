import type { Disk, IoHandlers, IoResult } from "../../hardware/disk.js";
import { DiskQueues, type IoRequest } from "./disk-queues.js";
import type { RebuildRecord, Step, TargetPolicy } from "./rebuild-step.js";

export type { TargetPolicy } from "./rebuild-step.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext } from "../mechanism.js";
import { ArrayMetrics } from "./array-metrics.js";
import { RebuildQueue } from "./rebuild-scheduler.js";
import type { StripeMap } from "./stripe-map.js";

/**
 * The array's state machine: it learns of a disk failure from the disk's
 * status signal and of latent sector errors from failed reads (the bad
 * extents a rebuild read or a scrub reports), marks the disk's members
 * missing, reconstructs the stripes most-lost first with real disk I/O
 * (rebuild class: `rebuild_share` of each disk's time against foreground
 * I/O), counts the stripes that lose more than their parity as data loss,
 * restores them from backup after `restore_time`, and keeps running.
 */
export class RaidArray {
  readonly stripes: number;
  readonly missing: Int32Array;
  private readonly lost: Uint8Array;
  private readonly fromBackup: Uint8Array;
  private readonly stepOf: (Step | undefined)[];
  private readonly recordOf: (RebuildRecord | undefined)[];
  /** Where a missing member was, for copy-back: disk (−1: nowhere) and chunk. */
  readonly originDisk: Int32Array;
  readonly originChunk: Int32Array;
  readonly up: boolean[];
  readonly load: Int32Array;
  private readonly io: DiskQueues;
  private readonly stepsOn: Set<Step>[];
  private readonly queue: RebuildQueue;
  private readonly parked: number[] = [];
  private readonly inFlight: number[];
  private pumpScheduled = false;
  private reconstructing = 0;
  private cursor = 0;
  readonly chunkBytes: number;
  private lostCount = 0;
  /** Up while no stripe is lost (all data readable); the array's service. */
  readonly service: StatusSignal;
  readonly extentBytes: number;
  /** Chunk moves (copy-back, rebalance) to run when no reconstruction is pending. */
  readonly moves: { member: number; disk: number }[] = [];

  constructor(
    private readonly ctx: MechanismContext,
    private readonly traceId: string,
    readonly disks: readonly Disk[],
    readonly map: StripeMap,
    readonly parity: number,
    private readonly window: number,
    private readonly restoreS: number,
    readonly metrics: ArrayMetrics,
    readonly chunkExtents: number,
    private readonly policy: TargetPolicy,
  ) {
    this.stripes = map.stripeCount;
    this.service = new StatusSignal(traceId, true);
    const members = map.stripeCount * map.width;
    this.missing = new Int32Array(this.stripes);
    this.lost = new Uint8Array(this.stripes);
    this.fromBackup = new Uint8Array(this.stripes);
    this.stepOf = new Array<Step | undefined>(this.stripes).fill(undefined);
    this.recordOf = new Array<RebuildRecord | undefined>(members).fill(undefined);
    this.originDisk = new Int32Array(members).fill(-1);
    this.originChunk = new Int32Array(members).fill(-1);
    this.up = disks.map((d) => d.up);
    this.load = new Int32Array(disks.length);
    this.io = new DiskQueues(disks.length, (d, busy) => this.metrics.busyChanged(d, busy, this.ctx.sim.now));
    this.stepsOn = disks.map(() => new Set<Step>());
    this.extentBytes = disks[0]!.params.extentSizeBytes;
    this.chunkBytes = this.chunkExtents * this.extentBytes;
    this.inFlight = new Array<number>(policy.lanes).fill(0);
    this.queue = new RebuildQueue(policy.lanes, map.width, (s) => (this.lost[s] || this.stepOf[s] !== undefined ? 0 : this.missing[s]!));
  }

  /** Wires the disks' status signals and latent-error discoveries. */
  start(): void {
    this.disks.forEach((disk, d) => {
      disk.onChange((isUp, now) => (isUp ? this.diskUp(d, now) : this.diskDown(d, now)));
      disk.onLatentDiscovered((e) => {
        if (e.by === "scrub") this.scrubFound(d, e.extent, e.now);
      });
    });
  }

  // ------------------------------------------------------------ failures

  private diskDown(d: number, now: number): void {
    if (!this.up[d]) return;
    this.up[d] = false;
    for (const step of [...this.stepsOn[d]!]) this.abort(step);
    this.metrics.diskDown(d, now, this.io.busy(d));
    const members = this.map.membersOn(d);
    const record: RebuildRecord | undefined = members.length > 0 ? { disk: d, failedAt: now, total: members.length, remaining: members.length, nextProgress: 0.1 } : undefined;
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "disk-lost", `${this.disks[d]!.id} down`, { disk: this.disks[d]!.id, members: members.length });
    const newlyLost: number[] = [];
    const rebuildable: number[] = [];
    let lostBytes = 0;
    for (const o of members) {
      const s = Math.floor(o / this.map.width);
      this.originDisk[o] = d;
      this.originChunk[o] = this.map.chunkOf[o]!;
      this.map.remove(s, o % this.map.width);
      this.recordOf[o] = record;
      this.setMissing(s, this.missing[s]! + 1, now);
      // A stripe being written back from backup keeps its data there: more members lost is no new loss.
      if (this.missing[s]! > this.parity && !this.fromBackup[s]) {
        if (this.lost[s]) {
          lostBytes += this.userBytes(this.chunkBytes); // one more member of a stripe already lost
        } else {
          const step = this.stepOf[s];
          if (step !== undefined) this.abort(step);
          this.lost[s] = 1;
          if (this.lostCount++ === 0) this.service.set(false, now);
          newlyLost.push(s);
          lostBytes += this.userBytes(this.chunkBytes * this.missing[s]!);
        }
      } else {
        rebuildable.push(o);
      }
    }
    this.map.clearReservations(d);
    this.policy.diskDown(d, now, rebuildable);
    for (const o of rebuildable) this.queue.push(this.policy.laneOf(Math.floor(o / this.map.width)), Math.floor(o / this.map.width));
    if (lostBytes > 0) {
      // Bytes of stripes lost earlier that lose another member count too; the event is a new loss only.
      this.metrics.dataLoss(now, lostBytes, newlyLost.length > 0);
      if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "data-loss", `${this.disks[d]!.id} down`, { stripes: newlyLost.length, bytes: lostBytes });
      for (const s of newlyLost) this.ctx.sim.schedule(this.restoreS, () => this.restored(s));
    }
    this.schedulePump();
  }

  private diskUp(d: number, now: number): void {
    if (this.up[d]) return;
    this.up[d] = true;
    this.metrics.diskUp(d, now);
    // A disk that comes back is taken as empty (a replacement, or a device the array kicked and resyncs whole).
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "disk-joined", `${this.disks[d]!.id} up`, { disk: this.disks[d]!.id });
    this.policy.diskUp(d, now);
    for (const s of this.parked.splice(0)) this.queue.push(this.policy.laneOf(s), s);
    this.schedulePump();
  }

  /** Data lost at extent granularity counts the user data of the unreadable chunks: (G − P)/G of their bytes. */
  private userBytes(raw: number): number {
    return (raw * (this.map.width - this.parity)) / this.map.width;
  }

  private restored(s: number): void {
    const now = this.ctx.sim.now;
    this.lost[s] = 0;
    if (--this.lostCount === 0) this.service.set(true, now);
    if (this.missing[s]! > 0) {
      this.fromBackup[s] = 1;
      this.queue.push(this.policy.laneOf(s), s);
    }
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "restored-from-backup", "restore_time", { stripe: s, missing: this.missing[s]! });
    this.schedulePump();
  }

  private setMissing(s: number, value: number, now: number): void {
    this.metrics.missingChanged(this.missing[s]!, value, now);
    this.missing[s] = value;
    if (value === 0) this.fromBackup[s] = 0;
  }

  // ------------------------------------------------------------ scheduling

  schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    // After every change of this instant (a rack takes its disks down one listener call after the other).
    this.ctx.sim.schedule(0, () => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (let lane = 0; lane < this.inFlight.length; lane++) {
      while (this.inFlight[lane]! < this.window) {
        const s = this.queue.next(lane);
        if (s === undefined) break;
        if (!this.issue(s, lane)) this.parked.push(s);
      }
    }
    if (this.reconstructing === 0 && this.metrics.degradedStripes === this.lostCount) this.pumpMoves();
  }

  /** Starts the reconstruction of stripe s's missing members that have a target; false when none has. */
  private issue(s: number, lane: number): boolean {
    const width = this.map.width;
    const members: number[] = [];
    const targets: { disk: number; chunk: number }[] = [];
    const reserved: number[] = [];
    for (let m = 0; m < width; m++) {
      const o = s * width + m;
      if (this.map.diskOf[o] !== -1) continue;
      const t = this.policy.target(s, m, reserved);
      if (t === undefined) continue;
      members.push(o);
      targets.push(t);
      reserved.push(t.disk);
    }
    if (members.length === 0) return false;
    const sources: number[] = [];
    if (!this.fromBackup[s]) {
      // Reads G − P survivors, rotated by stripe so that RAID-6's skipped survivor varies.
      const present: number[] = [];
      for (let m = 0; m < width; m++) if (this.map.diskOf[s * width + m]! >= 0) present.push(s * width + m);
      const need = width - this.parity;
      const shift = s % present.length;
      for (let k = 0; k < need; k++) sources.push(present[(shift + k) % present.length]!);
    }
    for (const t of targets) this.map.reserve(t.disk, t.chunk);
    this.run(s, lane, members, targets, sources, false);
    this.reconstructing++;
    return true;
  }

  private pumpMoves(): void {
    while (this.inFlight[0]! < this.window && this.moves.length > 0) {
      const { member, disk } = this.moves.shift()!;
      const s = Math.floor(member / this.map.width);
      const from = this.map.diskOf[member]!;
      if (from < 0 || !this.up[from] || !this.up[disk] || this.stepOf[s] !== undefined || this.map.stripeUses(s, disk) || this.map.free[disk] === 0) continue;
      const preferred = this.originDisk[member] === disk ? this.originChunk[member]! : 0;
      const chunk = this.map.firstFree(disk, preferred);
      this.map.reserve(disk, chunk);
      this.run(s, 0, [member], [{ disk, chunk }], [member], true);
    }
  }

  private run(s: number, lane: number, members: number[], targets: { disk: number; chunk: number }[], sources: number[], move: boolean): void {
    const missingAtStart = move ? -1 : this.missing[s]!;
    const step: Step = { stripe: s, lane, members, targets, sources, requests: [], pending: 0, missingAtStart, bad: [], move };
    this.stepOf[s] = step;
    this.inFlight[lane]!++;
    const extents = this.chunkExtents;
    const priority = Math.max(missingAtStart, 0);
    const seq = this.io.nextSeq();
    for (const o of sources) {
      const d = this.map.diskOf[o]!;
      const target = { extent: this.map.chunkOf[o]! * extents, count: extents };
      this.submit(step, d, priority, seq, (h) => this.disks[d]!.read(target, "rebuild", h), o);
    }
    for (const t of targets) {
      this.load[t.disk]!++;
      const target = { extent: t.chunk * extents, count: extents };
      this.submit(step, t.disk, priority, seq, (h) => this.disks[t.disk]!.write(target, "rebuild", h), -1);
    }
  }

  private submit(step: Step, d: number, priority: number, seq: number, op: (h: IoHandlers) => ReturnType<Disk["read"]>, source: number): void {
    const request: IoRequest = {
      disk: d,
      priority,
      seq,
      start: () =>
        op({
          done: (now: number, result: IoResult) => {
            this.io.ended(request);
            if (source >= 0 && result.badExtents.length > 0) step.bad.push({ member: source, extents: result.badExtents });
            if (--step.pending === 0) this.complete(step, now);
          },
          failed: () => {
            this.io.ended(request);
            this.abort(step);
          },
        }),
    };
    step.requests.push(request);
    step.pending++;
    this.stepsOn[d]!.add(step);
    this.io.submit(request);
  }

  private release(step: Step): void {
    for (const r of step.requests) this.stepsOn[r.disk]!.delete(step);
    for (const t of step.targets) this.load[t.disk]!--;
    this.stepOf[step.stripe] = undefined;
    this.inFlight[step.lane]!--;
    if (!step.move) this.reconstructing--;
  }

  private abort(step: Step): void {
    if (this.stepOf[step.stripe] !== step) return;
    for (const r of step.requests) this.io.cancel(r);
    for (const t of step.targets) this.map.unreserve(t.disk, t.chunk);
    this.release(step);
    if (!step.move) this.queue.push(step.lane, step.stripe);
    this.schedulePump();
  }

  private complete(step: Step, now: number): void {
    const s = step.stripe;
    const width = this.map.width;
    this.release(step);
    step.targets.forEach((t, i) => {
      const o = step.members[i]!;
      this.map.unreserve(t.disk, t.chunk);
      if (step.move) this.map.remove(s, o % width);
      this.map.place(s, o % width, t.disk, t.chunk);
      if (step.move) {
        this.originDisk[o] = -1;
        return;
      }
      this.setMissing(s, this.missing[s]! - 1, now);
      const record = this.recordOf[o];
      this.recordOf[o] = undefined;
      if (record !== undefined) this.memberRestored(record, now);
    });
    if (step.bad.length > 0) this.latentHits(step, now);
    if (!step.move && this.missing[s]! > 0 && !this.lost[s]) this.queue.push(step.lane, s);
    this.schedulePump();
  }

  private memberRestored(record: RebuildRecord, now: number): void {
    record.remaining--;
    const done = 1 - record.remaining / record.total;
    if (this.ctx.trace.enabled && done >= record.nextProgress && record.remaining > 0) {
      this.ctx.trace.record(now, this.traceId, "rebuild-progress", `${this.disks[record.disk]!.id} lost`, { disk: this.disks[record.disk]!.id, done: Math.floor(done * 100) / 100 });
      record.nextProgress = Math.floor(done * 10) / 10 + 0.1;
    }
    if (record.remaining > 0) return;
    this.metrics.rebuildDone(record.failedAt, now);
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "rebuild-done", `${this.disks[record.disk]!.id} lost`, { disk: this.disks[record.disk]!.id, rebuild_s: now - record.failedAt });
  }

  // ------------------------------------------------------------ latent sector errors

  /** Bad extents a reconstruction's reads reported: rewritten from the remaining redundancy, or lost. */
  private latentHits(step: Step, now: number): void {
    const s = step.stripe;
    const survivors = this.map.width - (step.move ? this.missing[s]! : step.missingAtStart);
    const byOffset = new Map<number, { disk: number; extent: number }[]>();
    for (const { member, extents } of step.bad) {
      const d = this.map.diskOf[member]!;
      for (const e of extents) {
        const offset = e % this.chunkExtents;
        const list = byOffset.get(offset) ?? [];
        list.push({ disk: d, extent: e });
        byOffset.set(offset, list);
        this.metrics.lseInRebuild(now);
      }
    }
    let lostBytes = 0;
    for (const [, hits] of byOffset) {
      const readable = survivors - hits.length;
      if (readable >= this.map.width - this.parity) {
        for (const h of hits) this.rewrite(h.disk, h.extent);
      } else {
        // The row of this extent has more unreadable members than parity: those extents are lost until the restore.
        lostBytes += this.userBytes(this.extentBytes * (this.map.width - readable));
        for (const h of hits) this.ctx.sim.schedule(this.restoreS, () => this.disks[h.disk]!.repairExtent(h.extent, this.ctx.sim.now, "restored"));
      }
    }
    if (lostBytes > 0) {
      this.metrics.dataLoss(now, lostBytes, true);
      if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "data-loss", "latent sector error read in rebuild", { stripe: s, bytes: lostBytes });
    }
  }

  /** A latent error a scrub found: rewritten from redundancy when the stripe has some left, else lost. */
  private scrubFound(d: number, extent: number, now: number): void {
    this.metrics.lseByScrub(now);
    const c = Math.floor(extent / this.chunkExtents);
    if (c >= this.map.chunksPerDisk) return;
    const o = this.map.ownerOf(d, c);
    if (o < 0) return; // spare space: the next write there rewrites it
    const s = Math.floor(o / this.map.width);
    if (this.missing[s]! + 1 <= this.parity) {
      this.rewrite(d, extent);
      return;
    }
    const bytes = this.userBytes(this.extentBytes * (this.missing[s]! + 1));
    this.metrics.dataLoss(now, bytes, true);
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "data-loss", "latent sector error found by scrub, no parity left", { stripe: s, bytes });
    this.ctx.sim.schedule(this.restoreS, () => this.disks[d]!.repairExtent(extent, this.ctx.sim.now, "restored"));
  }

  /** Rewrites one extent reconstructed from redundancy (rebuild-class I/O); the write clears the bad sector. */
  private rewrite(d: number, extent: number): void {
    if (!this.up[d]) return;
    this.disks[d]!.write({ extent }, "rebuild", { done: () => undefined, failed: () => undefined });
  }

  /** Starts a scrub of every up disk not already scrubbing. */
  private readonly scrubbing = new Set<number>();
  scrubAll(): void {
    this.disks.forEach((disk, d) => {
      if (!this.up[d] || this.scrubbing.has(d)) return;
      this.scrubbing.add(d);
      disk.scrub({ done: () => this.scrubbing.delete(d), failed: () => this.scrubbing.delete(d) });
    });
  }

  /** Cursor for allocation tie-breaks: rotates so equal disks take turns. */
  nextCursor(): number {
    this.cursor = (this.cursor + 1) % this.disks.length;
    return this.cursor;
  }
}
