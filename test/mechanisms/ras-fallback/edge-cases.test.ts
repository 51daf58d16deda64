/**
 * Review of ras-fallback: exact scripted-fault scenarios for the edge cases
 * (chains, failures during a transition, containers, partitions, the window,
 * determinism). Each test states one behaviour; the ones that found a bug
 * say so.
 */
import { describe, expect, it } from "vitest";
import { setup } from "./fixture.js";

const D = 0.01; // beat delay: two ports of 5 ms, 0 bytes
const LONG = 10000;

describe("ras-fallback review: chains of three", () => {
  it("when the active and the first standby hang in quick succession, the third takes over after k·T + one skew, and the latency counts from the active's failure", () => {
    // cpu's last beat (100) reaches bmc at 100.01; bmc is second behind cpu: 100.01 + 3 + 2.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "2s" },
      faults: [
        { type: "hang", name: "cpu-hang", target: "cpu", at: "100.3s", duration: `${LONG}s` },
        { type: "hang", name: "mgmt-hang", target: "mgmt", at: "100.8s", duration: `${LONG}s` },
      ],
    });
    const m = run();
    expect(events("detected")).toEqual([[expect.closeTo(105 + D, 6), "bmc", "timeout"]]);
    expect(m.detection_latency_s).toBeCloseTo(105 + D - 100.3, 6);
    expect(m.false_takeovers).toBe(0);
  });

  it("when the new active dies during its takeover, the next in line takes over on its own timeout behind the first active (one failure, one latency)", () => {
    // mgmt detects at 103.01 and is taking over until 105.01; it hangs at 104. bmc still follows cpu:
    // 100.01 + 3 + skew 5 = 108.01. cpu's failure was detected once, by mgmt.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "5s", takeover_delay: "2s" },
      faults: [
        { type: "hang", name: "cpu-hang", target: "cpu", at: "100.3s", duration: `${LONG}s` },
        { type: "hang", name: "mgmt-hang", target: "mgmt", at: "104s", duration: `${LONG}s` },
      ],
    });
    const m = run();
    expect(events("detected").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([
      [103.01, "mgmt"],
      [108.01, "bmc"],
    ]);
    expect(events("active").map(([, who]) => who)).toEqual(["cpu", "bmc"]);
    expect(m.takeovers).toBe(2);
    expect(m.detection_latency_s).toBeCloseTo(103.01 - 100.3, 6);
  });

  it("a self-report reaching a hung first standby passes the role to the second after one skew", () => {
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "2s" },
      faults: [
        { type: "hang", name: "mgmt-hang", target: "mgmt", at: "50s", duration: `${LONG}s` },
        { type: "fail-stop", name: "cpu-crash", target: "cpu", at: "100.3s" },
      ],
      repairS: 5000,
    });
    const m = run();
    expect(events("detected")).toEqual([[expect.closeTo(100.3 + D + 2, 6), "bmc", "report"]]);
    expect(m.detection_latency_s).toBeCloseTo(D + 2, 6);
  });

  it("a report never lengthens a standby's wait: the timeout due before the report's skew wins", () => {
    // Bug: expireAt replaced the deadline. mgmt is hung; cpu's port loses every beat from 100.3, so
    // bmc's deadline is 100.01 + 3 + 2 = 105.01. cpu fail-stops at 104.5; its report (not lost) reaches
    // bmc at 104.51 and set the deadline to 104.51 + 2 = 106.51, 1.5 s late.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "2s" },
      faults: [
        { type: "hang", name: "mgmt-hang", target: "mgmt", at: "50s", duration: `${LONG}s` },
        { type: "message-loss", name: "deaf", target: "cpu-port", at: "100.3s", loss: 1, duration: `${LONG}s` },
        { type: "fail-stop", name: "cpu-crash", target: "cpu", at: "104.5s" },
      ],
      repairS: 5000,
    });
    run();
    expect(events("detected")).toEqual([[expect.closeTo(105 + D, 6), "bmc", "timeout"]]);
  });
});

describe("ras-fallback review: split brain with three processes", () => {
  it("the detection of a hung active is true and timed even while a cut-off process is also active", () => {
    // Bug: cpu is cut off from 100.3 (alive, active); mgmt takes over at 103.01 (false). mgmt hangs at
    // 150.3; bmc, which follows mgmt (beating at 103.01 + j), detects at 150.02 + 3 + 10. The process it watched was hung, so
    // this takeover is not false (the issue: false = "the active one was alive"), and its latency
    // counts. The code called it false because cpu, cut off, was active.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      faults: [
        { type: "partition", network: "mgmt", between: [["cpu"], ["mgmt", "bmc"]], at: "100.3s", duration: `${LONG}s` },
        { type: "hang", target: "mgmt", at: "150.3s", duration: `${LONG}s` },
      ],
    });
    const m = run();
    expect(events("detected").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([
      [103.01, "mgmt"],
      [163.02, "bmc"],
    ]);
    expect(m.takeovers).toBe(2);
    expect(m.false_takeovers).toBe(1);
    expect(m.detection_latency_s).toBeCloseTo(163.02 - 150.3, 6);
  });

  it("a failure report from an active the standby does not follow does not cut its wait short", () => {
    // Bug: cpu's beats are all lost from 100.3, mgmt takes over (false) at 103.01 and bmc follows mgmt.
    // cpu fail-stops at 200.3 and its report (not lost) reached bmc at 200.31: bmc took cpu for its
    // active and expired 0.5 s (one skew) later, between two of mgmt's beats: a false takeover and a
    // second split brain. The report is about a process bmc no longer follows.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "0.5s" },
      faults: [
        { type: "message-loss", name: "deaf", target: "cpu-port", at: "100.3s", loss: 1, duration: `${LONG}s` },
        { type: "fail-stop", name: "cpu-crash", target: "cpu", at: "200.3s" },
      ],
      repairS: 5000,
    });
    const m = run();
    expect(events("detected").map(([, who]) => who)).toEqual(["mgmt"]);
    expect(m.takeovers).toBe(1);
    expect(m.split_brain_s).toBeCloseTo(200.3 - 103.01, 6);
  });

  it("three-way partition: all three active, and after the heal the two lower ones step down on the first beats", () => {
    // Each process alone from 100.3 to 130.3. mgmt times out at 103.01, bmc at 100.01 + 3 + 10 (second in
    // line behind cpu). After the heal, mgmt's beat of 131.01 and cpu's of 131 end it by 131.02.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      faults: [
        { type: "partition", name: "cpu-mgmt", network: "mgmt", between: [["cpu"], ["mgmt"]], at: "100.3s", duration: "30s" },
        { type: "partition", name: "bmc-alone", network: "mgmt", between: [["bmc"], ["cpu", "mgmt"]], at: "100.3s", duration: "30s" },
      ],
    });
    const m = run();
    expect(events("detected").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([
      [103.01, "mgmt"],
      [113.01, "bmc"],
    ]);
    expect(m.false_takeovers).toBe(2);
    expect(events("step-down").map(([, who]) => who).sort()).toEqual(["bmc", "mgmt"]);
    expect(m.availability).toBe(1);
    // Two or more active from 103.01 until the last step-down, just after the heal.
    const last = Math.max(...events("step-down").map(([t]) => t));
    expect(last).toBeGreaterThan(130.3);
    expect(last).toBeLessThanOrEqual(131.02 + 1e-6);
    expect(m.split_brain_s).toBeCloseTo(last - 103.01, 6);
  });
});

describe("ras-fallback review: return while something else is in progress", () => {
  it("preempt: a process that returns while the next one is still taking over waits for its first beat, then takes the role back", () => {
    // cpu hangs 100.3 for 3 s and reboots at 103.3. mgmt detected at 103.01 and is taking over until 105.01.
    // cpu, a fresh standby (timeout 3 s from 103.3), hears mgmt's first beat at 105.02 and fails back.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s", takeover_delay: "2s", return: "preempt" },
      faults: [{ type: "hang", target: "cpu", at: "100.3s", duration: "3s" }],
    });
    const m = run();
    expect(events("failback")).toEqual([[expect.closeTo(105.02, 6), "cpu", "preempt"]]);
    expect(events("active").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([
      [0, "cpu"],
      [105.01, "mgmt"],
      [107.02, "cpu"],
    ]);
    expect(m.takeovers).toBe(1);
    expect(m.failbacks).toBe(1);
    expect(m.false_takeovers).toBe(0);
  });

  it("preempt: the active dies while a failback is in progress; the failback completes and nobody else takes over", () => {
    // cpu hangs 100.3–120.3; mgmt active from 103.01, cpu hears its beat of 120.01 at... cpu reboots at
    // 120.3, hears mgmt's beat of 121.01 at 121.02, fails back until 123.02. mgmt hangs at 122.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s", takeover_delay: "2s", return: "preempt" },
      faults: [
        { type: "hang", name: "cpu-hang", target: "cpu", at: "100.3s", duration: "20s" },
        { type: "hang", name: "mgmt-hang", target: "mgmt", at: "122s", duration: `${LONG}s` },
      ],
    });
    const m = run();
    expect(events("active").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([
      [0, "cpu"],
      [105.01, "mgmt"],
      [123.02, "cpu"],
    ]);
    expect(events("detected")).toHaveLength(1);
    expect(m.failbacks).toBe(1);
  });

  it("the same processor hung then fail-stopped while hung comes back once, after the repair", () => {
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      faults: [
        { type: "hang", name: "cpu-hang", target: "cpu", at: "100.3s", duration: "100s" },
        { type: "fail-stop", name: "cpu-crash", target: "cpu", at: "110s" },
      ],
      repairS: 50,
    });
    const m = run();
    expect(events("process-down").map(([, who]) => who)).toEqual(["cpu"]);
    expect(events("process-up").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([[160, "cpu"]]);
    expect(m.self_reported).toBe(0); // a failure while hung is silent
    expect(m.takeovers).toBe(1);
  });
});

describe("ras-fallback review: containers and the network", () => {
  it("a host going down takes its processor's process down silently (no report), and the next in line times out", () => {
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      extraComponents: [{ name: "host", kind: "host", repair: { dist: "deterministic", value: "50s" } }],
      processorFields: { cpu: { in: "host" } },
      faults: [{ type: "fail-stop", target: "host", at: "100.3s" }],
    });
    const m = run();
    expect(events("detected")).toEqual([[expect.closeTo(103 + D, 6), "mgmt", "timeout"]]);
    expect(m.self_reported).toBe(0);
    expect(events("process-up").map(([t, who]) => [Number(t.toFixed(6)), who])).toEqual([[150.3, "cpu"]]);
  });

  it("a beat already propagating when its processor (itself the node) hangs still arrives", () => {
    // The beat of 100 leaves at once (0 bytes) and is on the wire when cpu hangs at 100.002: it reaches
    // mgmt at 100.01, so mgmt times out at 103.01, not 102.01.
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      faults: [{ type: "hang", target: "cpu", at: "100.002s", duration: `${LONG}s` }],
    });
    run();
    expect(events("detected")).toEqual([[expect.closeTo(103 + D, 6), "mgmt", "timeout"]]);
  });

  it("a last gasp goes over the same bus, so a partition stops it", () => {
    // cpu is cut off from mgmt and bmc at 100.3 and fail-stops at 101.5. A real BMC's failure report
    // travels over the management bus, which the partition cuts: mgmt times out (103.01) instead of
    // acting on a report at 101.51. (Network.sendLastGasp; the mechanism once timed reports itself.)
    const { run, events } = setup({
      config: { period: "1s", missed: 3, skew: "10s" },
      faults: [
        { type: "partition", network: "mgmt", between: [["cpu"], ["mgmt", "bmc"]], at: "100.3s", duration: `${LONG}s` },
        { type: "fail-stop", target: "cpu", at: "101.5s" },
      ],
      repairS: 5000,
    });
    run();
    expect(events("detected")).toEqual([[expect.closeTo(103 + D, 6), "mgmt", "timeout"]]);
  });
});

describe("ras-fallback review: window, defaults, determinism", () => {
  it("with no event in the window, the counts and times are 0, availability 1 and the latency absent", () => {
    const { run } = setup({ config: { period: "1s", missed: 3 }, faults: [{ type: "hang", target: "cpu", at: "100.3s", duration: "20s" }], warmup: 200 });
    const m = run();
    expect(m).toEqual({ availability: 1, takeovers: 0, false_takeovers: 0, self_reported: 0, failbacks: 0, step_downs: 0, split_brain_s: 0 });
  });

  it("clips availability at the warm-up and counts a detection by its instant", () => {
    // Service down 100.3–103.01; the warm-up ends at 102: 1.01 s of the 898 s window.
    const { run } = setup({ config: { period: "1s", missed: 3, skew: "10s" }, faults: [{ type: "hang", target: "cpu", at: "100.3s", duration: `${LONG}s` }], warmup: 102 });
    const m = run();
    expect(m.availability).toBeCloseTo(1 - 1.01 / 898, 9);
    expect(m.takeovers).toBe(1);
    expect(m.detection_latency_s).toBeCloseTo(103.01 - 100.3, 6);
  });

  it("defaults: T = 1 s, k = 5, skew one period", () => {
    // mgmt hung: bmc, second in line, waits 5 + 1 s after cpu's last beat.
    const { run, events } = setup({
      faults: [
        { type: "hang", name: "mgmt-hang", target: "mgmt", at: "50s", duration: `${LONG}s` },
        { type: "hang", name: "cpu-hang", target: "cpu", at: "100.3s", duration: `${LONG}s` },
      ],
    });
    run();
    expect(events("detected")).toEqual([[expect.closeTo(106 + D, 6), "bmc", "timeout"]]);
  });

  it("an unrelated component added to the scenario does not shift the mechanism's draws", () => {
    const once = (extra: Record<string, unknown>[]) => {
      const s = setup({
        config: { period: "1s", missed: 2, takeover_delay: { dist: "exponential", mean: "1s" } },
        link: { loss: 0.2 },
        horizon: 2000,
        extraComponents: extra,
      });
      s.run();
      return JSON.stringify(s.records);
    };
    const a = once([]);
    expect(once([{ name: "disk", kind: "disk", mttf: "1y", mttr: "1h" }, { name: "spare", kind: "processor", mttf: "10d", mttr: "1h" }])).toBe(a);
  });
});
