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

const INITIAL_CAPACITY = 64;

/**
 * A binary min-heap of events ordered by (time, priority, insertion sequence),
 * as in SimPy's heap of (time, priority, counter, event): ties never depend
 * on object identity or on the heap's internal layout.
 *
 * Written out rather than using heap-js because the event loop is the hot
 * path (see bench/README.md): each event's time is also kept in a
 * Float64Array parallel to the event array, so sifting compares contiguous
 * doubles instead of dereferencing an event object per comparison. With
 * large queues that removes most cache misses; priority and seq are only
 * read on exact time ties.
 */
export class EventQueue {
  /** Heap-ordered events; `events.length` is the queue size. */
  private readonly events: ScheduledEvent[] = [];
  /** `times[i] === events[i].time` for every i < size; capacity grows by doubling. */
  private times = new Float64Array(INITIAL_CAPACITY);
  private nextSeq = 0;

  get size(): number {
    return this.events.length;
  }

  push(time: number, priority: number, callback: () => void): ScheduledEvent {
    const event: ScheduledEvent = { time, priority, seq: this.nextSeq++, callback, cancelled: false };
    const events = this.events;
    let i = events.length;
    events.push(event);
    if (i === this.times.length) this.grow();
    const times = this.times;
    // Sift up. The new event has the largest seq so far, so on a time tie it
    // moves above its parent only if its priority is strictly lower.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent]!;
      if (time > parentTime) break;
      const parentEvent = events[parent]!;
      if (time === parentTime && priority >= parentEvent.priority) break;
      times[i] = parentTime;
      events[i] = parentEvent;
      i = parent;
    }
    times[i] = time;
    events[i] = event;
    return event;
  }

  peek(): ScheduledEvent | undefined {
    return this.events[0];
  }

  pop(): ScheduledEvent | undefined {
    const events = this.events;
    const top = events[0];
    const last = events.pop();
    const size = events.length;
    if (size === 0 || last === undefined) return top;
    // Sift the former last event down from the root, moving the smaller child up into the hole.
    const times = this.times;
    const lastTime = times[size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let childTime = times[child]!;
      const right = child + 1;
      if (right < size) {
        const rightTime = times[right]!;
        if (rightTime < childTime || (rightTime === childTime && runsBefore(events[right]!, events[child]!))) {
          child = right;
          childTime = rightTime;
        }
      }
      if (lastTime < childTime || (lastTime === childTime && runsBefore(last, events[child]!))) break;
      times[i] = childTime;
      events[i] = events[child]!;
      i = child;
    }
    times[i] = lastTime;
    events[i] = last;
    return top;
  }

  clear(): void {
    this.events.length = 0;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
  }
}

/** Tie-break for two events at the same time: lower priority, then earlier insertion. */
function runsBefore(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);
}
