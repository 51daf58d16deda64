import type { MechanismContext } from "../mechanism.js";
import type { RaidArray, TargetPolicy } from "./raid-array.js";

/** Classic spares: `dedicated` (one per group), `shared` (a pool), or `none` (wait for the replacement). */
export type SparePolicy = "dedicated" | "shared" | "none";

/**
 * Classic RAID-5/6 groups: stripe (g, r) has member m on chunk r of the
 * disk serving slot m of group g. When that disk is lost, the slot is
 * rebuilt onto a whole hot spare (the group's own, or the first up disk of
 * the shared pool), reading the G − P survivors, so the rebuild runs at the
 * slowest of their read share and the spare's write share; without a spare
 * it waits for the failed disk's replacement (its repair). The rebuilt
 * spare stays in the group and the replacement becomes a spare (a roaming
 * spare, as Linux md does: no copy-back).
 */
export class ClassicSlots implements TargetPolicy {
  readonly lanes: number;
  /** The disk serving each slot (g·G + m), −1 while it has none. */
  private readonly slotDisk: Int32Array;
  /** The slot a failed disk last served (its replacement returns there or to that group's spares). */
  private readonly lastSlot: Int32Array;
  /** Dedicated: each group's spare disk, −1 when used or down. */
  private readonly spareOf: Int32Array;
  /** Shared: spare disks, in index order. */
  private readonly pool: number[] = [];
  array!: RaidArray;

  constructor(
    private readonly ctx: MechanismContext,
    private readonly traceId: string,
    groups: number,
    private readonly width: number,
    private readonly chunksPerDisk: number,
    private readonly policy: SparePolicy,
    spareDisks: readonly number[],
  ) {
    this.lanes = groups;
    this.slotDisk = Int32Array.from({ length: groups * width }, (_, i) => i);
    const disks = groups * width + spareDisks.length;
    this.lastSlot = new Int32Array(disks).fill(-1);
    this.spareOf = new Int32Array(groups).fill(-1);
    if (policy === "dedicated") spareDisks.forEach((d, g) => (this.spareOf[g] = d));
    else this.pool.push(...spareDisks);
    spareDisks.forEach((d, g) => (this.lastSlot[d] = policy === "dedicated" ? g * width : -1));
  }

  laneOf(stripe: number): number {
    return Math.floor(stripe / this.chunksPerDisk);
  }

  target(stripe: number, member: number): { disk: number; chunk: number } | undefined {
    const g = this.laneOf(stripe);
    const slot = g * this.width + member;
    let d = this.slotDisk[slot]!;
    if (d < 0) d = this.takeSpare(slot);
    if (d < 0 || !this.array.up[d]) return undefined;
    return { disk: d, chunk: stripe % this.chunksPerDisk };
  }

  private takeSpare(slot: number): number {
    const g = Math.floor(slot / this.width);
    let d = -1;
    if (this.policy === "dedicated") {
      const s = this.spareOf[g]!;
      if (s >= 0 && this.array.up[s]) {
        d = s;
        this.spareOf[g] = -1;
      }
    } else if (this.policy === "shared") {
      const i = this.pool.findIndex((s) => this.array.up[s]);
      if (i >= 0) d = this.pool.splice(i, 1)[0]!;
    }
    if (d < 0) return -1;
    this.slotDisk[slot] = d;
    if (this.ctx.trace.enabled) {
      this.ctx.trace.record(this.ctx.sim.now, this.traceId, "rebuild-start", "spare taken", { group: g, spare: this.array.disks[d]!.id });
    }
    return d;
  }

  diskDown(disk: number): void {
    const slot = this.slotDisk.indexOf(disk);
    if (slot >= 0) {
      this.slotDisk[slot] = -1;
      this.lastSlot[disk] = slot;
    }
    // A spare that goes down is skipped while down (takeSpare checks `up`).
  }

  diskUp(disk: number, now: number): void {
    const slot = this.lastSlot[disk]!;
    const g = slot >= 0 ? Math.floor(slot / this.width) : -1;
    if (this.policy === "none") {
      if (slot >= 0 && this.slotDisk[slot] === -1) {
        this.slotDisk[slot] = disk;
        if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId, "rebuild-start", "replacement", { group: g, disk: this.array.disks[disk]!.id });
      }
      return;
    }
    if (this.slotDisk.includes(disk) || this.pool.includes(disk) || this.spareOf.includes(disk)) return; // a spare back from a transient outage
    if (this.policy === "dedicated" && g >= 0 && this.spareOf[g] === -1) this.spareOf[g] = disk;
    else {
      this.pool.push(disk);
      this.pool.sort((a, b) => a - b);
    }
  }
}
