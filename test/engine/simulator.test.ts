import { describe, it, expect } from "vitest";
import { EventLimitError, SimulationError } from "../../src/engine/errors.js";
import { Simulator } from "../../src/engine/simulator.js";

/** The error `fn` throws, for assertions on its type and message. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("Simulator ordering", () => {
  it("runs events in time order and advances now to each event's time", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [3, 1, 2]) sim.scheduleAt(t, () => seen.push(sim.now));
    sim.run();
    expect(seen).toEqual([1, 2, 3]);
  });

  it("runs same-time events by priority, then in scheduling order", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.scheduleAt(1, () => seen.push("a"), 1);
    sim.scheduleAt(1, () => seen.push("b"), 0);
    sim.scheduleAt(1, () => seen.push("c"), 1);
    sim.scheduleAt(1, () => seen.push("d"), 0);
    sim.run();
    expect(seen).toEqual(["b", "d", "a", "c"]);
  });

  it("runs an event scheduled from a callback at the same time after the already-queued same-time events", () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.scheduleAt(1, () => {
      seen.push("first");
      sim.schedule(0, () => seen.push("spawned"));
    });
    sim.scheduleAt(1, () => seen.push("second"));
    sim.run();
    expect(seen).toEqual(["first", "second", "spawned"]);
  });

  it("schedules relative to the current time", () => {
    const sim = new Simulator();
    let at = -1;
    sim.scheduleAt(10, () => sim.schedule(2.5, () => (at = sim.now)));
    sim.run();
    expect(at).toBe(12.5);
  });
});

describe("Simulator cancellation", () => {
  it("never runs a cancelled event", () => {
    const sim = new Simulator();
    let ran = false;
    const handle = sim.schedule(1, () => (ran = true));
    sim.cancel(handle);
    sim.run();
    expect(ran).toBe(false);
  });

  it("lets a callback cancel a later event", () => {
    const sim = new Simulator();
    let ran = false;
    const later = sim.schedule(2, () => (ran = true));
    sim.schedule(1, () => sim.cancel(later));
    sim.run();
    expect(ran).toBe(false);
  });

  it("treats cancelling twice as harmless", () => {
    const sim = new Simulator();
    const handle = sim.schedule(1, () => {});
    sim.cancel(handle);
    expect(() => sim.cancel(handle)).not.toThrow();
    expect(sim.run()).toBe("empty");
  });

  it("treats cancelling after the event ran as harmless", () => {
    const sim = new Simulator();
    let runs = 0;
    const handle = sim.schedule(1, () => runs++);
    sim.run();
    expect(() => sim.cancel(handle)).not.toThrow();
    expect(runs).toBe(1);
  });

  it("accepts cancel(undefined) as a no-op", () => {
    const sim = new Simulator();
    expect(() => sim.cancel(undefined)).not.toThrow();
  });

  it("does not count cancelled events in eventsProcessed", () => {
    const sim = new Simulator();
    sim.schedule(1, () => {});
    sim.cancel(sim.schedule(2, () => {}));
    sim.schedule(3, () => {});
    sim.run();
    expect(sim.eventsProcessed).toBe(2);
  });

  it("counts cancelled events in pending until they are discarded", () => {
    const sim = new Simulator();
    sim.cancel(sim.schedule(1, () => {}));
    expect(sim.pending).toBe(1);
    sim.run();
    expect(sim.pending).toBe(0);
  });
});

describe("Simulator.run stop conditions", () => {
  it("returns 'empty' when the queue is empty", () => {
    const sim = new Simulator();
    expect(sim.run()).toBe("empty");
    expect(sim.now).toBe(0);
  });

  it("stops before events later than until and sets the clock to until", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [1, 5, 10]) sim.scheduleAt(t, () => seen.push(t));
    expect(sim.run({ until: 7 })).toBe("until");
    expect(seen).toEqual([1, 5]);
    expect(sim.now).toBe(7);
  });

  it("runs events exactly at until", () => {
    const sim = new Simulator();
    let ran = false;
    sim.scheduleAt(7, () => (ran = true));
    sim.run({ until: 7 });
    expect(ran).toBe(true);
  });

  it("continues from until on a later run", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (const t of [1, 10, 20]) sim.scheduleAt(t, () => seen.push(t));
    sim.run({ until: 5 });
    expect(sim.run({ until: 15 })).toBe("until");
    expect(seen).toEqual([1, 10]);
    expect(sim.run()).toBe("empty");
    expect(seen).toEqual([1, 10, 20]);
    expect(sim.now).toBe(20);
  });

  it("sets the clock to until when the queue empties first", () => {
    const sim = new Simulator();
    sim.scheduleAt(1, () => {});
    expect(sim.run({ until: 100 })).toBe("empty");
    expect(sim.now).toBe(100);
  });

  it("stops after the event for which stopWhen returns true", () => {
    const sim = new Simulator();
    let count = 0;
    for (let t = 1; t <= 10; t++) sim.scheduleAt(t, () => count++);
    expect(sim.run({ stopWhen: () => count === 3 })).toBe("stopped");
    expect(count).toBe(3);
    expect(sim.now).toBe(3);
  });

  it("stops after the current event when a callback calls stop(), and a later run resumes", () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.scheduleAt(1, () => {
      seen.push(1);
      sim.stop();
    });
    sim.scheduleAt(2, () => seen.push(2));
    expect(sim.run()).toBe("stopped");
    expect(seen).toEqual([1]);
    expect(sim.run()).toBe("empty");
    expect(seen).toEqual([1, 2]);
  });
});

describe("Simulator guards", () => {
  it("rejects scheduling in the past, saying so", () => {
    const sim = new Simulator();
    sim.run({ until: 10 });
    const error = thrown(() => sim.scheduleAt(5, () => {}));
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/in the past.*t=5s.*now=10s/);
  });

  it("rejects scheduling at NaN, saying so", () => {
    const sim = new Simulator();
    const error = thrown(() => sim.scheduleAt(Number.NaN, () => {}));
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/NaN/);
  });

  it("rejects scheduling at infinity, saying so", () => {
    const sim = new Simulator();
    const error = thrown(() => sim.scheduleAt(Infinity, () => {}));
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/infinity/);
  });

  it("rejects an infinite delay, saying so", () => {
    const sim = new Simulator();
    const error = thrown(() => sim.schedule(Infinity, () => {}));
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/infinity/);
  });

  it("rejects a negative delay, naming it", () => {
    const sim = new Simulator();
    const error = thrown(() => sim.schedule(-1, () => {}));
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/delay of -1s/);
  });

  it("rejects a NaN delay, naming it", () => {
    const sim = new Simulator();
    const error = thrown(() => sim.schedule(Number.NaN, () => {}));
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/delay of NaN/);
  });

  it("rejects run({until}) before now", () => {
    const sim = new Simulator();
    sim.run({ until: 10 });
    const error = thrown(() => sim.run({ until: 5 }));
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as Error).message).toMatch(/t=5s is before now=10s/);
  });

  it("rejects run({until: NaN})", () => {
    const sim = new Simulator();
    expect(() => sim.run({ until: Number.NaN })).toThrow(SimulationError);
  });

  it("rejects a maxEvents that is not positive", () => {
    expect(() => new Simulator({ maxEvents: 0 })).toThrow(SimulationError);
  });
});

describe("Simulator maxEvents", () => {
  it("throws EventLimitError naming the cap when a self-rescheduling model runs away", () => {
    const sim = new Simulator({ maxEvents: 1000 });
    const tick = (): void => void sim.schedule(1, tick);
    sim.schedule(1, tick);
    const error = thrown(() => sim.run());
    expect(error).toBeInstanceOf(EventLimitError);
    expect((error as EventLimitError).maxEvents).toBe(1000);
    expect((error as Error).message).toContain("1000 events");
  });

  it("allows exactly maxEvents events", () => {
    const sim = new Simulator({ maxEvents: 5 });
    for (let t = 1; t <= 5; t++) sim.scheduleAt(t, () => {});
    expect(sim.run()).toBe("empty");
    expect(sim.eventsProcessed).toBe(5);
  });

  it("does not count cancelled events towards maxEvents", () => {
    const sim = new Simulator({ maxEvents: 2 });
    sim.schedule(1, () => {});
    for (let i = 0; i < 10; i++) sim.cancel(sim.schedule(2, () => {}));
    sim.schedule(3, () => {});
    expect(sim.run()).toBe("empty");
  });
});

describe("scheduleUnlessNever", () => {
  it("schedules nothing for an infinite delay and returns undefined", () => {
    const sim = new Simulator();
    expect(sim.scheduleUnlessNever(Infinity, () => {})).toBeUndefined();
    expect(sim.pending).toBe(0);
  });

  it("schedules a finite delay like schedule", () => {
    const sim = new Simulator();
    let ran = -1;
    sim.scheduleUnlessNever(5, () => (ran = sim.now));
    sim.run();
    expect(ran).toBe(5);
  });

  it("still rejects a NaN delay", () => {
    expect(() => new Simulator().scheduleUnlessNever(NaN, () => {})).toThrow(/NaN/);
  });
});
