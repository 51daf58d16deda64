import { describe, it, expect } from "vitest";
import { Simulator } from "../../src/engine/simulator.js";
import { RepairShop, type RepairJob } from "../../src/hardware/repair-shop.js";

/** A job of fixed duration that logs when its duration is sampled and when it completes. */
function job(name: string, durationS: number, sim: Simulator, log: string[], then?: () => void): RepairJob {
  return {
    duration: () => {
      log.push(`start ${name} @${sim.now}`);
      return durationS;
    },
    done: (now) => {
      log.push(`done ${name} @${now}`);
      then?.();
    },
  };
}

describe("RepairShop", () => {
  it("rejects fewer than one crew", () => {
    expect(() => new RepairShop(new Simulator(), 0)).toThrow(RangeError);
    expect(() => new RepairShop(new Simulator(), NaN)).toThrow(RangeError);
  });

  it("starts every job at once with unlimited crews", () => {
    const sim = new Simulator();
    const shop = new RepairShop(sim, Infinity);
    const log: string[] = [];
    shop.submit(job("a", 5, sim, log));
    shop.submit(job("b", 3, sim, log));
    shop.submit(job("c", 4, sim, log));
    expect(shop.queueLength).toBe(0);
    sim.run();
    expect(log).toEqual(["start a @0", "start b @0", "start c @0", "done b @3", "done c @4", "done a @5"]);
  });

  it("queues jobs FIFO with one crew and samples each duration when the crew starts it", () => {
    const sim = new Simulator();
    const shop = new RepairShop(sim, 1);
    const log: string[] = [];
    shop.submit(job("a", 5, sim, log));
    sim.scheduleAt(1, () => shop.submit(job("b", 3, sim, log)));
    sim.scheduleAt(2, () => shop.submit(job("c", 1, sim, log)));
    sim.run({ until: 2 });
    expect(shop.queueLength).toBe(2);
    sim.run();
    expect(log).toEqual(["start a @0", "done a @5", "start b @5", "done b @8", "start c @8", "done c @9"]);
    expect(shop.queueLength).toBe(0);
  });

  it("runs two jobs at once with two crews and queues the third", () => {
    const sim = new Simulator();
    const shop = new RepairShop(sim, 2);
    const log: string[] = [];
    shop.submit(job("a", 5, sim, log));
    shop.submit(job("b", 3, sim, log));
    shop.submit(job("c", 4, sim, log));
    expect(shop.queueLength).toBe(1);
    sim.run();
    expect(log).toEqual(["start a @0", "start b @0", "done b @3", "start c @3", "done a @5", "done c @7"]);
  });

  it("puts a job submitted from a completion callback behind the jobs already waiting", () => {
    const sim = new Simulator();
    const shop = new RepairShop(sim, 1);
    const log: string[] = [];
    shop.submit(job("a", 2, sim, log, () => shop.submit(job("late", 1, sim, log))));
    shop.submit(job("b", 3, sim, log));
    sim.run();
    expect(log).toEqual(["start a @0", "done a @2", "start b @2", "done b @5", "start late @5", "done late @6"]);
  });

  it("keeps FIFO order across many queued jobs", () => {
    const sim = new Simulator();
    const shop = new RepairShop(sim, 1);
    const done: number[] = [];
    for (let i = 0; i < 3000; i++) shop.submit({ duration: () => 1, done: () => done.push(i) });
    sim.run();
    expect(done).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(sim.now).toBe(3000);
  });
});
