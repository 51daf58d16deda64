/**
 * Review of `redundancy-group`: edge cases with scripted faults (same
 * instant, failures during a takeover or failback, containers, warm-up
 * clipping, absent metrics, determinism). Each test states one behaviour.
 */
import { describe, expect, it } from "vitest";
import type { TraceRecord } from "../../../src/engine/trace.js";
import { Trace } from "../../../src/engine/trace.js";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { ModelReferenceError } from "../../../src/hardware/inventory.js";
import { buildModel } from "../../../src/run/model.js";
import { runReplication } from "../../../src/run/replication.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

interface Setup {
  /** Nodes n[0] … n[count − 1]; with racks, node k sits in rack[⌊k / perRack⌋]. */
  nodes: number;
  racks?: number;
  /** Fixed repair time of a node (s). */
  repairS?: number;
  /** Fixed repair time of a rack (s). */
  rackRepairS?: number;
  /** Scripted fail-stop faults: [target, time s]. */
  faults?: [string, number][];
  warmupS?: number;
  horizonS?: number;
  /** Extra components (for determinism checks). */
  extra?: Record<string, unknown>[];
  /** Stochastic node lives instead of scripted ones. */
  mttf?: number;
  seed?: number;
  /** Further faults, as written in a scenario. */
  moreFaults?: Record<string, unknown>[];
  config: Record<string, unknown>;
}

function scenario(s: Setup) {
  const components: Record<string, unknown>[] = [];
  if (s.racks) components.push({ name: "rack", kind: "rack", count: s.racks, repair: { dist: "deterministic", value: `${s.rackRepairS ?? 50}s` } });
  components.push({
    name: "n",
    kind: "host",
    count: s.nodes,
    repair: { dist: "deterministic", value: `${s.repairS ?? 1000}s` },
    ...(s.mttf ? { mttf: `${s.mttf}s` } : {}),
    ...(s.racks ? { in: "rack" } : {}),
  });
  components.push(...(s.extra ?? []));
  return scenarioSchema.parse({
    name: "t",
    seed: s.seed ?? 1,
    horizon: `${s.horizonS ?? 10_000}s`,
    warmup: `${s.warmupS ?? 0}s`,
    components,
    faults: [...(s.faults ?? []).map(([target, at], i) => ({ type: "fail-stop", name: `f${i}`, target, at: `${at}s` })), ...(s.moreFaults ?? [])],
    mechanisms: [{ type: "redundancy-group", name: "rg", nodes: "n", ...s.config }],
    service: "rg",
  });
}

function run(s: Setup) {
  const sc = scenario(s);
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(sc, sim, new RandomStreams(sc.seed, 0), new Trace((r) => records.push(r)));
  const service: [number, boolean][] = [];
  model.service.onChange((up, now) => service.push([now, up]));
  model.start();
  sim.run({ until: sc.horizon });
  const metrics = Object.fromEntries(Object.entries(model.mechanisms[0]!.instance.finish()).map(([k, v]) => [k, v.value]));
  const events = records.filter((r) => r.component.startsWith("rg.")).map((r) => [r.t, r.component, r.event, r.detail?.to ?? r.detail?.node ?? null]);
  return { service, events, metrics };
}

const fixed = (value: number) => ({ dist: "deterministic", value: `${value}s` });
const one = (members: string[], failover = 10) => ({ groups: [{ name: "a", members }], failover: fixed(failover) });

describe("review: same instant", () => {
  it("a standby whose node fails at the very instant its takeover completes does not take over: one failover, retargeted", () => {
    // n[0] fails at 100 (failover 10 s to n[1]); n[1] fails at 110, the takeover instant.
    const { service, events, metrics } = run({ nodes: 3, faults: [["n[0]", 100], ["n[1]", 110]], config: one(["n[0]", "n[1]", "n[2]"]) });
    expect(events).toEqual([
      [100, "rg.a", "failover", "n[1]"],
      [110, "rg.a", "failover-retarget", "n[2]"],
      [120, "rg.a", "takeover", "n[2]"],
    ]);
    // One service outage, not an up and down at 110.
    expect(service).toEqual([[100, false], [120, true]]);
    expect(metrics.failovers).toBe(1);
    expect(metrics.failover_time_s).toBe(20);
    expect(metrics.max_actives_per_node).toBe(1);
  });

  it("a failback target whose node fails at the instant the failback completes: the move becomes a failover", () => {
    // n[0] back at 1100, failback 50 s to 1150; n[0] fails again at 1150.
    const config = { ...one(["n[0]", "n[1]", "n[2]"]), failback: "priority", failback_time: fixed(50) };
    const { service, events, metrics } = run({ nodes: 3, faults: [["n[0]", 100], ["n[0]", 1150]], config });
    expect(events.slice(2, 5)).toEqual([
      [1100, "rg.a", "failback", "n[0]"],
      [1150, "rg.a", "failover-retarget", "n[1]"],
      [1160, "rg.a", "takeover", "n[1]"],
    ]);
    expect(service.slice(2, 4)).toEqual([[1100, false], [1160, true]]);
    expect(metrics.failovers).toBe(2);
  });

  it("a rack failure and the repair of a node in another rack at the same instant: the repaired node is taken", () => {
    // racks of 2: n[0], n[1] in rack[0]; n[2], n[3] in rack[1]; n[4], n[5] in rack[2].
    // n[4] fails at 0 (repair 100 s): back at 100 when rack[0] fails.
    const { events, metrics } = run({
      nodes: 6,
      racks: 3,
      repairS: 100,
      faults: [["n[2]", 50], ["n[4]", 0], ["rack[0]", 100]],
      config: one(["n[0]", "n[1]", "n[4]", "n[2]"]),
    });
    expect(events).toEqual([[100, "rg.a", "failover", "n[4]"], [110, "rg.a", "takeover", "n[4]"]]);
    expect(metrics.group_outages).toBe(0);
  });

  it("the active's node failing twice (the second while down) is one failover", () => {
    const { events, metrics } = run({ nodes: 2, faults: [["n[0]", 100], ["n[0]", 500]], config: one(["n[0]", "n[1]"]) });
    expect(events).toEqual([[100, "rg.a", "failover", "n[1]"], [110, "rg.a", "takeover", "n[1]"]]);
    expect(metrics.failovers).toBe(1);
  });
});

describe("review: containers", () => {
  it("a node that fails itself inside a down rack stays down when the rack returns; the group stays on its standby", () => {
    // rack[0] (n[0], n[1]) down 100-150; n[0] fails at 120 (back at 1120).
    const { events, metrics } = run({ nodes: 4, racks: 2, faults: [["rack[0]", 100], ["n[0]", 120]], config: one(["n[0]", "n[2]"]) });
    expect(events).toEqual([[100, "rg.a", "failover", "n[2]"], [110, "rg.a", "takeover", "n[2]"]]);
    expect(metrics.failovers).toBe(1);
  });

  it("a rack failure during a failover retargets to a member outside it", () => {
    // n[0] fails at 100 -> n[2] (rack[1]) taking over; rack[1] fails at 105 -> n[4] (rack[2]) from 105, up at 115.
    const { service, events } = run({ nodes: 6, racks: 3, faults: [["n[0]", 100], ["rack[1]", 105]], config: one(["n[0]", "n[2]", "n[3]", "n[4]"]) });
    expect(events).toEqual([
      [100, "rg.a", "failover", "n[2]"],
      [105, "rg.a", "failover-retarget", "n[4]"],
      [115, "rg.a", "takeover", "n[4]"],
    ]);
    expect(service).toEqual([[100, false], [115, true]]);
  });
});

describe("review: transient faults and the horizon", () => {
  it("a transient fault (no repair) takes the active's node down for its duration: a failover, no repair", () => {
    const moreFaults = [{ type: "transient", name: "t", target: "n[0]", at: "100s", duration: "30s" }];
    const { events, metrics } = run({ nodes: 2, moreFaults, config: one(["n[0]", "n[1]"]) });
    expect(events).toEqual([[100, "rg.a", "failover", "n[1]"], [110, "rg.a", "takeover", "n[1]"]]);
    expect(metrics["a.availability"]).toBeCloseTo(1 - 10 / 10_000, 12);
    expect(metrics.unprotected_time_s).toBe(30);
  });

  it("a failover begun before the horizon and completing after it counts as a failover but has no failover_time_s", () => {
    const { metrics } = run({ nodes: 2, horizonS: 1000, faults: [["n[0]", 995]], config: one(["n[0]", "n[1]"]) });
    expect(metrics.failovers).toBe(1);
    expect(metrics.failover_time_s).toBeUndefined();
    expect(metrics["a.availability"]).toBeCloseTo(1 - 5 / 1000, 12);
  });
});

describe("review: metrics", () => {
  it("unprotected_time_s: two members on one node are one node failure from an outage, so unprotected", () => {
    const { metrics } = run({ nodes: 2, config: one(["n[0]", "n[0]"]) });
    expect(metrics.placement_violations).toBe(1);
    expect(metrics.unprotected_time_s).toBe(10_000);
  });

  it("unprotected_time_s is clipped to the window", () => {
    // n[0] down 100-1100 with 2 members: unprotected 100-1100, window from 600: 500 s.
    const { metrics } = run({ nodes: 2, warmupS: 600, faults: [["n[0]", 100]], config: one(["n[0]", "n[1]"]) });
    expect(metrics.unprotected_time_s).toBe(500);
  });

  it("failbacks and outages begun in the warm-up are not counted; their down time is clipped", () => {
    // Warm-up 1102: the failback 1100-1105 straddles it (3 s in the window).
    const config = { ...one(["n[0]", "n[1]"]), failback: "priority", failback_time: fixed(5) };
    const { metrics } = run({ nodes: 2, warmupS: 1102, faults: [["n[0]", 100]], config });
    expect(metrics.failbacks).toBe(0);
    expect(metrics.failovers).toBe(0);
    expect(metrics.failover_time_s).toBeUndefined();
    expect(metrics["a.availability"]).toBeCloseTo(1 - 3 / (10_000 - 1102), 12);
  });

  it("max_actives_per_node holds the state at the window start while a failover is in progress there", () => {
    // 3 groups active on n[0] with standby n[1]; n[1] has its own group. n[0] fails at 195 (10 s failover), warm-up 200:
    // at 200 n[1] holds 1; at 205 it holds 4.
    const groups = [
      { name: "a", members: ["n[0]", "n[1]"] },
      { name: "b", members: ["n[0]", "n[1]"] },
      { name: "c", members: ["n[0]", "n[1]"] },
      { name: "d", members: ["n[1]", "n[0]"] },
    ];
    const { metrics } = run({ nodes: 2, warmupS: 200, faults: [["n[0]", 195]], config: { groups, failover: fixed(10) } });
    expect(metrics.max_actives_per_node).toBe(4);
    const before = run({ nodes: 2, warmupS: 200, horizonS: 204, faults: [["n[0]", 195]], config: { groups, failover: fixed(10) } });
    expect(before.metrics.max_actives_per_node).toBe(1);
  });

  it("max_actives_per_node counts only actives on live nodes: a node in outage's group counts nowhere", () => {
    // Both nodes down: outage; max stays the initial 1.
    const { metrics } = run({ nodes: 2, faults: [["n[1]", 50], ["n[0]", 100]], config: one(["n[0]", "n[1]"]) });
    expect(metrics.max_actives_per_node).toBe(1);
    expect(metrics.group_outages).toBe(1);
  });

  it("a group named like a fixed metric does not collide with it", () => {
    const groups = [
      { name: "failovers", members: ["n[0]", "n[1]"] },
      { name: "min_availability", members: ["n[1]", "n[0]"] },
    ];
    const { metrics } = run({ nodes: 2, faults: [["n[0]", 100]], config: { groups, failover: fixed(10) } });
    expect(metrics.failovers).toBe(1);
    expect(metrics["failovers.availability"]).toBeCloseTo(1 - 10 / 10_000, 12);
    expect(metrics["min_availability.availability"]).toBe(1);
  });

  it("with no event in the window: failover_time_s and failbacks absent, counts 0, availability exactly 1", () => {
    const { metrics } = run({ nodes: 3, config: { groups: 3 } });
    expect(metrics.failover_time_s).toBeUndefined();
    expect(metrics.failbacks).toBeUndefined();
    expect(metrics.failovers).toBe(0);
    expect(metrics.group_outages).toBe(0);
    expect(metrics.min_availability).toBe(1);
    expect(metrics.unprotected_time_s).toBe(0);
    expect(metrics.max_actives_per_node).toBe(1);
  });
});

describe("review: defaults and errors", () => {
  it("defaults: 1 standby, spread placement, 20 s failover, no failback", () => {
    const { events, metrics } = run({ nodes: 3, faults: [["n[0]", 100]], config: { groups: 3 } });
    // spread, N = 1: g0 on n[0] with standby n[1] (fewest members, lowest index).
    expect(events).toEqual([[100, "rg.g0", "failover", "n[1]"], [120, "rg.g0", "takeover", "n[1]"]]);
    expect(metrics.failbacks).toBeUndefined();
  });

  it("a member written as kind:<kind> is rejected as several components, naming one", () => {
    const sc = scenario({ nodes: 3, config: { groups: [{ name: "a", members: ["n[0]", "kind:host"] }] } });
    let error: unknown;
    try {
      buildModel(sc, new Simulator(), new RandomStreams(1, 0));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelReferenceError);
    expect((error as ModelReferenceError).message).toMatch(/"kind:host" is 3 components; a member names one node, e.g. "n\[0\]"/);
  });
});

describe("review: determinism", () => {
  const setup = (extra?: Record<string, unknown>[]): Setup => ({
    nodes: 6,
    mttf: 2_000,
    repairS: 100,
    horizonS: 200_000,
    extra,
    config: { groups: 12, standbys: 2, failover: { dist: "uniform", min: "20s", max: "30s" } },
  });

  it("the same seed gives identical metrics", () => {
    const a = runReplication(scenario(setup()), 7, 3);
    const b = runReplication(scenario(setup()), 7, 3);
    expect(a.values).toEqual(b.values);
  });

  it("an unrelated component does not shift the nodes' or the failover draws", () => {
    const a = run(setup());
    const b = run(setup([{ name: "lb", mttf: "500s", mttr: "10s" }]));
    expect(a.metrics.failovers).toBeGreaterThan(10);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.events).toEqual(a.events);
  });
});
