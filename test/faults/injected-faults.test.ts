import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import type { TraceRecord } from "../../src/engine/trace.js";
import { Dimm } from "../../src/hardware/memory.js";
import { Processor } from "../../src/hardware/processor.js";
import { buildModel } from "../../src/run/model.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { fixed, traced } from "./traced.js";


describe("scripted faults", () => {
  it("fail-stop at a fixed time, repaired by a crew with the component's repair time", () => {
    const { show } = traced({ components: [{ name: "disk", count: 2, repair: fixed(50) }], faults: [{ type: "fail-stop", target: "disk[1]", at: ["100s", "300s"] }] });
    expect(show()).toEqual(["100 disk[1] down fail-stop", "150 disk[1] up repaired", "300 disk[1] down fail-stop", "350 disk[1] up repaired"]);
  });

  it("a rack fault takes down exactly the hosts inside it, and its repair brings them back", () => {
    const { show } = traced({
      components: [
        { name: "rack", kind: "rack", count: 2, repair: fixed(10) },
        { name: "host", kind: "host", count: 4, in: "rack" },
      ],
      faults: [{ type: "fail-stop", target: "rack[1]", at: "5s" }],
    });
    expect(show()).toEqual([
      "5 rack[1] down fail-stop",
      "5 host[2] down rack[1] down",
      "5 host[3] down rack[1] down",
      "15 rack[1] up repaired",
      "15 host[2] up rack[1] up",
      "15 host[3] up rack[1] up",
    ]);
  });

  it("transient: down for its duration and back without a crew", () => {
    const { show } = traced({ components: [{ name: "host", kind: "host", repair: "none" }], faults: [{ type: "transient", target: "host", at: "7s", duration: "3s" }] });
    expect(show()).toEqual(["7 host down transient", "10 host up transient over"]);
  });

  it("hang and fail-slow on a processor, each ended by its own recovery", () => {
    const { show, model } = traced({
      components: [{ name: "cpu", kind: "processor" }],
      faults: [
        { type: "fail-slow", target: "cpu", at: "10s", factor: 0.5, duration: "100s" },
        { type: "hang", target: "cpu", at: "20s", duration: "5s" },
      ],
    });
    expect(show((r) => r.component === "cpu" && ["up", "down", "hung", "slow"].includes(r.event))).toEqual([
      "10 cpu slow fail-slow",
      "20 cpu hung hang",
      "25 cpu slow reboot",
      "110 cpu up fail-slow over",
    ]);
    expect((model.inventory.find("cpu")![0] as Processor).speed).toBe(1);
  });

  it("precursor: the signal comes `lead` before the fail-stop it announces", () => {
    const { show, model } = traced({
      components: [{ name: "cpu", kind: "processor", repair: fixed(60) }],
      faults: [{ type: "precursor", target: "cpu", at: "1000s", lead: "5m" }],
    });
    const cpu = model.inventory.find("cpu")![0] as Processor;
    expect(cpu).toBeInstanceOf(Processor);
    expect(show()).toEqual(["700 cpu precursor precursor", "1000 cpu down precursor", "1060 cpu up repaired"]);
  });

  it("an uncorrectable error reports the owner of the page it hit", () => {
    const scenario = scenarioSchema.parse({
      name: "t",
      horizon: "100s",
      components: [{ name: "dimm", kind: "dimm", size: "64KiB", page_size: "4KiB" }],
      faults: [{ type: "uncorrectable-error", target: "dimm", at: ["1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s"] }],
    });
    const sim = new Simulator();
    const model = buildModel(scenario, sim, new RandomStreams(1, 0));
    const dimm = model.inventory.find("dimm")![0] as Dimm;
    dimm.allocate("hypervisor", 4);
    dimm.allocate("vm1", 8);
    const hits: [number, string | undefined][] = [];
    dimm.onUncorrectable((e) => hits.push([e.page, e.owner]));
    model.start();
    sim.run({ until: 100 });
    expect(hits).toHaveLength(8);
    for (const [page, owner] of hits) expect(owner).toBe(page < 4 ? "hypervisor" : page < 12 ? "vm1" : undefined);
    expect(new Set(hits.map(([, o]) => o)).size).toBeGreaterThan(1);
  });

  it("a partition cuts only the network named, and heals after its duration", () => {
    const { show } = traced({
      components: [
        { name: "h", kind: "host", count: 3 },
        { name: "sw", kind: "switch" },
        { name: "up", kind: "link", count: 3, connects: ["h", "sw"] },
        { name: "fab", kind: "link", count: 3, connects: ["h", "sw"], network: "fabric" },
      ],
      faults: [{ type: "partition", network: "lan", between: [["h[0]"], ["h[1]", "h[2]"]], at: "50s", duration: "10s" }],
    });
    expect(show()).toEqual(["50 network:lan partition partition", "60 network:lan heal healed"]);
  });
});

describe("stochastic faults", () => {
  it("recur as a renewal process: the next fault is drawn when the previous one is over", () => {
    const { show } = traced(
      { components: [{ name: "host", kind: "host" }], faults: [{ type: "transient", target: "host", every: fixed(100), duration: "10s" }] },
      400,
    );
    expect(show()).toEqual(["100 host down transient", "110 host up transient over", "210 host down transient", "220 host up transient over", "320 host down transient", "330 host up transient over"]);
  });

  it("skip a target that is not working: a failed processor cannot hang", () => {
    const { show } = traced(
      {
        components: [{ name: "cpu", kind: "processor", repair: fixed(1000) }],
        faults: [
          { type: "fail-stop", target: "cpu", at: "50s" },
          { type: "hang", target: "cpu", every: fixed(100), duration: "1s" },
        ],
      },
      1200,
    );
    expect(show()).toEqual(["50 cpu down fail-stop", "1050 cpu up repaired", "1100 cpu hung hang", "1101 cpu up reboot"]);
  });

  it("a fail-stop fault repeats after each repair, beside the component's own failures", () => {
    const { lines } = traced(
      { components: [{ name: "c", mttf: "1e9s", repair: fixed(5) }], faults: [{ type: "fail-stop", target: "c", every: fixed(20) }] },
      100,
    );
    expect(lines.filter((r) => r.component === "c" && r.event === "down").map((r) => r.t)).toEqual([20, 45, 70, 95]);
  });

  it("draws from the target's own streams: adding a fault on another component changes nothing here", () => {
    const base = { components: [{ name: "a", kind: "host" }, { name: "b", kind: "host" }] };
    const one = traced({ ...base, faults: [{ type: "transient", target: "a", every: "100s", duration: "1s" }] }, 5000);
    const two = traced(
      { ...base, faults: [{ type: "transient", target: "a", every: "100s", duration: "1s" }, { type: "transient", name: "other", target: "b", every: "50s", duration: "1s" }] },
      5000,
    );
    const onA = (r: TraceRecord) => r.component === "a";
    expect(two.show(onA)).toEqual(one.show(onA));
    expect(one.show(onA).length).toBeGreaterThan(20);
  });

  it("correctable errors come in geometric bursts with the given mean", () => {
    const { model } = traced({ components: [{ name: "dimm", kind: "dimm" }], faults: [{ type: "correctable-error", target: "dimm", every: "1s", burst: 4 }] }, 20_000);
    const dimm = model.inventory.find("dimm")![0] as Dimm;
    const bursts: number[] = [];
    // Re-run with a listener to see the burst sizes.
    const scenario = scenarioSchema.parse({ name: "t", horizon: "20000s", components: [{ name: "dimm", kind: "dimm" }], faults: [{ type: "correctable-error", target: "dimm", every: "1s", burst: 4 }] });
    const sim = new Simulator();
    const m = buildModel(scenario, sim, new RandomStreams(1, 0));
    (m.inventory.find("dimm")![0] as Dimm).onCorrectable((e) => bursts.push(e.count));
    m.start();
    sim.run({ until: 20_000 });
    expect(dimm).toBeInstanceOf(Dimm);
    const n = bursts.length;
    const mean = bursts.reduce((a, b) => a + b, 0) / n;
    // Geometric with mean 4: variance (1-p)/p^2 = 12; 3 standard errors.
    expect(Math.abs(mean - 4)).toBeLessThan(3 * Math.sqrt(12 / n));
    expect(Math.min(...bursts)).toBe(1);
  });
});

describe("fault references", () => {
  const load = (input: Record<string, unknown>) => () =>
    buildModel(scenarioSchema.parse({ name: "t", horizon: "10s", components: [{ name: "cpu", kind: "processor" }, { name: "disk", kind: "disk" }], ...input }), new Simulator(), new RandomStreams(1, 0));

  it("refuse a fault on a kind it does not apply to, with the path", () => {
    expect(load({ faults: [{ type: "hang", target: "disk", at: "1s", duration: "1s" }] })).toThrow(/a hang fault applies to processor, but disk is a disk/);
  });

  it("suggest a name for a misspelt target, and a kind for kind:", () => {
    expect(load({ faults: [{ type: "transient", target: "dsk", at: "1s", duration: "1s" }] })).toThrow(/did you mean "disk"/);
    expect(load({ faults: [{ type: "transient", target: "kind:procesor", at: "1s", duration: "1s" }] })).toThrow(/did you mean "kind:processor"/);
  });

  it("need a repair for a component a fault fail-stops", () => {
    expect(load({ faults: [{ type: "fail-stop", target: "cpu", at: "1s" }] })).toThrow(/cpu, which has no repair/);
  });

  it("refuse two faults with the same name", () => {
    expect(load({ faults: [{ type: "transient", target: "cpu", at: "1s", duration: "1s" }, { type: "transient", target: "disk", at: "2s", duration: "1s" }] })).toThrow(/both named "transient"/);
  });
});
