import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { ModelReferenceError } from "../../../src/hardware/inventory.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";
import { setup } from "./fixture.js";

const D = 0.01; // beat delay: two ports of 5 ms, 0 bytes

describe("ras-fallback: detection and takeover", () => {
  it("detects a hang of the active after k periods from the last beat's arrival, and takes over after the takeover delay", () => {
    // cpu beats at 0, 1, ..., 100 (arrives 100.01); hangs at 100.3; mgmt times out at 100.01 + 3·1.
    const { run, service, events } = setup({
      config: { period: "1s", missed: 3, takeover_delay: "2s", skew: "10s" },
      faults: [{ type: "hang", target: "cpu", at: "100.3s", duration: "1000s" }],
    });
    const m = run();
    expect(events("detected")).toHaveLength(1);
    const [t, who, cause] = events("detected")[0]!;
    expect(who).toBe("mgmt");
    expect(cause).toBe("timeout");
    expect(t).toBeCloseTo(103 + D, 6);
    expect(service.map(([time, up]) => [Number(time.toFixed(6)), up])).toEqual([
      [100.3, false],
      [105.01, true],
    ]);
    expect(m.takeovers).toBe(1);
    expect(m.false_takeovers).toBe(0);
    expect(m.detection_latency_s).toBeCloseTo(103 + D - 100.3, 6);
    expect(m.availability).toBeCloseTo(1 - (105.01 - 100.3) / 1000, 9);
  });

  it("uses `timeout` instead of missed·period when given", () => {
    const { run, events } = setup({
      config: { period: "1s", timeout: "2.5s", skew: "10s" },
      faults: [{ type: "hang", target: "cpu", at: "100.3s", duration: "1000s" }],
    });
    run();
    expect(events("detected")[0]![0]).toBeCloseTo(100 + D + 2.5, 6);
  });

  it("takes over on a self-reported fail-stop after the message delay, not the timeout", () => {
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      faults: [{ type: "fail-stop", target: "cpu", at: "100.3s" }],
    });
    const m = run();
    expect(events("detected")[0]).toEqual([expect.closeTo(100.3 + D, 9), "mgmt", "report"]);
    expect(m.self_reported).toBe(1);
    expect(m.detection_latency_s).toBeCloseTo(D, 9);
  });

  it("falls back on the timeout when self_report is off", () => {
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s", self_report: false },
      faults: [{ type: "fail-stop", target: "cpu", at: "100.3s" }],
    });
    const m = run();
    expect(events("detected")[0]).toEqual([expect.closeTo(103 + D, 6), "mgmt", "timeout"]);
    expect(m.self_reported).toBe(0);
  });

  it("lets the second standby wait one skew longer, so that it hears the new active and stays standby", () => {
    // mgmt takes over at 103.01 + 0.5; its first beat reaches bmc at 103.52 < bmc's deadline 103.01 + 1.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, takeover_delay: "0.5s", skew: "1s" },
      faults: [{ type: "hang", target: "cpu", at: "100.3s", duration: "1000s" }],
    });
    const m = run();
    expect(events("active").map(([, who]) => who)).toEqual(["cpu", "mgmt"]);
    expect(m.takeovers).toBe(1);
    expect(m.split_brain_s).toBe(0);
  });

  it("with a skew shorter than the takeover, both standbys take over; the lower one steps down on the higher one's first beat", () => {
    // mgmt detects at 103.01 and is active at 104.51; bmc detects at 103.51 and is active at 105.01 (a takeover,
    // once begun, is completed); it hears mgmt's beat of 105.51 at 105.52 and steps down.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, takeover_delay: "1.5s", skew: "0.5s" },
      faults: [{ type: "hang", target: "cpu", at: "100.3s", duration: "1000s" }],
    });
    const m = run();
    expect(events("active").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([
      [0, "cpu"],
      [104.51, "mgmt"],
      [105.01, "bmc"],
    ]);
    expect(events("step-down")).toEqual([[expect.closeTo(105.52, 6), "bmc", "higher-priority-active"]]);
    expect(m.takeovers).toBe(2);
    expect(m.false_takeovers).toBe(0); // nobody was serving at either decision
    expect(m.split_brain_s).toBeCloseTo(105.52 - 105.01, 6);
  });

  it("moves down the chain when the first standby is down too", () => {
    // mgmt is hung from 50 s; cpu hangs at 100.3; bmc (second in line) detects at 100.01 + 3 + skew 2.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "2s" },
      faults: [
        { type: "hang", name: "mgmt-hang", target: "mgmt", at: "50s", duration: "1000s" },
        { type: "hang", name: "cpu-hang", target: "cpu", at: "100.3s", duration: "1000s" },
      ],
    });
    const m = run();
    expect(events("detected")).toEqual([[expect.closeTo(105 + D, 6), "bmc", "timeout"]]);
    expect(m.detection_latency_s).toBeCloseTo(105 + D - 100.3, 6);
  });
});

describe("ras-fallback: false takeovers and split brain", () => {
  it("takes over falsely when the active is cut off, and ends the split brain at the first beat after the heal", () => {
    // cpu is alive but partitioned from mgmt and bmc over [100.3, 120.3): mgmt takes over at 103.01;
    // after the heal cpu's beat of 121 reaches mgmt at 121.01 and mgmt steps down.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      faults: [{ type: "partition", network: "mgmt", between: [["cpu"], ["mgmt", "bmc"]], at: "100.3s", duration: "20s" }],
    });
    const m = run();
    expect(events("detected")).toEqual([[expect.closeTo(103.01, 6), "mgmt", "timeout"]]);
    expect(m.false_takeovers).toBe(1);
    expect(m.detection_latency_s).toBeUndefined();
    expect(events("step-down")).toEqual([[expect.closeTo(121.01, 6), "mgmt", "higher-priority-active"]]);
    expect(m.split_brain_s).toBeCloseTo(121.01 - 103.01, 6);
    expect(m.availability).toBe(1);
  });

  it("counts a beat that arrives at the expiry instant as on time, whatever the rounding (k − 1 lost beats are no suspicion)", () => {
    // T = 0.1 s, k = 2. cpu's port is down over [j + 0.05, j + 0.15) for j = 10..209, so beat j + 0.1 is
    // lost and beat j + 0.2 arrives at the deadline of beat j, (j + d) + 0.2 versus (j + 0.2) + d in
    // floating point: 200 ties, none of which may become a takeover.
    const at = Array.from({ length: 200 }, (_, i) => 10.05 + i);
    const { run } = setup({
      config: { period: "0.1s", missed: 2 },
      link: { latency: "0.0123457s", bandwidth: "1Mbit/s", repair: { dist: "deterministic", value: "0.1s" } },
      faults: [{ type: "fail-stop", target: "cpu-port", at: at.map((t) => `${t}s`) }],
      horizon: 300,
    });
    expect(run().takeovers).toBe(0);
  });

  it("does suspect when k beats in a row are lost (the control of the test above)", () => {
    // The port is down over [j + 0.05, j + 0.25): beats j + 0.1 and j + 0.2 are lost, 200 times.
    const at = Array.from({ length: 200 }, (_, i) => 10.05 + i);
    const { run } = setup({
      config: { period: "0.1s", missed: 2 },
      link: { latency: "0.0123457s", bandwidth: "1Mbit/s", repair: { dist: "deterministic", value: "0.2s" } },
      faults: [{ type: "fail-stop", target: "cpu-port", at: at.map((t) => `${t}s`) }],
      horizon: 300,
    });
    const m = run();
    expect(m.takeovers).toBe(200);
    expect(m.false_takeovers).toBe(200);
  });
});

describe("ras-fallback: return of a repaired process", () => {
  const faults = [{ type: "hang", target: "cpu", at: "100.3s", duration: "20s" }];

  it("return: standby keeps the repaired process as a standby", () => {
    const { run, events } = setup({ config: { period: "1s", missed: 3, skew: "10s", return: "standby" }, faults });
    const m = run();
    expect(events("active").map(([, who]) => who)).toEqual(["cpu", "mgmt"]);
    expect(m.failbacks).toBe(0);
  });

  it("return: preempt takes the active role back at the first beat heard from a lower-priority active", () => {
    // cpu reboots at 120.3; mgmt (active from 103.01 + 0.5) beats at 103.51 + j, so cpu hears the beat of 120.51
    // at 120.52; with a 0.5 s takeover cpu is active at 121.02 and mgmt hears its first beat at 121.03.
    const { run, events } = setup({ config: { period: "1s", missed: 3, skew: "10s", return: "preempt", takeover_delay: "0.5s" }, faults });
    const m = run();
    expect(events("failback")).toEqual([[expect.closeTo(120.52, 6), "cpu", "preempt"]]);
    expect(events("active").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([
      [0, "cpu"],
      [103.51, "mgmt"],
      [121.02, "cpu"],
    ]);
    expect(events("step-down")).toEqual([[expect.closeTo(121.03, 6), "mgmt", "higher-priority-active"]]);
    expect(m.failbacks).toBe(1);
    expect(m.split_brain_s).toBeCloseTo(D, 6);
  });
});

describe("ras-fallback: measured window", () => {
  it("counts takeovers and split brain only inside [warmup, horizon]", () => {
    const faults = [
      { type: "partition", name: "early", network: "mgmt", between: [["cpu"], ["mgmt", "bmc"]], at: "100.3s", duration: "20s" },
      { type: "partition", name: "late", network: "mgmt", between: [["cpu"], ["mgmt", "bmc"]], at: "500.3s", duration: "20s" },
    ];
    const { run } = setup({ config: { period: "1s", missed: 3, skew: "10s" }, faults, warmup: 110 });
    const m = run();
    expect(m.takeovers).toBe(1);
    // The early split brain [103.01, 121.01] is clipped at 110; the late one [503.01, 521.01] counts whole.
    expect(m.split_brain_s).toBeCloseTo(121.01 - 110 + 18, 6);
  });
});

describe("ras-fallback: configuration errors", () => {
  const build = (config: Record<string, unknown>, components?: Record<string, unknown>[]) => () => {
    const scenario = scenarioSchema.parse({
      name: "t",
      horizon: "100s",
      components: components ?? [
        { name: "cpu", kind: "processor" },
        { name: "bmc", kind: "processor" },
        { name: "disk", kind: "disk" },
        { name: "link", kind: "link", connects: ["cpu", "bmc"], network: "mgmt" },
      ],
      mechanisms: [{ type: "ras-fallback", name: "ras", network: "mgmt", ...config }],
      service: "ras",
    });
    buildModel(scenario, new Simulator(), new RandomStreams(1, 0));
  };
  const refError = (f: () => void): ModelReferenceError => {
    try {
      f();
    } catch (e) {
      if (e instanceof ModelReferenceError) return e;
      throw e;
    }
    throw new Error("no error");
  };

  it("a misspelt process is reported at its position with a did-you-mean", () => {
    const e = refError(build({ processes: ["cpu", "bcm"] }));
    expect(e.path).toEqual(["mechanisms", 0, "processes", 1]);
    expect(e.message).toMatch(/"bcm".*did you mean "bmc"/);
  });

  it("a timeout shorter than the period is refused at `timeout`", () => {
    const e = refError(build({ processes: ["cpu", "bmc"], period: "1s", timeout: "500ms" }));
    expect(e.path).toEqual(["mechanisms", 0, "timeout"]);
    expect(e.message).toMatch(/timeout \(0\.5 s\) is shorter than the heartbeat period \(1 s\).*expected a timeout ≥ the period/);
  });

  it("missed and timeout together are refused", () => {
    const e = refError(build({ processes: ["cpu", "bmc"], missed: 3, timeout: "5s" }));
    expect(e.path).toEqual(["mechanisms", 0, "timeout"]);
    expect(e.message).toMatch(/either missed .* or timeout/);
  });

  it("a process on something other than a processor is refused", () => {
    const e = refError(build({ processes: ["cpu", "disk"] }));
    expect(e.path).toEqual(["mechanisms", 0, "processes", 1]);
    expect(e.message).toMatch(/disk, a disk; a RAS process runs on a processor/);
  });

  it("a single process is refused", () => {
    const e = refError(build({ processes: ["cpu"] }));
    expect(e.path).toEqual(["mechanisms", 0, "processes"]);
  });

  it("a misspelt network gets a did-you-mean", () => {
    const e = refError(build({ processes: ["cpu", "bmc"], network: "mgnt" }));
    expect(e.path).toEqual(["mechanisms", 0, "network"]);
    expect(e.message).toMatch(/"mgnt".*did you mean "mgmt"/);
  });

  it("a processor that no link of the network reaches is refused at its position", () => {
    const components = [
      { name: "cpu", kind: "processor" },
      { name: "bmc", kind: "processor" },
      { name: "spare", kind: "processor" },
      { name: "link", kind: "link", connects: ["cpu", "bmc"], network: "mgmt" },
    ];
    const e = refError(build({ processes: ["cpu", "bmc", "spare"] }, components));
    expect(e.path).toEqual(["mechanisms", 0, "processes", 2]);
    expect(e.message).toMatch(/spare cannot reach network "mgmt"/);
  });

  it("a processor inside a host that is a node of the network uses the host", () => {
    const components = [
      { name: "host", kind: "host", count: 2 },
      { name: "cpu", kind: "processor", count: 2, in: "host" },
      { name: "link", kind: "link", connects: ["host[0]", "host[1]"], network: "mgmt" },
    ];
    expect(build({ processes: "cpu" }, components)).not.toThrow();
  });
});

describe("ras-fallback: determinism", () => {
  it("gives identical records for the same seed with a random takeover delay and loss", () => {
    const once = () => {
      const s = setup({
        config: { period: "1s", missed: 2, takeover_delay: { dist: "exponential", mean: "1s" } },
        link: { loss: 0.2 },
        horizon: 2000,
      });
      s.run();
      return JSON.stringify(s.records);
    };
    const a = once();
    expect(a.length).toBeGreaterThan(1000);
    expect(once()).toBe(a);
  });
});
