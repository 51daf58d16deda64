import { Heap } from "heap-js";
import { RandomStreams } from "../src/engine/random.js";
import { Simulator } from "../src/engine/simulator.js";
import type { BenchCase, BenchOutcome } from "./case.js";
import { TypedHeap } from "./typed-heap.js";

/*
 * The classic "hold" model for event-set benchmarks (Vaucher & Duval, 1975;
 * Jones, CACM 29(4), 1986): keep `pending` events queued; each step removes
 * the earliest and inserts one at now + Exp(1). Inter-event times come from
 * the named alea stream "hold", so both variants see the same draws and
 * process the same events in the same order.
 */

const STREAM = "hold";

/** The hold model on ftsim's `Simulator`: each event's callback schedules the next. */
export function prepareHoldEngine(pending: number, steps: number, seed: number): () => BenchOutcome {
  const sim = new Simulator();
  const rng = new RandomStreams(seed, 0).stream(STREAM);
  let remaining = steps;
  const step = (): void => {
    sim.schedule(-Math.log(1 - rng.next()), step);
    if (--remaining === 0) sim.stop();
  };
  for (let i = 0; i < pending; i++) sim.schedule(-Math.log(1 - rng.next()), step);
  return () => {
    sim.run();
    return { events: sim.eventsProcessed, finalTimeS: sim.now };
  };
}

interface PlainEvent {
  t: number;
  seq: number;
}

/**
 * The hold model as a bare heap-js loop: `{t, seq}` objects, FIFO ties by
 * seq, no callbacks. It inserts with `add`, heap-js's fastest insert (`push`
 * goes through a rest-argument wrapper and is about 15% slower here), so the
 * baseline is as fast as plain heap-js gets.
 */
export function prepareHoldBaseline(pending: number, steps: number, seed: number): () => BenchOutcome {
  const heap = new Heap<PlainEvent>((a, b) => a.t - b.t || a.seq - b.seq);
  const rng = new RandomStreams(seed, 0).stream(STREAM);
  let seq = 0;
  for (let i = 0; i < pending; i++) heap.add({ t: -Math.log(1 - rng.next()), seq: seq++ });
  return () => {
    let now = 0;
    for (let i = 0; i < steps; i++) {
      const event = heap.pop();
      if (event === undefined) throw new Error("hold baseline: heap ran empty");
      now = event.t;
      heap.add({ t: now + -Math.log(1 - rng.next()), seq: seq++ });
    }
    return { events: steps, finalTimeS: now };
  };
}

/** The hold model as a loop over a typed-array heap: no objects, no callbacks. */
export function prepareHoldTyped(pending: number, steps: number, seed: number): () => BenchOutcome {
  const heap = new TypedHeap(pending + 1);
  const rng = new RandomStreams(seed, 0).stream(STREAM);
  for (let i = 0; i < pending; i++) heap.push(-Math.log(1 - rng.next()), 0);
  return () => {
    let now = 0;
    for (let i = 0; i < steps; i++) {
      now = heap.pop();
      heap.push(now + -Math.log(1 - rng.next()), 0);
    }
    return { events: steps, finalTimeS: now };
  };
}

export const holdCase: BenchCase = {
  name: "hold",
  description: "hold model: N pending events, pop the earliest, push one at now + Exp(1)",
  sizes: [1e3, 1e5, 1e6],
  steps: () => 1_000_000,
  engine: prepareHoldEngine,
  baseline: prepareHoldBaseline,
  typed: prepareHoldTyped,
};
