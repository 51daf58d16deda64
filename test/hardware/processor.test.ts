import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../src/engine/trace.js";
import { Component } from "../../src/hardware/component.js";
import {
  DEFAULT_PROCESSOR_PARAMS,
  PROCESSOR_PARAMETER_DOCS,
  Processor,
  processorParamsFrom,
  type PrecursorSignal,
  type WorkHandlers,
} from "../../src/hardware/processor.js";

/** Records what happens to the work submitted through it. */
function recorder() {
  const log: string[] = [];
  const handlers = (name: string): WorkHandlers => ({
    done: (now) => log.push(`${name} done ${now}`),
    aborted: (now, reason) => log.push(`${name} aborted ${now} ${reason}`),
  });
  return { log, handlers };
}

function traced(params: Partial<{ speed: number }> = {}) {
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const cpu = new Processor("cpu", params, sim);
  cpu.trace = new Trace((r) => records.push(r));
  return { sim, cpu, records };
}

describe("Processor work", () => {
  it("runs work of w seconds in w / speed", () => {
    const sim = new Simulator();
    const fast = new Processor("fast", { speed: 2 }, sim);
    const ref = new Processor("ref", {}, sim);
    const { log, handlers } = recorder();
    fast.execute(10, handlers("fast"));
    ref.execute(10, handlers("ref"));
    sim.run();
    expect(log).toEqual(["fast done 5", "ref done 10"]);
  });

  it("runs concurrent jobs each at full speed (one core per job)", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.execute(3, handlers("a"));
    cpu.execute(2, handlers("b"));
    expect(cpu.activeJobs).toBe(2);
    sim.run();
    expect(log).toEqual(["b done 2", "a done 3"]);
    expect(cpu.activeJobs).toBe(0);
  });

  it("completes zero work at once", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    sim.schedule(4, () => cpu.execute(0, handlers("a")));
    sim.run();
    expect(log).toEqual(["a done 4"]);
  });

  it("calls no handler for cancelled work, and reports the remaining work", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    const job = cpu.execute(10, handlers("a"));
    sim.schedule(4, () => {
      expect(job.remainingWork(sim.now)).toBe(6);
      job.cancel();
      job.cancel();
    });
    sim.run();
    expect(log).toEqual([]);
    expect(job.active).toBe(false);
    expect(job.remainingWork(sim.now)).toBe(0);
    expect(cpu.activeJobs).toBe(0);
  });

  it("rejects negative or infinite work", () => {
    const { cpu } = traced();
    const { handlers } = recorder();
    expect(() => cpu.execute(-1, handlers("a"))).toThrow(RangeError);
    expect(() => cpu.execute(Infinity, handlers("a"))).toThrow(/work must be >= 0/);
  });
});

describe("Processor fail-slow", () => {
  it("stretches work started while slow by exactly 1/factor", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.slowDown(0.25, 0, "fault");
    cpu.execute(10, handlers("a"));
    sim.run();
    expect(log).toEqual(["a done 40"]);
  });

  it("recomputes the finish time when the speed drops and recovers mid-job", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.execute(10, handlers("a"));
    // 4 s at speed 1 leaves 6; at 0.5 from t=4 to t=10 that does 3; 3 more at speed 1 ends at 13.
    sim.schedule(4, () => cpu.slowDown(0.5, sim.now, "fault"));
    sim.schedule(10, () => cpu.recover(sim.now, "fault over"));
    sim.run();
    expect(log).toEqual(["a done 13"]);
  });

  it("ends at 4 + 6/0.5 = 16 when the slowdown lasts", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    const job = cpu.execute(10, handlers("a"));
    sim.schedule(4, () => cpu.slowDown(0.5, sim.now, "fault"));
    sim.schedule(8, () => expect(job.remainingWork(sim.now)).toBe(4));
    sim.run();
    expect(log).toEqual(["a done 16"]);
  });

  it("is state slow, still up and responsive, with the speed scaled", () => {
    const { cpu, records } = traced({ speed: 2 });
    const changes: boolean[] = [];
    cpu.onChange((up) => changes.push(up));
    cpu.slowDown(0.5, 1, "thermal");
    expect(cpu.state).toBe("slow");
    expect(cpu.up).toBe(true);
    expect(cpu.responsive).toBe(true);
    expect(cpu.speed).toBe(1);
    expect(cpu.slowdown).toBe(0.5);
    expect(changes).toEqual([]);
    cpu.recover(3, "cooled");
    expect(cpu.state).toBe("up");
    expect(cpu.speed).toBe(2);
    expect(records.map((r) => [r.t, r.event, r.cause, r.detail])).toEqual([
      [1, "speed", "thermal", { factor: 0.5, speed: 1 }],
      [1, "slow", "thermal", undefined],
      [3, "speed", "cooled", { factor: 1, speed: 2 }],
      [3, "up", "cooled", undefined],
    ]);
  });

  it("replaces rather than compounds the factor of a second slowdown", () => {
    const { cpu } = traced();
    cpu.slowDown(0.5, 1, "a");
    cpu.slowDown(0.8, 2, "b");
    expect(cpu.speed).toBe(0.8);
  });

  it("rejects factors outside (0, 1]", () => {
    const { cpu } = traced();
    expect(() => cpu.slowDown(0, 1, "x")).toThrow(/\(0, 1\]/);
    expect(() => cpu.slowDown(1.5, 1, "x")).toThrow(RangeError);
    expect(() => cpu.slowDown(Number.NaN, 1, "x")).toThrow(RangeError);
  });

  it("is cleared by the repair after a fail-stop", () => {
    const { cpu } = traced();
    cpu.slowDown(0.5, 1, "fault");
    cpu.fail(2, "failure");
    cpu.restore(5, "repaired");
    expect(cpu.state).toBe("up");
    expect(cpu.speed).toBe(1);
  });

  it("persists through a container's outage", () => {
    const { cpu } = traced();
    const rack = new Component("rack", "rack");
    rack.contain(cpu);
    cpu.slowDown(0.5, 1, "fault");
    rack.fail(2, "power");
    rack.restore(3, "power back");
    expect(cpu.state).toBe("slow");
  });
});

describe("Processor hang", () => {
  it("freezes work without a word, turns responsive off, and the reboot aborts the work", () => {
    const { sim, cpu, records } = traced();
    const { log, handlers } = recorder();
    const changes: [boolean, number][] = [];
    cpu.onChange((up, now) => changes.push([up, now]));
    const job = cpu.execute(10, handlers("a"));
    sim.schedule(3, () => {
      cpu.hang(sim.now, "hang");
      expect(cpu.responsive).toBe(false);
      expect(cpu.state).toBe("hung");
      expect(cpu.reportsOwnFailure).toBe(false);
    });
    // Long after the work would have finished, it has neither completed nor been reported lost.
    sim.schedule(20, () => {
      expect(log).toEqual([]);
      expect(job.remainingWork(sim.now)).toBe(7);
      cpu.recover(sim.now, "rebooted");
    });
    sim.run();
    expect(log).toEqual(["a aborted 20 reboot"]);
    expect(cpu.responsive).toBe(true);
    expect(changes).toEqual([[false, 3], [true, 20]]);
    expect(records.map((r) => `${r.t} ${r.event} ${r.cause}`)).toEqual(["3 hung hang", "20 up rebooted", "20 work-aborted reboot"]);
  });

  it("freezes work submitted while hung, and the reboot aborts it", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.hang(0, "hang");
    cpu.execute(1, handlers("a"));
    sim.schedule(5, () => cpu.recover(sim.now, "reboot"));
    sim.run();
    expect(log).toEqual(["a aborted 5 reboot"]);
  });

  it("keeps work submitted by listeners of the reboot", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.execute(10, handlers("old"));
    cpu.onChange((up) => {
      if (up) cpu.execute(2, handlers("new"));
    });
    sim.schedule(1, () => cpu.hang(sim.now, "hang"));
    sim.schedule(4, () => cpu.recover(sim.now, "reboot"));
    sim.run();
    expect(log).toEqual(["old aborted 4 reboot", "new done 6"]);
  });

  it("ends only the named fault when recover is given one", () => {
    const { cpu } = traced();
    cpu.slowDown(0.5, 1, "slow");
    cpu.hang(2, "hang");
    cpu.recover(3, "reboot", "hang");
    expect(cpu.state).toBe("slow");
    cpu.hang(4, "hang");
    cpu.recover(5, "slow over", "slow");
    expect(cpu.state).toBe("hung");
    expect(cpu.speed).toBe(1);
  });

  it("cannot hang while down, and a container outage ends a hang", () => {
    const { cpu } = traced();
    const host = new Component("host", "host");
    host.contain(cpu);
    host.fail(1, "power");
    cpu.hang(2, "hang");
    expect(cpu.state).toBe("down");
    host.restore(3, "power back");
    expect(cpu.state).toBe("up");
    cpu.hang(4, "hang");
    host.fail(5, "power");
    host.restore(6, "power back");
    expect(cpu.state).toBe("up");
  });

  it("aborts frozen work when the hung processor goes down", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.execute(10, handlers("a"));
    sim.schedule(1, () => cpu.hang(sim.now, "hang"));
    sim.schedule(2, () => cpu.fail(sim.now, "failure"));
    sim.run();
    expect(log).toEqual(["a aborted 2 down"]);
    expect(cpu.reportsOwnFailure).toBe(false);
  });
});

describe("Processor fail-stop and self-report", () => {
  it("aborts running work at the failure and reports its own failure", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.execute(10, handlers("a"));
    cpu.execute(1, handlers("b"));
    sim.schedule(4, () => cpu.fail(sim.now, "failure"));
    sim.run();
    expect(log).toEqual(["b done 1", "a aborted 4 down"]);
    expect(cpu.reportsOwnFailure).toBe(true);
    cpu.restore(9, "repaired");
    expect(cpu.reportsOwnFailure).toBe(false);
  });

  it("tells a listener of the failure whether it was self-reported", () => {
    const { cpu } = traced();
    const seen: boolean[] = [];
    cpu.onChange((up) => {
      if (!up) seen.push(cpu.reportsOwnFailure);
    });
    cpu.fail(1, "failure");
    expect(seen).toEqual([true]);
  });

  it("does not report a failure while inside a down container, nor the container's outage", () => {
    const { cpu } = traced();
    const rack = new Component("rack", "rack");
    rack.contain(cpu);
    rack.fail(1, "power");
    expect(cpu.state).toBe("down");
    expect(cpu.reportsOwnFailure).toBe(false);
    cpu.fail(2, "failure");
    expect(cpu.reportsOwnFailure).toBe(false);
  });

  it("aborts work submitted while down in an event of its own at the same time", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.fail(0, "failure");
    sim.schedule(3, () => {
      cpu.execute(1, handlers("a"));
      const cancelled = cpu.execute(1, handlers("b"));
      cancelled.cancel();
      expect(log).toEqual([]);
    });
    sim.run();
    expect(log).toEqual(["a aborted 3 down"]);
  });

  it("aborts work when a transient outage takes it down", () => {
    const { sim, cpu } = traced();
    const { log, handlers } = recorder();
    cpu.execute(10, handlers("a"));
    sim.schedule(2, () => cpu.suspend(sim.now, "glitch"));
    sim.schedule(3, () => cpu.resume(sim.now, "glitch over"));
    sim.run();
    expect(log).toEqual(["a aborted 2 down"]);
    expect(cpu.state).toBe("up");
  });
});

describe("Processor precursor", () => {
  it("tells listeners of the announced failure with its lead time, and traces it", () => {
    const { cpu, records } = traced();
    const seen: PrecursorSignal[] = [];
    cpu.onPrecursor((s) => seen.push(s));
    cpu.precursor(100, 160, "ce rate rising");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ processor: cpu, now: 100, failureAt: 160, leadTimeS: 60, cause: "ce rate rising" });
    expect(records).toEqual([
      { t: 100, component: "cpu", event: "precursor", cause: "ce rate rising", detail: { failure_at: 160, lead_time_s: 60 } },
    ]);
  });

  it("emits nothing while hung or down", () => {
    const { cpu, records } = traced();
    const seen: PrecursorSignal[] = [];
    cpu.onPrecursor((s) => seen.push(s));
    cpu.hang(1, "hang");
    cpu.precursor(2, 10, "x");
    cpu.recover(3, "reboot");
    cpu.fail(4, "failure");
    cpu.precursor(5, 10, "x");
    expect(seen).toEqual([]);
    expect(records.some((r) => r.event === "precursor")).toBe(false);
  });

  it("rejects a failure time in the past", () => {
    const { cpu } = traced();
    expect(() => cpu.precursor(10, 5, "x")).toThrow(/before now/);
  });
});

describe("Processor parameters", () => {
  it("maps every documented scenario field to a parameter", () => {
    for (const doc of PROCESSOR_PARAMETER_DOCS) {
      expect(doc.unit, doc.name).not.toBe("");
      expect(doc.default, doc.name).not.toBe("");
      expect(processorParamsFrom({ [doc.name]: 12345 }), doc.name).not.toEqual(DEFAULT_PROCESSOR_PARAMS);
    }
  });

  it("documents every parameter with a unit and a default", () => {
    expect(PROCESSOR_PARAMETER_DOCS.map((d) => d.name)).toEqual(["speed"]);
    expect(DEFAULT_PROCESSOR_PARAMS.speed).toBe(1);
    expect(processorParamsFrom({})).toEqual({ speed: 1 });
    expect(processorParamsFrom({ speed: 2.5 })).toEqual({ speed: 2.5 });
  });

  it("rejects a non-positive speed", () => {
    expect(() => new Processor("p", { speed: 0 }, new Simulator())).toThrow(/speed must be > 0/);
  });
});

describe("Processor trace determinism", () => {
  /** Random faults and work on two processors, drawn from named streams; returns the trace as JSON lines. */
  function run(seed: number): string {
    const sim = new Simulator();
    const streams = new RandomStreams(seed, 0);
    const lines: string[] = [];
    const trace = new Trace((r) => lines.push(JSON.stringify(r)));
    for (const id of ["cpu[0]", "cpu[1]"]) {
      const cpu = new Processor(id, {}, sim);
      cpu.trace = trace;
      const faults = streams.stream(`${id}/faults`);
      const work = streams.stream(`${id}/work`);
      const submit = () => {
        cpu.execute(work.next() * 5, { done: () => lines.push(`${id} done ${sim.now}`), aborted: (now, why) => lines.push(`${id} aborted ${now} ${why}`) });
        if (sim.now < 500) sim.schedule(work.next() * 3, submit);
      };
      const fault = () => {
        const u = faults.next();
        const now = sim.now;
        if (!cpu.hasFailed) {
          if (u < 0.2) cpu.hang(now, "hang");
          else if (u < 0.4) cpu.slowDown(0.1 + faults.next() * 0.9, now, "slow");
          else if (u < 0.6) cpu.recover(now, "recover");
          else if (u < 0.7) cpu.fail(now, "failure");
          else cpu.precursor(now, now + faults.next() * 50, "precursor");
        } else cpu.restore(now, "repaired");
        if (now < 500) sim.schedule(faults.next() * 20, fault);
      };
      sim.schedule(0, submit);
      sim.schedule(0, fault);
    }
    sim.run();
    return lines.join("\n");
  }

  it("gives byte-identical traces for the same seed, and different ones for another", () => {
    const a = run(7);
    expect(a.length).toBeGreaterThan(1000);
    expect(run(7)).toBe(a);
    expect(run(8)).not.toBe(a);
  });
});
