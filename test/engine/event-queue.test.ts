import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { EventQueue, type ScheduledEvent } from "../../src/engine/event-queue.js";

const noop = (): void => {};

/** Pops everything, returning the popped events in order. */
function drain(queue: EventQueue): ScheduledEvent[] {
  const out: ScheduledEvent[] = [];
  for (let event = queue.pop(); event !== undefined; event = queue.pop()) out.push(event);
  return out;
}

describe("EventQueue", () => {
  it("pops events in increasing time order", () => {
    const queue = new EventQueue();
    for (const time of [5, 1, 4, 2, 3]) queue.push(time, 0, noop);
    expect(drain(queue).map((e) => e.time)).toEqual([1, 2, 3, 4, 5]);
  });

  it("breaks time ties by lower priority first", () => {
    const queue = new EventQueue();
    queue.push(1, 2, noop);
    queue.push(1, -1, noop);
    queue.push(1, 0, noop);
    expect(drain(queue).map((e) => e.priority)).toEqual([-1, 0, 2]);
  });

  it("breaks (time, priority) ties in insertion order", () => {
    const queue = new EventQueue();
    const pushed = [0, 1, 2, 3, 4, 5, 6, 7].map(() => queue.push(3, 1, noop));
    expect(drain(queue)).toEqual(pushed);
  });

  it("numbers events by insertion in seq", () => {
    const queue = new EventQueue();
    const a = queue.push(2, 0, noop);
    const b = queue.push(1, 0, noop);
    expect(b.seq).toBeGreaterThan(a.seq);
  });

  it("returns undefined from pop and peek when empty", () => {
    const queue = new EventQueue();
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
  });

  it("peeks at the next event without removing it", () => {
    const queue = new EventQueue();
    queue.push(2, 0, noop);
    const first = queue.push(1, 0, noop);
    expect(queue.peek()).toBe(first);
    expect(queue.size).toBe(2);
  });

  it("counts pending events in size, and clear empties it", () => {
    const queue = new EventQueue();
    for (let i = 0; i < 100; i++) queue.push(i, 0, noop);
    expect(queue.size).toBe(100);
    queue.pop();
    expect(queue.size).toBe(99);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
  });

  it("pops in the order of a stable sort by (time, priority) for any list (property)", () => {
    // Small integer ranges force many ties; lengths past 64 exercise the heap's growth.
    const entry = fc.record({ time: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -3, max: 3 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 300 }), (entries) => {
        const queue = new EventQueue();
        const pushed = entries.map((e) => queue.push(e.time, e.priority, noop));
        // Array.prototype.sort is stable (ES2019), so equal keys keep insertion order.
        const expected = [...pushed].sort((a, b) => a.time - b.time || a.priority - b.priority);
        expect(drain(queue)).toEqual(expected);
      }),
    );
  });

  it("matches a sorted-list model under interleaved pushes and pops (property)", () => {
    const op = fc.oneof(
      fc.record({ time: fc.integer({ min: 0, max: 10 }), priority: fc.integer({ min: 0, max: 2 }) }),
      fc.constant("pop" as const),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const queue = new EventQueue();
        const model: ScheduledEvent[] = [];
        for (const o of ops) {
          if (o === "pop") {
            model.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
            expect(queue.pop()).toBe(model.shift());
          } else {
            model.push(queue.push(o.time, o.priority, noop));
          }
          expect(queue.size).toBe(model.length);
        }
      }),
    );
  });
});
