import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { Component } from "../../src/hardware/component.js";
import { Disk, type IoHandlers } from "../../src/hardware/disk.js";
import type { Link } from "../../src/hardware/link.js";
import { Processor, type WorkHandlers } from "../../src/hardware/processor.js";
import { buildModel } from "../../src/run/model.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { fixed, traced } from "./traced.js";


function work() {
  const log: string[] = [];
  const handlers = (name: string): WorkHandlers => ({
    done: (now) => log.push(`${name} done ${now}`),
    aborted: (now, reason) => log.push(`${name} aborted ${now} ${reason}`),
  });
  return { log, handlers };
}

describe("containment cycles", () => {
  it("rejects a cycle that goes through a component's second container", () => {
    // host is in [rack, pdu]; putting pdu inside host closes pdu → host → pdu.
    const rack = new Component("rack", "rack");
    const pdu = new Component("pdu", "power");
    const host = new Component("host", "host");
    rack.contain(host);
    pdu.contain(host);
    expect(() => host.contain(pdu)).toThrow(/cycle/);
  });

  it("a scenario whose containers form a cycle through a second `in` is refused at build time", () => {
    const build = () =>
      buildModel(
        scenarioSchema.parse({
          name: "t",
          horizon: "10s",
          components: [
            { name: "rack", kind: "rack" },
            { name: "host", kind: "host", in: ["rack", "pdu"] },
            { name: "pdu", kind: "power", in: "host" },
          ],
        }),
        new Simulator(),
        new RandomStreams(1, 0),
      );
    expect(build).toThrow(/cycle/);
  });
});

describe("fault durations that overflow to infinity", () => {
  it("a transient whose sampled duration is infinite keeps the target down instead of throwing from the event", () => {
    // A lognormal with sigma 500 overflows to Infinity for about one draw in twelve.
    const run = () =>
      traced(
        {
          components: [{ name: "host", kind: "host", count: 4 }],
          faults: [{ type: "transient", target: "host", every: "1h", duration: { dist: "lognormal", median: "1m", sigma: 500 } }],
        },
        1000 * 3600,
      );
    expect(run).not.toThrow();
    const { model } = run();
    // Every host ends in an outage that never ends.
    expect(model.inventory.find("host")!.map((h) => h.up)).toEqual([false, false, false, false]);
  });

  it("a partition whose sampled duration is infinite never heals, without throwing", () => {
    const run = () =>
      traced(
        {
          components: [
            { name: "h", kind: "host", count: 2 },
            { name: "l", kind: "link", connects: ["h[0]", "h[1]"] },
          ],
          faults: [{ type: "partition", between: [["h[0]"], ["h[1]"]], every: "1h", duration: { dist: "lognormal", median: "1m", sigma: 500 } }],
        },
        1000 * 3600,
      );
    expect(run).not.toThrow();
  });
});

describe("a fault entry that names a target twice", () => {
  it("injects once per target instance, however many references resolve to it", () => {
    const downs = (target: unknown) =>
      traced({ components: [{ name: "c", count: 2, repair: fixed(5) }], faults: [{ type: "fail-stop", target, every: fixed(100) }] }, 400)
        .lines.filter((r) => r.component === "c[0]" && r.event === "down")
        .map((r) => r.t);
    expect(downs("c[0]")).toEqual([100, 205, 310]);
    expect(downs(["c", "c[0]"])).toEqual([100, 205, 310]);
    expect(downs(["kind:component", "c[0]"])).toEqual([100, 205, 310]);
  });
});

describe("overlapping faults on one link", () => {
  const links = {
    components: [
      { name: "h", kind: "host", count: 2 },
      { name: "l", kind: "link", connects: ["h[0]", "h[1]"], loss: 0.01 },
    ],
  };

  it("the end of a lossy period does not end a slowdown that is still running", () => {
    const { model, show } = traced(
      {
        ...links,
        faults: [
          { type: "fail-slow", target: "l", at: "10s", factor: 0.5, duration: "100s" },
          { type: "message-loss", target: "l", at: "20s", loss: 0.5, duration: "10s" },
        ],
      },
      50,
    );
    const link = model.inventory.find("l")![0] as Link;
    expect(show((r) => r.component === "l")).toEqual(["10 l bandwidth-changed fail-slow", "10 l slow fail-slow", "20 l loss-changed message-loss", "30 l loss-changed message-loss over"]);
    expect(link.speed).toBe(0.5);
    expect(link.loss).toBe(0.01);
  });

  it("the end of a slowdown does not end a lossy period that is still running", () => {
    const { model } = traced(
      {
        ...links,
        faults: [
          { type: "message-loss", target: "l", at: "10s", loss: 0.5, duration: "100s" },
          { type: "fail-slow", target: "l", at: "20s", factor: 0.5, duration: "10s" },
        ],
      },
      50,
    );
    const link = model.inventory.find("l")![0] as Link;
    expect(link.speed).toBe(1);
    expect(link.loss).toBe(0.5);
  });
});

describe("overlapping faults on one processor (scenario level)", () => {
  it("a fail-stop during a hang: the hang's reboot is a no-op on the dead processor and the hang clock goes on once", () => {
    const { show } = traced(
      {
        components: [{ name: "cpu", kind: "processor", repair: fixed(50) }],
        faults: [
          { type: "hang", target: "cpu", every: fixed(100), duration: "10s" },
          { type: "fail-stop", target: "cpu", at: "105s" },
        ],
      },
      350,
    );
    expect(show()).toEqual([
      "100 cpu hung hang",
      "105 cpu down fail-stop",
      "155 cpu up repaired",
      "210 cpu hung hang",
      "220 cpu up reboot",
      "320 cpu hung hang",
      "330 cpu up reboot",
    ]);
  });

  it("a stochastic precursor whose failure falls while the processor is already failed restarts its clock once", () => {
    const { show } = traced(
      {
        components: [{ name: "cpu", kind: "processor", repair: fixed(50) }],
        faults: [
          { type: "precursor", target: "cpu", every: fixed(100), lead: "10s" },
          { type: "fail-stop", target: "cpu", at: "95s" },
        ],
      },
      420,
    );
    expect(show()).toEqual([
      "90 cpu precursor precursor",
      "95 cpu down fail-stop",
      "145 cpu up repaired",
      // The announced failure (100) lapsed with the hardware it was seen on: the clock restarts
      // at the repair (145), as it would had the repair come before 100.
      "235 cpu precursor precursor",
      "245 cpu down precursor",
      "295 cpu up repaired",
      "385 cpu precursor precursor",
      "395 cpu down precursor",
    ]);
  });

  it("a precursor's announced failure lapses when the processor fails otherwise after the signal and is repaired first", () => {
    const { show } = traced(
      {
        components: [{ name: "cpu", kind: "processor", repair: fixed(15) }],
        faults: [
          { type: "precursor", target: "cpu", every: fixed(1000), lead: "100s" },
          { type: "fail-stop", target: "cpu", at: "950s" },
        ],
      },
      2100,
    );
    expect(show()).toEqual([
      "900 cpu precursor precursor",
      "950 cpu down fail-stop",
      "965 cpu up repaired",
      // The clock restarts at the repair: the next failure 1000 s later, announced 100 s before.
      "1865 cpu precursor precursor",
      "1965 cpu down precursor",
      "1980 cpu up repaired",
    ]);
  });

  it("a precursor's signal still to come lapses too when the processor fails otherwise and is repaired before it", () => {
    const { show } = traced(
      {
        components: [{ name: "cpu", kind: "processor", repair: fixed(15) }],
        faults: [
          { type: "precursor", target: "cpu", every: fixed(1000), lead: "100s" },
          { type: "fail-stop", target: "cpu", at: "500s" },
        ],
      },
      1600,
    );
    // Without the lapse, a phantom signal at 900 (for a failure at 1000 that no longer comes).
    expect(show()).toEqual(["500 cpu down fail-stop", "515 cpu up repaired", "1415 cpu precursor precursor", "1515 cpu down precursor", "1530 cpu up repaired"]);
  });

  it("a transient outage during a container outage: the host comes back only when both are over", () => {
    const { show } = traced(
      {
        components: [
          { name: "rack", kind: "rack", repair: fixed(20) },
          { name: "host", kind: "host", count: 2, in: "rack" },
        ],
        faults: [
          { type: "fail-stop", target: "rack", at: "10s" },
          { type: "transient", target: "host[0]", at: "15s", duration: "5s" },
          { type: "transient", name: "long", target: "host[1]", at: "15s", duration: "30s" },
        ],
      },
      100,
    );
    expect(show()).toEqual([
      "10 rack down fail-stop",
      "10 host[0] down rack down",
      "10 host[1] down rack down",
      "30 rack up repaired",
      "30 host[0] up rack up",
      "45 host[1] up long over",
    ]);
  });

  it("a repair that completes while the container is down brings back a healthy processor when the container returns", () => {
    const { model, show } = traced(
      {
        components: [
          { name: "host", kind: "host", repair: fixed(100) },
          { name: "cpu", kind: "processor", in: "host", repair: fixed(10) },
        ],
        faults: [
          { type: "fail-slow", target: "cpu", at: "1s", factor: 0.5, duration: "1000s" },
          { type: "fail-stop", name: "cpu-fail", target: "cpu", at: "5s" },
          { type: "fail-stop", name: "host-fail", target: "host", at: "6s" },
        ],
      },
      200,
    );
    const cpu = model.inventory.find("cpu")![0] as Processor;
    expect(show((r) => r.component === "cpu" && ["up", "down", "slow", "hung", "fail"].includes(r.event))).toEqual([
      "1 cpu slow fail-slow",
      "5 cpu down cpu-fail",
      "106 cpu up host up",
    ]);
    expect(cpu.speed).toBe(1);
    expect(cpu.reportsOwnFailure).toBe(false);
  });
});

describe("processor work across several faults", () => {
  it("finishes at the right time after several replacing speed changes", () => {
    const sim = new Simulator();
    const cpu = new Processor("cpu", {}, sim);
    const { log, handlers } = work();
    cpu.execute(10, handlers("a"));
    sim.scheduleAt(2, () => cpu.slowDown(0.5, 2, "x"));
    sim.scheduleAt(4, () => cpu.slowDown(0.25, 4, "y"));
    sim.scheduleAt(6, () => cpu.recover(6, "over", "slow"));
    sim.run({ until: 100 });
    // 2 s at 1, 2 s at 0.5 (1 s of work), 2 s at 0.25 (0.5 s), then 6.5 s at 1.
    expect(log).toEqual(["a done 12.5"]);
  });

  it("after a hang and its reboot, new work runs at the slowdown that outlived the hang", () => {
    const sim = new Simulator();
    const cpu = new Processor("cpu", { speed: 2 }, sim);
    const { log, handlers } = work();
    cpu.execute(10, handlers("old"));
    sim.scheduleAt(1, () => cpu.slowDown(0.5, 1, "slow"));
    sim.scheduleAt(2, () => cpu.hang(2, "hang"));
    sim.scheduleAt(3, () => cpu.slowDown(0.25, 3, "slower"));
    sim.scheduleAt(5, () => {
      cpu.recover(5, "reboot", "hang");
      cpu.execute(1, handlers("new"));
    });
    sim.run({ until: 100 });
    expect(log).toEqual(["old aborted 5 reboot", "new done 7"]);
  });

  it("work submitted to a down processor that comes back and speeds up in the same instant is aborted once, never completed", () => {
    const sim = new Simulator();
    const cpu = new Processor("cpu", {}, sim);
    const { log, handlers } = work();
    cpu.slowDown(0.5, 0, "slow");
    sim.scheduleAt(1, () => {
      cpu.suspend(1, "glitch");
      const h = cpu.execute(0, handlers("a"));
      cpu.resume(1, "back");
      cpu.recover(1, "over", "slow");
      expect(h.active).toBe(true);
    });
    sim.run({ until: 100 });
    expect(log).toEqual(["a aborted 1 down"]);
    expect(cpu.activeJobs).toBe(0);
  });
});

describe("disk I/O with rates changing mid-operation", () => {
  const SMALL = { capacityBytes: 1000, extentSizeBytes: 100, readBandwidthBytesPerS: 100, writeBandwidthBytesPerS: 100, rebuildShare: 0.25 };
  function io() {
    const log: string[] = [];
    const handlers = (name: string): IoHandlers => ({
      done: (now, r) => log.push(`${name} done ${now} [${r.badExtents.join(",")}]`),
      failed: (now, reason) => log.push(`${name} failed ${now} ${reason}`),
    });
    return { log, handlers };
  }

  it("finds a latent error at the time the read passes it, across a foreground burst that slows it down", () => {
    const sim = new Simulator();
    const d = new Disk("d", SMALL, sim);
    const { log, handlers } = io();
    const found: number[] = [];
    d.onLatentDiscovered((e) => found.push(e.now));
    d.read({ extent: 0, count: 10 }, "rebuild", handlers("rb"));
    sim.scheduleAt(1, () => d.latentSectorError(1, 7, "lse"));
    // Foreground 100 B from t=2: the rebuild gets 25 B/s, the foreground 75 B/s (done at 2 + 4/3).
    sim.scheduleAt(2, () => d.read({ bytes: 100 }, "foreground", handlers("fg")));
    sim.run({ until: 100 });
    // 200 B read by t=2, then 100/3 B in 4/3 s at 25 B/s, then 100 B/s again: extent 7 ends at 800 B.
    const at = 2 + 4 / 3 + (800 - 200 - 100 / 3) / 100;
    expect(found).toHaveLength(1);
    expect(found[0]).toBeCloseTo(at, 9);
    expect(log[0]).toBe(`fg done ${2 + 4 / 3} []`);
    expect(log[1]).toMatch(/^rb done (11|10\.9999999\d*|11\.0000000\d*) \[7\]$/);
  });

  it("a container outage mid-read fails the read, keeps the latent error, and a later read finds it", () => {
    const sim = new Simulator();
    const rack = new Component("rack", "rack");
    const d = new Disk("d", SMALL, sim);
    rack.contain(d);
    const { log, handlers } = io();
    d.latentSectorError(0, 5, "lse");
    d.read({ extent: 0, count: 10 }, "rebuild", handlers("first"));
    sim.scheduleAt(3, () => rack.fail(3, "power"));
    sim.scheduleAt(4, () => rack.restore(4, "back"));
    sim.scheduleAt(5, () => d.read({ extent: 0, count: 10 }, "rebuild", handlers("second")));
    sim.run({ until: 100 });
    expect(log).toEqual(["first failed 3 rack down", "second done 15 [5]"]);
    expect(d.knownBadExtents()).toEqual([5]);
  });
});

describe("speed changes in the trace", () => {
  it("a repair that clears a slowdown records the speed change", () => {
    const { show } = traced({
      components: [{ name: "cpu", kind: "processor", repair: fixed(50) }],
      faults: [
        { type: "fail-slow", target: "cpu", at: "10s", factor: 0.5, duration: "1000s" },
        { type: "fail-stop", target: "cpu", at: "20s" },
      ],
    }, 100);
    expect(show((r) => r.component === "cpu" && ["speed", "up", "down"].includes(r.event))).toEqual([
      "10 cpu speed fail-slow",
      "20 cpu down fail-stop",
      "70 cpu speed repaired",
      "70 cpu up repaired",
    ]);
  });
});

describe("a stochastic precursor whose processor fails otherwise and is still down at the announced time", () => {
  const run = (repairS: number, until: number) =>
    traced(
      {
        components: [{ name: "cpu", kind: "processor", repair: fixed(repairS) }],
        faults: [
          { type: "precursor", target: "cpu", every: fixed(1000), lead: "100s" },
          { type: "fail-stop", target: "cpu", at: "950s" },
        ],
      },
      until,
    ).show();

  it("restarts the clock at the repair, as when the repair comes before the announced time", () => {
    // Before: the clock restarted at 1000, while the processor was out, so the new one failed 500 s after its repair.
    expect(run(550, 2600)).toEqual(["900 cpu precursor precursor", "950 cpu down fail-stop", "1500 cpu up repaired", "2400 cpu precursor precursor", "2500 cpu down precursor"]);
  });

  it("a repair just before or exactly at the announced time gives the same next failure, 1000 s after the repair", () => {
    expect(run(49, 2100)).toContain("1999 cpu down precursor"); // repaired at 999
    expect(run(50, 2100)).toContain("2000 cpu down precursor"); // repaired at 1000, the announced instant
    expect(run(51, 2100)).toContain("2001 cpu down precursor"); // before: 2000, the clock started at 1000
  });
});
