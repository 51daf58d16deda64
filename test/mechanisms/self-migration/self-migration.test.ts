import { describe, expect, it } from "vitest";
import { runMig } from "./run-mig.js";

/**
 * h[0] (4 cores) runs objects a and b (1 core, 50 MB code + 50 MB state each); h[1] has room for one object,
 * h[2] for none. Phases aligned: hosts announce at whole 10 s periods, objects at +5 s. Messages are 0 bytes, so
 * a message takes 2 × 1 ms (two hops through the switch); a transfer alone on its path takes
 * 100 MB / 100 MB/s + 2 ms. cpu[0] raises a precursor at 100 s of its failure at 200 s (repaired at 1200 s).
 */
const CONFIG = {
  hosts: [
    { hosts: "h[0]", cpu: 4, memory: "16GiB" },
    { hosts: "h[1]", cpu: 1, memory: "16GiB" },
    { hosts: "h[2]", cpu: 0, memory: "16GiB" },
  ],
  objects: [
    { name: "a", on: "h[0]", cpu: 1, memory: "1GiB", code_size: "50MB", state_size: "50MB" },
    { name: "b", on: "h[0]", cpu: 1, memory: "1GiB", code_size: "50MB", state_size: "50MB" },
  ],
  phases: "aligned",
  announce_period: "10s",
  announce_size: "0B",
  request_size: "0B",
  load_high: 1,
  switch_time: "300ms",
  retry_backoff: "1s",
};

describe("self-migration: a predicted failure and two objects contending for one target, computed by hand", () => {
  const run = () => runMig({ hosts: 3, faults: [{ type: "precursor", name: "p", target: "cpu[0]", at: "200s", lead: "100s" }], config: CONFIG });

  it("a moves to h[1]; b, refused there, has nowhere to go and fails with h[0]", () => {
    // At 105 s both evaluate (a first) and request h[1], the only host announcing room (h[2] has none). a's
    // request arrives at 105.002 s and is admitted, b's right after it and is refused; the replies are back at
    // 105.004 s. a's transfer ends at 105.004 + 1.002 = 106.006 s, its switch at 106.306 s. b retries at
    // 106.004 s: without replacement h[1] is out, and h[1]'s announcements from 110 s show it full.
    const { moves, records } = run();
    expect(moves).toEqual([[106.306, "a", "h[1]"]].map(([t, o, h]) => [expect.closeTo(t as number, 9), o, h]));
    const steps = records.filter((r) => ["request", "accept", "refuse", "failed"].includes(r.event)).map((r) => [+r.t.toFixed(9), r.component.slice(4), r.event]);
    expect(steps).toEqual([
      [105, "a", "request"],
      [105, "b", "request"],
      [105.002, "h[1]", "accept"],
      [105.002, "h[1]", "refuse"],
      [105.004, "b", "failed"],
    ]);
  });

  it("reports the metrics of that history exactly", () => {
    const m = run().metrics;
    // a is down for its 0.3 s switch; b from h[0]'s failure at 200 s to its repair at 1200 s.
    expect(m.availability).toBeCloseTo((1 - 0.3 / 2000 + (1 - 1000 / 2000)) / 2, 12);
    expect(m.migrations).toBe(1);
    expect(m.migration_time_s).toBeCloseTo(106.306 - 105, 9);
    expect(m.failed_migrations).toBe(1);
    expect(m.ping_pong).toBe(0);
    expect(m.probes_per_migration).toBe(1);
    expect(m.rounds_to_candidate).toBe(1);
    // Unsettled from 105 s until b, back with h[0], finds nothing wrong at its 1205 s round.
    expect(m.convergence_time_s).toBeCloseTo(1205 - 105, 9);
    // 200 rounds of 2 messages per host and object, less h[0]'s and b's 100 rounds while cpu[0] is down.
    expect(m.announce_messages).toBe(3 * 400 - 200 + 400 + 400 - 200);
  });
});

describe("self-migration: hysteresis against ping-pong, measured", { timeout: 60_000 }, () => {
  // Two hosts whose processors flap: each runs at 20% for 10 min at exponential intervals (mean 20 min). The probe
  // sees each slowdown within a minute; without hysteresis the object flees every degraded host, often back to
  // the one it has just left. Holding a degraded host for min_residence ≥ ping_pong_window makes a return within
  // the window impossible.
  const run = (minResidence: string) =>
    runMig({
      hosts: 2,
      horizonS: 200 * 3600,
      faults: [{ type: "fail-slow", name: "flap", target: "cpu", every: "20min", factor: 0.2, duration: "10min" }],
      config: {
        hosts: [{ hosts: "h", cpu: 4, memory: "16GiB" }],
        objects: [{ name: "o", on: "h[0]", cpu: 1, memory: "1GiB", code_size: "50MB", state_size: "50MB" }],
        probe_period: "1min",
        ping_pong_window: "10min",
        min_residence: minResidence,
      },
    }).metrics;

  it("without hysteresis the object bounces; with min_residence ≥ the window, never within it", () => {
    const without = run("0s");
    const held = run("15min");
    expect(without.ping_pong).toBeGreaterThan(20);
    expect(held.ping_pong).toBe(0);
    expect(held.migrations).toBeLessThan(without.migrations!);
  });
});

describe("self-migration: a needed capability gone", () => {
  // The `gpu` feature of each host is backed by a component of that group inside it: h[0]'s GPU fails at 100 s,
  // so the object that needs one leaves for h[1] at its next round (random phases: within 10 s).
  it("leaves the host whose GPU failed, for the one whose GPU works", () => {
    const scenarioGpu = runMig({
      hosts: 2,
      faults: [{ type: "fail-stop", name: "gpu-dies", target: "gpu[0]", at: "100s" }],
      config: {
        hosts: [{ hosts: "h", cpu: 4, memory: "16GiB", features: ["gpu"] }],
        objects: [{ name: "o", on: "h[0]", cpu: 1, memory: "1GiB", features: ["gpu"] }],
      },
      extraComponents: [{ name: "gpu", count: 2, in: "h", repair: { dist: "deterministic", value: "5000s" } }],
    });
    const leave = scenarioGpu.records.find((r) => r.event === "leave")!;
    expect(leave.cause).toBe("capability");
    expect(leave.t).toBeGreaterThan(100);
    expect(leave.t).toBeLessThanOrEqual(110);
    expect(scenarioGpu.moves.map(([, o, h]) => [o, h])).toEqual([["o", "h[1]"]]);
  });
});

describe("self-migration: the target admits up to load_low", () => {
  // Three 1-core objects leave h[0] (predicted) for h[1] (4 cores), the only host announcing room, in one round.
  const run = (loadLow: number) =>
    runMig({
      hosts: 3,
      faults: [{ type: "precursor", name: "p", target: "cpu[0]", at: "200s", lead: "100s" }],
      config: {
        ...CONFIG,
        hosts: [
          { hosts: "h[0]", cpu: 4, memory: "16GiB" },
          { hosts: "h[1]", cpu: 4, memory: "16GiB" },
          { hosts: "h[2]", cpu: 0, memory: "16GiB" },
        ],
        objects: [{ name: "o", count: 3, on: "h[0]", cpu: 1, memory: "1GiB", code_size: "50MB", state_size: "50MB" }],
        load_low: loadLow,
      },
    }).metrics;

  it("load_low 0.5 admits two (2 of 4 cores) and refuses the third; load_low = load_high admits all three", () => {
    expect([run(0.5).migrations, run(0.5).failed_migrations]).toEqual([2, 1]);
    expect([run(1).migrations, run(1).failed_migrations]).toEqual([3, 0]);
  });
});
