import { Heap } from "heap-js";

/**
 * A scheduled callback. It is also the handle returned to callers, so that
 * cancelling costs one field write (lazy deletion) and scheduling one allocation.
 */
export interface ScheduledEvent {
  /** Simulated time, in seconds. */
  readonly time: number;
  /** Lower runs first among events at the same time. */
  readonly priority: number;
  /** Insertion sequence: the final tie-break, so same-time same-priority events run FIFO. */
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Opaque handle for cancellation. */
export type EventHandle = ScheduledEvent;

// (time, priority, seq) as in SimPy's heap of (time, priority, counter, event):
// ties never depend on object identity or on the heap's internal layout.
const compareEvents = (a: ScheduledEvent, b: ScheduledEvent): number =>
  a.time - b.time || a.priority - b.priority || a.seq - b.seq;

/**
 * A binary heap (heap-js) of events ordered by (time, priority, insertion
 * sequence). Inserts use `add`, not `push`: `push` goes through a
 * rest-argument wrapper that costs about 15% per event (bench/README.md).
 */
export class EventQueue {
  private readonly heap = new Heap<ScheduledEvent>(compareEvents);
  private nextSeq = 0;

  /** Events in the queue, cancelled ones included until they are popped. */
  get size(): number {
    return this.heap.length;
  }

  push(time: number, priority: number, callback: () => void): ScheduledEvent {
    const event: ScheduledEvent = { time, priority, seq: this.nextSeq++, callback, cancelled: false };
    this.heap.add(event);
    return event;
  }

  peek(): ScheduledEvent | undefined {
    return this.heap.peek();
  }

  pop(): ScheduledEvent | undefined {
    return this.heap.pop();
  }

  clear(): void {
    this.heap.clear();
  }
}
