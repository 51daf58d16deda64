const INITIAL_CAPACITY = 16;

/**
 * Counts of events (error bursts) over a sliding window of simulated time:
 * how many errors fell in (now − window, now], for a window up to `span`
 * seconds. It keeps one entry per burst younger than `span` (a ring of
 * times and running totals, compacted or grown as needed), so memory is
 * bounded by the bursts in one span, not by the length of the run, and a
 * query is a binary search.
 */
export class ErrorHistory {
  private times = new Float64Array(INITIAL_CAPACITY);
  /** Running total of errors up to and including each entry. */
  private totals = new Float64Array(INITIAL_CAPACITY);
  private head = 0;
  private tail = 0;
  /** Running total before the entry at `head` (errors already forgotten). */
  private base = 0;
  private sum = 0;

  constructor(
    /** The longest window a query may ask for (s). */
    readonly span: number,
  ) {
    if (!(span > 0)) throw new RangeError(`the history span must be > 0 s, got ${span}`);
  }

  /** Errors recorded since the start or the last `clear`. */
  get total(): number {
    return this.sum;
  }

  /** The time of the latest burst, or −Infinity. */
  get latest(): number {
    return this.tail > this.head ? this.times[this.tail - 1]! : -Infinity;
  }

  /** Records `count` errors at `now`; calls must come in time order. */
  add(now: number, count: number): void {
    if (now < this.latest) throw new RangeError(`errors out of time order (${now}s after ${this.latest}s)`);
    this.sum += count;
    this.forgetBefore(now - this.span);
    if (this.tail === this.times.length) this.makeRoom();
    this.times[this.tail] = now;
    this.totals[this.tail] = this.sum;
    this.tail++;
  }

  /** Errors in (now − window, now]; `window` must be in (0, span]. */
  countIn(now: number, window: number): number {
    if (!(window > 0 && window <= this.span)) throw new RangeError(`the window must be in (0, ${this.span}] s, got ${window}`);
    return this.totalUpTo(now) - this.totalUpTo(now - window);
  }

  /** Forgets everything. */
  clear(): void {
    this.head = this.tail = 0;
    this.base = this.sum = 0;
  }

  /** The running total over entries at times ≤ t (t no older than the span before the latest entry). */
  private totalUpTo(t: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.head ? this.base : this.totals[lo - 1]!;
  }

  private forgetBefore(horizon: number): void {
    while (this.head < this.tail && this.times[this.head]! <= horizon) {
      this.base = this.totals[this.head]!;
      this.head++;
    }
  }

  /** The ring is full at the end: compact it when at least half is forgotten, else double it. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live * 2 > this.times.length) {
      const times = new Float64Array(this.times.length * 2);
      const totals = new Float64Array(this.times.length * 2);
      times.set(this.times.subarray(this.head, this.tail));
      totals.set(this.totals.subarray(this.head, this.tail));
      this.times = times;
      this.totals = totals;
    } else {
      this.times.copyWithin(0, this.head, this.tail);
      this.totals.copyWithin(0, this.head, this.tail);
    }
    this.head = 0;
    this.tail = live;
  }
}
