/**
 * Opaque handle of a scheduled event, for cancellation: a number (slot and
 * generation), never 0, so `if (handle)` and `handle === undefined` both
 * work. A handle whose event has run or been cancelled is inert: its slot's
 * generation has moved on, so it can never cancel a later event.
 */
export type EventHandle = number & { readonly __eventHandle: unique symbol };

const INITIAL_CAPACITY = 64;
/** Slots are the low 24 bits of a handle: at most 2^24 (16.7 M) events pending at once. */
const SLOT_BITS = 24;
const SLOT_LIMIT = 2 ** SLOT_BITS;
/**
 * Generations are the high bits; 2^53 / 2^24 leaves 2^29. A slot whose
 * generation reaches the limit is retired instead of reused, so handles are
 * unique for the queue's whole life (one slot lost per 5.4e8 reuses).
 */
const GENERATION_LIMIT = 2 ** 29;

/**
 * A binary min-heap of events ordered by (time, priority, insertion sequence),
 * as in SimPy's heap of (time, priority, counter, event): ties never depend
 * on object identity or on the heap's internal layout.
 *
 * Storage is allocation-free per event: every event lives in a slot of
 * parallel typed arrays (time, priority, sequence, generation, cancelled)
 * plus one callback reference; freed slots are reused from a stack. The
 * heap itself is an Int32Array of slots with each entry's time mirrored
 * beside it in heap order, so sifting compares contiguous doubles; priority
 * and sequence are read only on exact time ties. Cancellation is lazy: the
 * slot is flagged and skipped when it reaches the top.
 *
 * Written out rather than using heap-js because the event loop is the hot
 * path (bench/README.md); test/engine/event-queue.test.ts checks it pops in
 * exactly heap-js's order for random schedules with ties and cancellations.
 */
export class EventQueue {
  /** Heap of slots; entries [0, size) are live. */
  private heap = new Int32Array(INITIAL_CAPACITY);
  /** `heapTimes[i]` is the time of the event in `heap[i]`. */
  private heapTimes = new Float64Array(INITIAL_CAPACITY);
  private count = 0;

  // Per slot.
  private times = new Float64Array(INITIAL_CAPACITY);
  private priorities = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private generations = new Float64Array(INITIAL_CAPACITY).fill(1); // handles are never 0
  private cancelled = new Uint8Array(INITIAL_CAPACITY);
  private callbacks: ((() => void) | undefined)[] = new Array<(() => void) | undefined>(INITIAL_CAPACITY).fill(undefined);
  /** Slots ever used; slots [0, used) are either pending or on the free stack. */
  private used = 0;
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;

  private nextSeq = 0;
  /** Time of the event `pop` last removed. */
  private popped = NaN;

  /** Events in the queue, cancelled ones not yet discarded included. */
  get size(): number {
    return this.count;
  }

  push(time: number, priority: number, callback: () => void): EventHandle {
    const slot = this.freeCount > 0 ? this.free[--this.freeCount]! : this.newSlot();
    this.times[slot] = time;
    this.priorities[slot] = priority;
    this.seqs[slot] = this.nextSeq++;
    this.cancelled[slot] = 0;
    this.callbacks[slot] = callback;

    if (this.count === this.heap.length) this.growHeap();
    const heap = this.heap;
    const heapTimes = this.heapTimes;
    const priorities = this.priorities;
    let i = this.count++;
    // Sift up. The new event has the largest seq so far, so on a time tie it
    // moves above its parent only if its priority is strictly lower.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = heapTimes[parent]!;
      if (time > parentTime) break;
      const parentSlot = heap[parent]!;
      if (time === parentTime && priority >= priorities[parentSlot]!) break;
      heapTimes[i] = parentTime;
      heap[i] = parentSlot;
      i = parent;
    }
    heapTimes[i] = time;
    heap[i] = slot;
    return (this.generations[slot]! * SLOT_LIMIT + slot) as EventHandle;
  }

  /** Time of the earliest event (cancelled or not), or Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.heapTimes[0]!;
  }

  /**
   * Removes the earliest event and returns its callback, or undefined if it
   * was cancelled (or the queue is empty); its time is `lastPoppedTime`.
   */
  pop(): (() => void) | undefined {
    if (this.count === 0) return undefined;
    const slot = this.heap[0]!;
    this.popped = this.heapTimes[0]!;
    const callback = this.cancelled[slot] === 1 ? undefined : this.callbacks[slot];
    this.release(slot);
    const size = --this.count;
    if (size > 0) this.siftDownLast(size);
    return callback;
  }

  /** Time of the event the last `pop` removed. */
  get lastPoppedTime(): number {
    return this.popped;
  }

  /** Cancels a pending event; returns whether it was pending. Stale handles do nothing. */
  cancel(handle: EventHandle): boolean {
    const slot = this.liveSlot(handle);
    if (slot < 0) return false;
    this.cancelled[slot] = 1;
    this.callbacks[slot] = undefined; // let the closure go now, not when the slot surfaces
    return true;
  }

  /** The time of a pending, not cancelled event, or undefined. */
  timeOf(handle: EventHandle): number | undefined {
    const slot = this.liveSlot(handle);
    return slot < 0 ? undefined : this.times[slot];
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.release(this.heap[i]!);
    this.count = 0;
  }

  private liveSlot(handle: EventHandle): number {
    const slot = handle % SLOT_LIMIT;
    if (!(slot >= 0 && slot < this.used)) return -1;
    if (this.generations[slot] !== (handle - slot) / SLOT_LIMIT) return -1;
    return this.cancelled[slot] === 1 || this.callbacks[slot] === undefined ? -1 : slot;
  }

  /** Moves the slot's generation on (its handles go stale) and returns it to the free stack. */
  private release(slot: number): void {
    this.callbacks[slot] = undefined;
    const generation = this.generations[slot]! + 1;
    this.generations[slot] = generation;
    if (generation >= GENERATION_LIMIT) return; // retired: its handles stay unique
    if (this.freeCount === this.free.length) this.free = grow(this.free, Int32Array);
    this.free[this.freeCount++] = slot;
  }

  /** Sifts the entry at index `size` (the former last) down from the root. */
  private siftDownLast(size: number): void {
    const heap = this.heap;
    const heapTimes = this.heapTimes;
    const lastSlot = heap[size]!;
    const lastTime = heapTimes[size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let childTime = heapTimes[child]!;
      const right = child + 1;
      if (right < size) {
        const rightTime = heapTimes[right]!;
        if (rightTime < childTime || (rightTime === childTime && this.runsBefore(heap[right]!, heap[child]!))) {
          child = right;
          childTime = rightTime;
        }
      }
      if (lastTime < childTime || (lastTime === childTime && this.runsBefore(lastSlot, heap[child]!))) break;
      heapTimes[i] = childTime;
      heap[i] = heap[child]!;
      i = child;
    }
    heapTimes[i] = lastTime;
    heap[i] = lastSlot;
  }

  /** Tie-break for two slots at the same time: lower priority, then earlier insertion. */
  private runsBefore(a: number, b: number): boolean {
    const pa = this.priorities[a]!;
    const pb = this.priorities[b]!;
    return pa < pb || (pa === pb && this.seqs[a]! < this.seqs[b]!);
  }

  private newSlot(): number {
    const slot = this.used++;
    if (slot >= SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} events pending at once`);
    if (slot === this.times.length) {
      this.times = grow(this.times, Float64Array);
      this.priorities = grow(this.priorities, Float64Array);
      this.seqs = grow(this.seqs, Float64Array);
      const generations = grow(this.generations, Float64Array);
      generations.fill(1, slot);
      this.generations = generations;
      this.cancelled = grow(this.cancelled, Uint8Array);
      this.callbacks.length = this.times.length;
      this.callbacks.fill(undefined, slot);
    }
    return slot;
  }

  private growHeap(): void {
    this.heap = grow(this.heap, Int32Array);
    this.heapTimes = grow(this.heapTimes, Float64Array);
  }
}

type TypedArray = Float64Array | Int32Array | Uint8Array;

function grow<T extends TypedArray>(array: T, Ctor: new (length: number) => T): T {
  const bigger = new Ctor(array.length * 2);
  bigger.set(array);
  return bigger;
}
