import type { IoHandle } from "../../hardware/disk.js";

/** One rebuild read or write waiting for, or holding, its disk. */
export interface IoRequest {
  readonly disk: number;
  /** Higher first: the stripe's members missing when issued (a move: 0). */
  readonly priority: number;
  readonly seq: number;
  /** Submits the operation to the disk. */
  readonly start: () => IoHandle;
  handle?: IoHandle;
  cancelled?: boolean;
}

/**
 * The array's rebuild I/O queue per disk, one operation at a time on each
 * (sequential rebuild I/O, as RAID software issues it): a disk works
 * through its queue most-lost stripe first without idling, so its share of
 * a rebuild takes exactly the sum of its operations' times, and the rebuild
 * ends when the most loaded disk is done. Keeping one operation per disk
 * also keeps the disk's fluid sharing cheap however many stripes are queued.
 */
export class DiskQueues {
  private readonly queues: IoRequest[][];
  private readonly active: (IoRequest | undefined)[];
  private readonly busyNow: boolean[];
  private seq = 0;

  constructor(
    disks: number,
    /** Disk d started (true) or stopped (false) having rebuild I/O in progress. */
    private readonly onBusy: (disk: number, busy: boolean) => void,
  ) {
    this.queues = Array.from({ length: disks }, () => []);
    this.active = new Array<IoRequest | undefined>(disks).fill(undefined);
    this.busyNow = new Array<boolean>(disks).fill(false);
  }

  nextSeq(): number {
    return this.seq++;
  }

  /** Whether disk d has rebuild I/O in progress. */
  busy(d: number): boolean {
    return this.active[d] !== undefined;
  }

  submit(request: IoRequest): void {
    const q = this.queues[request.disk]!;
    // Binary insertion: priority descending, then submission order.
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = q[mid]!;
      if (r.priority > request.priority || (r.priority === request.priority && r.seq < request.seq)) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, request);
    if (this.active[request.disk] === undefined) this.startNext(request.disk);
  }

  /** The active operation of `request`'s disk ended (done or failed): the next one starts. */
  ended(request: IoRequest): void {
    if (this.active[request.disk] !== request) return;
    this.active[request.disk] = undefined;
    this.startNext(request.disk);
  }

  /** Withdraws a request, queued or active (its handler is not called). */
  cancel(request: IoRequest): void {
    request.cancelled = true;
    if (this.active[request.disk] === request) {
      request.handle?.cancel();
      this.active[request.disk] = undefined;
      this.startNext(request.disk);
      return;
    }
    const q = this.queues[request.disk]!;
    const i = q.indexOf(request);
    if (i >= 0) q.splice(i, 1);
  }

  private startNext(d: number): void {
    const q = this.queues[d]!;
    let next = q.shift();
    while (next !== undefined && next.cancelled) next = q.shift();
    this.active[d] = next;
    const busy = next !== undefined;
    if (busy !== this.busyNow[d]) {
      this.busyNow[d] = busy;
      this.onBusy(d, busy);
    }
    if (next !== undefined) next.handle = next.start();
  }
}
