import { describe, expect, it } from "vitest";
import type { TraceRecord } from "../../../src/engine/trace.js";
import { Trace } from "../../../src/engine/trace.js";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { redundancyGroup } from "../../../src/mechanisms/redundancy-group/redundancy-group.js";
import { buildModel } from "../../../src/run/model.js";
import { runReplication } from "../../../src/run/replication.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

interface Setup {
  /** Nodes n[0] … n[count − 1]; with racks, node k sits in rack[⌊k / perRack⌋]. */
  nodes: number;
  racks?: { count: number };
  /** Fixed repair time of a node (s). */
  repairS?: number;
  /** Scripted node failures: [node index, time s]. */
  failures?: [number, number][];
  /** Scripted rack failures: [rack index, time s]. */
  rackFailures?: [number, number][];
  warmupS?: number;
  horizonS?: number;
  /** The entry's config besides type, name and nodes. */
  config: Record<string, unknown>;
}

/**
 * Nodes that fail only at scripted times under a redundancy-group entry named
 * "rg", which is the service. Returns the run's group/service up-down changes,
 * the mechanism's trace records and its metrics.
 */
function run(s: Setup) {
  const components: Record<string, unknown>[] = [];
  if (s.racks) components.push({ name: "rack", kind: "rack", count: s.racks.count, repair: { dist: "deterministic", value: "50s" } });
  components.push({ name: "n", kind: "host", count: s.nodes, repair: { dist: "deterministic", value: `${s.repairS ?? 1000}s` }, ...(s.racks ? { in: "rack" } : {}) });
  const faults = [
    ...(s.failures ?? []).map(([k, t], i) => ({ type: "fail-stop", name: `f${i}`, target: `n[${k}]`, at: `${t}s` })),
    ...(s.rackFailures ?? []).map(([k, t], i) => ({ type: "fail-stop", name: `r${i}`, target: `rack[${k}]`, at: `${t}s` })),
  ];
  const scenario = scenarioSchema.parse({
    name: "t",
    horizon: `${s.horizonS ?? 10_000}s`,
    warmup: `${s.warmupS ?? 0}s`,
    components,
    faults,
    mechanisms: [{ type: "redundancy-group", name: "rg", nodes: "n", ...s.config }],
    service: "rg",
  });
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), new Trace((r) => records.push(r)));
  const service: [number, boolean][] = [];
  model.service.onChange((up, now) => service.push([now, up]));
  model.start();
  sim.run({ until: scenario.horizon });
  const metrics = Object.fromEntries(Object.entries(model.mechanisms[0]!.instance.finish()).map(([k, v]) => [k, v.value]));
  const events = records.filter((r) => r.component.startsWith("rg.")).map((r) => [r.t, r.component, r.event, r.detail?.to ?? r.detail?.node ?? null]);
  return { service, events, metrics };
}

const fixed = (value: number) => ({ dist: "deterministic", value: `${value}s` });
const one = (members: string[], failover = 10) => ({ groups: [{ name: "a", members }], failover: fixed(failover) });

describe("redundancy-group failover", () => {
  it("fails over to the first standby after the failover time, the group down meanwhile", () => {
    const { service, events, metrics } = run({ nodes: 3, failures: [[0, 100]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(service).toEqual([[100, false], [110, true]]);
    expect(events).toEqual([[100, "rg.a", "failover", "n[1]"], [110, "rg.a", "takeover", "n[1]"]]);
    expect(metrics.failovers).toBe(1);
    expect(metrics.failover_time_s).toBe(10);
    expect(metrics["a.availability"]).toBeCloseTo(1 - 10 / 10_000, 12);
  });

  it("takes the highest-priority live standby: the second when the first one's node is down", () => {
    const { events } = run({ nodes: 3, failures: [[1, 50], [0, 100]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(events).toEqual([[100, "rg.a", "failover", "n[2]"], [110, "rg.a", "takeover", "n[2]"]]);
  });

  it("follows the written priority order, not the node order", () => {
    const { events } = run({ nodes: 3, failures: [[0, 100]], config: one(["n[0]", "n[2]", "n[1]"]) });
    expect(events[0]).toEqual([100, "rg.a", "failover", "n[2]"]);
  });

  it("moves on to the next standby, with a fresh failover time, when the one taking over is lost", () => {
    const { service, events, metrics } = run({ nodes: 3, failures: [[0, 100], [1, 105]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(events).toEqual([
      [100, "rg.a", "failover", "n[1]"],
      [105, "rg.a", "failover-retarget", "n[2]"],
      [115, "rg.a", "takeover", "n[2]"],
    ]);
    expect(service).toEqual([[100, false], [115, true]]);
    expect(metrics.failovers).toBe(1);
    expect(metrics.failover_time_s).toBe(15);
  });

  it("is in outage with no live member, and the first member whose node comes back serves at once", () => {
    // n[1] down 50-1050, n[0] down 100-1100: outage from 100 to 1050, then n[1] active with no failover.
    const { service, events, metrics } = run({ nodes: 2, failures: [[1, 50], [0, 100]], config: one(["n[0]", "n[1]"]) });
    expect(events).toEqual([[100, "rg.a", "outage", null], [1050, "rg.a", "restored", "n[1]"]]);
    expect(service).toEqual([[100, false], [1050, true]]);
    expect(metrics.group_outages).toBe(1);
    expect(metrics.failovers).toBe(0);
    expect(metrics.failover_time_s).toBeUndefined();
  });

  it("counts an outage when the last standby is lost during a failover", () => {
    const { events, metrics } = run({ nodes: 2, failures: [[0, 100], [1, 105]], config: one(["n[0]", "n[1]"]) });
    expect(events).toEqual([[100, "rg.a", "failover", "n[1]"], [105, "rg.a", "outage", null], [1100, "rg.a", "restored", "n[0]"]]);
    expect(metrics.failovers).toBe(1);
    expect(metrics.group_outages).toBe(1);
    expect(metrics.failover_time_s).toBeUndefined();
  });

  it("lets a repaired member rejoin as a standby (no failback), and fails over to it later by priority", () => {
    // n[0] fails at 100 (back at 1100 as standby); n[1] active from 110 fails at 2000 -> n[0] (priority over n[2]).
    const { events } = run({ nodes: 3, failures: [[0, 100], [1, 2000]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(events).toEqual([
      [100, "rg.a", "failover", "n[1]"],
      [110, "rg.a", "takeover", "n[1]"],
      [2000, "rg.a", "failover", "n[0]"],
      [2010, "rg.a", "takeover", "n[0]"],
    ]);
  });

  it("keeps the group up through an instantaneous failover", () => {
    const { service, metrics } = run({ nodes: 2, failures: [[0, 100]], config: one(["n[0]", "n[1]"], 0) });
    expect(service).toEqual([]);
    expect(metrics.failovers).toBe(1);
    expect(metrics.failover_time_s).toBe(0);
    expect(metrics["a.availability"]).toBe(1);
  });

  it("ignores the failure of a standby's node", () => {
    const { service, events, metrics } = run({ nodes: 3, failures: [[2, 100]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(service).toEqual([]);
    expect(events).toEqual([]);
    expect(metrics.failovers).toBe(0);
  });

  it("draws the failover time from a distribution when one is given", () => {
    const config = { groups: [{ name: "a", members: ["n[0]", "n[1]"] }], failover: { dist: "uniform", min: "20s", max: "30s" } };
    const { metrics } = run({ nodes: 2, failures: [[0, 100]], config });
    expect(metrics.failover_time_s).toBeGreaterThanOrEqual(20);
    expect(metrics.failover_time_s).toBeLessThanOrEqual(30);
    expect(metrics.failover_time_s).not.toBe(25);
  });

  it("defaults the failover time to 20 s", () => {
    const { metrics } = run({ nodes: 2, failures: [[0, 100]], config: { groups: [{ name: "a", members: ["n[0]", "n[1]"] }] } });
    expect(metrics.failover_time_s).toBe(20);
  });
});

describe("redundancy-group failback", () => {
  const withFailback = (failbackS?: number) => ({ ...one(["n[0]", "n[1]", "n[2]"]), failback: "priority", ...(failbackS === undefined ? {} : { failback_time: fixed(failbackS) }) });

  it("without failback, the active stays on the standby after the first member is repaired", () => {
    const { events, metrics } = run({ nodes: 3, failures: [[0, 100]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(events).toHaveLength(2);
    expect(metrics.failbacks).toBeUndefined();
  });

  it("with failback: `${priority}s`, moves back to the repaired higher-priority member, down for failback_time", () => {
    // n[0] fails at 100 (back at 1100): failover to n[1] at 110, failback to n[0] from 1100 to 1105.
    const { service, events, metrics } = run({ nodes: 3, failures: [[0, 100]], config: withFailback(5) });
    expect(events).toEqual([
      [100, "rg.a", "failover", "n[1]"],
      [110, "rg.a", "takeover", "n[1]"],
      [1100, "rg.a", "failback", "n[0]"],
      [1105, "rg.a", "takeover", "n[0]"],
    ]);
    expect(service).toEqual([[100, false], [110, true], [1100, false], [1105, true]]);
    expect(metrics.failbacks).toBe(1);
    expect(metrics.failovers).toBe(1);
    expect(metrics.failover_time_s).toBe(10);
  });

  it("fails back with no pause by default, restoring the load of the placement", () => {
    const { service, metrics } = run({ nodes: 6, failures: [[0, 100], [1, 5000]], config: { groups: 12, failover: fixed(10), failback: "priority" } });
    // n[0] back at 1100 takes its two groups back, so n[1]'s failure at 5000 finds 2 actives per node again: max 3.
    expect(metrics.max_actives_per_node).toBe(3);
    expect(metrics.failbacks).toBe(4);
    expect(service).toEqual([[100, false], [110, true], [5000, false], [5010, true]]);
  });

  it("turns into a failover when the failback target is lost during the failback", () => {
    // Failback to n[0] from 1100 (50 s); n[0] fails again at 1120: failover to n[1] (10 s), up at 1130.
    const { service, events, metrics } = run({ nodes: 3, failures: [[0, 100], [0, 1120]], config: withFailback(50) });
    expect(events.slice(2)).toEqual([
      [1100, "rg.a", "failback", "n[0]"],
      [1120, "rg.a", "failover-retarget", "n[1]"],
      [1130, "rg.a", "takeover", "n[1]"],
      // n[0] repaired again at 2120: the next failback.
      [2120, "rg.a", "failback", "n[0]"],
      [2170, "rg.a", "takeover", "n[0]"],
    ]);
    expect(service).toEqual([[100, false], [110, true], [1100, false], [1130, true], [2120, false], [2170, true]]);
    expect(metrics.failovers).toBe(2);
    expect(metrics.failover_time_s).toBe(10);
  });
});

describe("redundancy-group service and groups", () => {
  it("is up only while every group is up, and keeps each group's availability apart", () => {
    // a: n0 -> n1 (down 100-110); b: n2 -> n0 (down 200-205).
    const config = {
      groups: [
        { name: "a", members: ["n[0]", "n[1]"] },
        { name: "b", members: ["n[2]", "n[1]"] },
      ],
      failover: fixed(10),
    };
    const { service, metrics } = run({ nodes: 3, failures: [[0, 100], [2, 300]], config });
    expect(service).toEqual([[100, false], [110, true], [300, false], [310, true]]);
    expect(metrics["a.availability"]).toBeCloseTo(1 - 10 / 10_000, 12);
    expect(metrics["b.availability"]).toBeCloseTo(1 - 10 / 10_000, 12);
    expect(metrics.min_availability).toBeCloseTo(1 - 10 / 10_000, 12);
  });

  it("counts only what begins after the warm-up, and clips down time to the window", () => {
    // Failover 95-105 straddles the warm-up at 100: 5 s of down time in a 9900 s window, not counted as a failover.
    const { metrics } = run({ nodes: 3, warmupS: 100, failures: [[0, 95], [1, 500]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(metrics.failovers).toBe(1);
    expect(metrics.failover_time_s).toBe(10);
    expect(metrics["a.availability"]).toBeCloseTo(1 - 15 / 9900, 12);
  });

  it("measures the time with fewer than two live members", () => {
    // 3 members; n[0] down 100-1100, n[1] down 500-1500: one live member from 500 to 1100.
    const { metrics } = run({ nodes: 3, failures: [[0, 100], [1, 500]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(metrics.unprotected_time_s).toBe(600);
  });
});

describe("redundancy-group load and placement", () => {
  it("spread: a node failure moves its actives to different nodes (6 nodes, 12 groups, N = 1: max 3)", () => {
    const { metrics } = run({ nodes: 6, failures: [[0, 100]], config: { groups: 12, standbys: 1, failover: fixed(10) } });
    expect(metrics.failovers).toBe(2);
    expect(metrics.max_actives_per_node).toBe(3);
    expect(metrics.placement_violations).toBe(0);
  });

  it("naive: the neighbour takes all of the failed node's actives (max 4)", () => {
    const { metrics } = run({ nodes: 6, failures: [[0, 100]], config: { groups: 12, standbys: 1, placement: "naive", failover: fixed(10) } });
    expect(metrics.max_actives_per_node).toBe(4);
    expect(metrics.placement_violations).toBe(0);
  });

  it("max_actives_per_node is the state at the start of the window when nothing changes in it", () => {
    const { metrics } = run({ nodes: 6, warmupS: 200, failures: [[0, 100]], horizonS: 1000, repairS: 10, config: { groups: 12, failover: fixed(10) } });
    // The failover (100-110) and the return of n[0] (110) are before the warm-up; no failback, so n[0] has 0 actives and two nodes 3.
    expect(metrics.max_actives_per_node).toBe(3);
    expect(metrics.failovers).toBe(0);
  });

  it("counts two members of an explicit group on one node as a violation, and survives that node's failure only as an outage", () => {
    const { metrics } = run({ nodes: 2, failures: [[0, 100]], config: one(["n[0]", "n[0]"]) });
    expect(metrics.placement_violations).toBe(1);
    expect(metrics.group_outages).toBe(1);
  });

  it("with fault domains, a rack failure takes both of its nodes down at once and the group fails over once, to the other rack", () => {
    // n[0], n[1] in rack[0]; n[2], n[3] in rack[1]. Priority n[0], n[1], n[2]: n[1] is skipped, no retarget.
    const { events, metrics } = run({
      nodes: 4,
      racks: { count: 2 },
      rackFailures: [[0, 100]],
      config: { ...one(["n[0]", "n[1]", "n[2]"]), fault_domain: "rack" },
    });
    expect(events).toEqual([[100, "rg.a", "failover", "n[2]"], [110, "rg.a", "takeover", "n[2]"]]);
    expect(metrics.failovers).toBe(1);
    expect(metrics.placement_violations).toBe(1);
  });

  it("the spread placer with fault domains keeps each group's members in distinct racks, so one rack failure causes no outage", () => {
    const { metrics } = run({ nodes: 6, racks: { count: 3 }, rackFailures: [[0, 100]], config: { groups: 12, standbys: 2, fault_domain: "rack", failover: fixed(10) } });
    expect(metrics.placement_violations).toBe(0);
    expect(metrics.group_outages).toBe(0);
    expect(metrics.failovers).toBe(4); // rack[0] holds n[0] and n[1], two actives each
  });
});

describe("redundancy-group metrics", () => {
  it("emits exactly the documented metrics, with their units, <group> standing for each group", () => {
    const scenario = scenarioSchema.parse({
      name: "docs",
      horizon: "20000h",
      components: [{ name: "n", count: 3, mttf: "100h", mttr: "10h" }],
      mechanisms: [{ type: "redundancy-group", name: "rg", nodes: "n", groups: 2, failback: "priority" }],
      service: "rg",
    });
    const output = runReplication(scenario, 1, 0);
    const emitted = [...Object.entries(output.values), ...Object.entries(output.ratios)]
      .filter(([name]) => name.startsWith("rg."))
      .map(([name, v]) => [name.slice("rg.".length).replace(/^g\d+\./, "<group>."), v.unit]);
    const documented = redundancyGroup.metrics.map((m) => [m.name, m.unit]);
    expect([...new Set(emitted.map((e) => e.join(" ")))].sort()).toEqual(documented.map((d) => d.join(" ")).sort());
    expect(emitted.filter(([name]) => name === "<group>.availability")).toHaveLength(2);
  });
});
