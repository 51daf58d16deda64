/**
 * The order in which stripes are reconstructed: most-lost first. A stripe
 * with no parity left (critical) goes before one that lost a single member,
 * as the declustered-RAID literature prescribes (Holland & Gibson, ASPLOS
 * 1992; dRAID's rebuild). One FIFO per level of loss, per lane (a classic
 * group, or the declustered pool), with lazy deletion: an entry whose stripe
 * has since moved to another level, or is no longer waiting, is skipped.
 */
export class RebuildQueue {
  /** queues[lane][missing] */
  private readonly queues: number[][][];
  private readonly heads: number[][];

  constructor(
    lanes: number,
    private readonly levels: number,
    /** The stripe's current level (members missing), or 0 when it needs no reconstruction now. */
    private readonly levelOf: (stripe: number) => number,
  ) {
    this.queues = Array.from({ length: lanes }, () => Array.from({ length: levels + 1 }, () => []));
    this.heads = Array.from({ length: lanes }, () => new Array<number>(levels + 1).fill(0));
  }

  /** Queues `stripe` in `lane` at its current level. */
  push(lane: number, stripe: number): void {
    const level = Math.min(this.levelOf(stripe), this.levels);
    if (level > 0) this.queues[lane]![level]!.push(stripe);
  }

  /**
   * The next stripe of `lane` still at the level it was queued at, most-lost
   * first; it leaves the queue (the caller re-queues or parks it).
   */
  next(lane: number): number | undefined {
    const queues = this.queues[lane]!;
    const heads = this.heads[lane]!;
    for (let level = this.levels; level >= 1; level--) {
      const q = queues[level]!;
      while (heads[level]! < q.length) {
        const s = q[heads[level]!]!;
        heads[level]!++;
        if (Math.min(this.levelOf(s), this.levels) !== level) continue; // stale
        this.compact(lane, level);
        return s;
      }
      this.compact(lane, level);
    }
    return undefined;
  }

  /** Whether `lane` has entries (possibly stale). */
  hasWork(lane: number): boolean {
    const queues = this.queues[lane]!;
    for (let level = 1; level <= this.levels; level++) if (this.heads[lane]![level]! < queues[level]!.length) return true;
    return false;
  }

  private compact(lane: number, level: number): void {
    const q = this.queues[lane]![level]!;
    const head = this.heads[lane]![level]!;
    if (head === q.length) {
      q.length = 0;
      this.heads[lane]![level] = 0;
    } else if (head > 1024 && head * 2 > q.length) {
      q.splice(0, head);
      this.heads[lane]![level] = 0;
    }
  }
}
