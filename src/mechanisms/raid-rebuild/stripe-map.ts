/**
 * Where every stripe member lives: stripe s's member m is chunk `chunkOf`
 * of disk `diskOf` (−1 while it is missing), and each chunk of each disk
 * holds one member or is free (spare space). Flat typed arrays: a pool of
 * 100 disks holds a few thousand stripes.
 */
export class StripeMap {
  /** Disk of member (s, m) at s·width + m; −1 while missing. */
  readonly diskOf: Int32Array;
  /** Chunk of member (s, m) on its disk (kept while missing: where it was). */
  readonly chunkOf: Int32Array;
  /** Owner of chunk c of disk d at d·chunksPerDisk + c: s·width + m, or −1 when free. */
  readonly owner: Int32Array;
  /** Free chunks per disk. */
  readonly free: Int32Array;
  /** Members per disk. */
  readonly used: Int32Array;

  constructor(
    readonly diskCount: number,
    readonly chunksPerDisk: number,
    readonly width: number,
    readonly stripeCount: number,
  ) {
    this.diskOf = new Int32Array(stripeCount * width).fill(-1);
    this.chunkOf = new Int32Array(stripeCount * width).fill(-1);
    this.owner = new Int32Array(diskCount * chunksPerDisk).fill(-1);
    this.free = new Int32Array(diskCount).fill(chunksPerDisk);
    this.used = new Int32Array(diskCount);
  }

  /** Puts member m of stripe s on chunk c of disk d (which must be free). */
  place(s: number, m: number, d: number, c: number): void {
    const slot = d * this.chunksPerDisk + c;
    if (this.owner[slot] !== -1) throw new Error(`chunk ${c} of disk ${d} is not free`);
    const i = s * this.width + m;
    if (this.diskOf[i] !== -1) throw new Error(`member ${m} of stripe ${s} is already placed`);
    this.owner[slot] = i;
    this.diskOf[i] = d;
    this.chunkOf[i] = c;
    this.free[d]!--;
    this.used[d]!++;
  }

  /** Member m of stripe s is no longer on its disk (lost, or moving): its chunk becomes free. */
  remove(s: number, m: number): void {
    const i = s * this.width + m;
    const d = this.diskOf[i]!;
    if (d < 0) return;
    this.owner[d * this.chunksPerDisk + this.chunkOf[i]!] = -1;
    this.diskOf[i] = -1;
    this.free[d]!++;
    this.used[d]!--;
  }

  /** Holds chunk c of disk d for a write in progress (not free, no member yet). */
  reserve(d: number, c: number): void {
    const slot = d * this.chunksPerDisk + c;
    if (this.owner[slot] !== -1) throw new Error(`chunk ${c} of disk ${d} is not free`);
    this.owner[slot] = -2;
    this.free[d]!--;
  }

  /** Frees a chunk held by `reserve` (the write was abandoned, or is about to be placed). */
  unreserve(d: number, c: number): void {
    const slot = d * this.chunksPerDisk + c;
    if (this.owner[slot] !== -2) return;
    this.owner[slot] = -1;
    this.free[d]!++;
  }

  /** Frees every chunk of disk d (its members must have been removed): a replacement is empty. */
  clearReservations(d: number): void {
    const base = d * this.chunksPerDisk;
    for (let c = 0; c < this.chunksPerDisk; c++) {
      if (this.owner[base + c] === -2) {
        this.owner[base + c] = -1;
        this.free[d]!++;
      }
    }
  }

  /** The members (s·width + m) on disk d, in chunk order. */
  membersOn(d: number): number[] {
    const out: number[] = [];
    const base = d * this.chunksPerDisk;
    for (let c = 0; c < this.chunksPerDisk; c++) {
      const o = this.owner[base + c]!;
      if (o >= 0) out.push(o);
    }
    return out;
  }

  /** The member on chunk c of disk d, or −1. */
  ownerOf(d: number, c: number): number {
    return this.owner[d * this.chunksPerDisk + c]!;
  }

  /** Whether stripe s has a member (present) on disk d. */
  stripeUses(s: number, d: number): boolean {
    const base = s * this.width;
    for (let m = 0; m < this.width; m++) if (this.diskOf[base + m] === d) return true;
    return false;
  }

  /** The lowest free chunk of disk d, or −1. */
  firstFree(d: number, from = 0): number {
    if (this.free[d] === 0) return -1;
    const base = d * this.chunksPerDisk;
    for (let c = from; c < this.chunksPerDisk; c++) if (this.owner[base + c] === -1) return c;
    for (let c = 0; c < from; c++) if (this.owner[base + c] === -1) return c;
    return -1;
  }

  /**
   * A free chunk for a new member of stripe s, on a disk `usable` allows that
   * holds no member of s (nor one of `reserved`, the disks of the stripe's
   * members being written): the disk with the fewest `load` (writes already
   * assigned to it), then the most free chunks, then the lowest index from
   * `cursor` on. Undefined when no disk qualifies.
   */
  allocate(s: number, usable: (d: number) => boolean, load: ArrayLike<number>, reserved: readonly number[], cursor: number): { disk: number; chunk: number } | undefined {
    let best = -1;
    for (let k = 0; k < this.diskCount; k++) {
      const d = (cursor + k) % this.diskCount;
      if (this.free[d] === 0 || !usable(d) || reserved.includes(d) || this.stripeUses(s, d)) continue;
      if (best < 0 || load[d]! < load[best]! || (load[d] === load[best] && this.free[d]! > this.free[best]!)) best = d;
    }
    if (best < 0) return undefined;
    return { disk: best, chunk: this.firstFree(best) };
  }
}
