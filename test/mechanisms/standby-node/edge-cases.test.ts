/**
 * Review of the standby-node mechanism: edge cases scripted at exact times
 * (same-instant events, failures during a transfer or a restart,
 * containers, partitions), the pre-copy arithmetic against docs/validation.md §G,
 * metrics with no events, warm-up clipping and determinism.
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../../src/engine/trace.js";
import { loadScenarioText } from "../../../src/run/load.js";
import { buildModel } from "../../../src/run/model.js";
import { runReplication } from "../../../src/run/replication.js";
import { ScenarioError } from "../../../src/scenario/scenario-error.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";
import { failStop, fixed, hardware, NEVER, precursor, system } from "./fixture.js";

const predictor = { recall: 1, precision: 1, precursor_every: "1y" };
const copy = { memory: "1e9B", dirty_rate: "1e8B/s", predictor };

/** Builds and starts any scenario (several mechanisms, custom hardware); returns the service changes and the metrics of mechanism `i`. */
function run(input: Record<string, unknown>, until: number) {
  const scenario = scenarioSchema.parse({ name: "t", horizon: `${NEVER}s`, warmup: 0, ...input });
  const sim = new Simulator();
  const records: TraceRecord[] = [];
  const model = buildModel(scenario, sim, new RandomStreams(1, 0), new Trace((r) => records.push(r)));
  const service: [number, boolean][] = [];
  model.service.onChange((up, now) => service.push([now, up]));
  const dispatched: [string, number][] = [];
  for (const c of model.inventory.components) c.onRepairDispatched((comp, now) => dispatched.push([comp.id, now]));
  model.start();
  sim.run({ until });
  const metrics = (i = 0) => model.mechanisms[i]!.instance.finish();
  return { service, metrics, records, dispatched };
}

describe("review: pre-copy arithmetic against docs/validation.md §G (deterministic, 1e-9)", () => {
  /** §G closed forms for ρ < 1: n = min(⌈log_ρ(V_thd/V_mem)⌉, n_max), T_mig = V_mem(1−ρ^{n+1})/(1−ρ)/R, T_down = V_mem·ρ^n/R. */
  function anchor(vMem: number, r: number, d: number, vThd: number, nMax: number) {
    const rho = d / r;
    const n = Math.min(Math.ceil(Math.log(vThd / vMem) / Math.log(rho)), nMax);
    return { n, tMig: (vMem * (1 - rho ** (n + 1))) / (1 - rho) / r, tDown: (vMem * rho ** n) / r };
  }

  for (const [vMem, r, d, vThd, nMax] of [
    [1024e6, 125e6, 25e6, 1e6, 30],
    [1024e6, 125e6, 100e6, 1e6, 30],
    [4096e6, 1250e6, 200e6, 8e6, 30],
  ] as const) {
    it(`V_mem ${vMem / 1e6} MB, R ${r / 1e6} MB/s, D ${d / 1e6} MB/s, V_thd ${vThd / 1e6} MB: rounds, T_mig and downtime match the closed form`, () => {
      const a = anchor(vMem, r, d, vThd, nMax);
      // V_thd is the pause budget times the rate; the precursor leaves 1000 s for the copy.
      const { sim, metrics } = system({
        bandwidth: r,
        faults: [precursor("cpu[0]", 2000, 1000)],
        config: { memory: `${vMem}B`, dirty_rate: `${d}B/s`, max_pause: `${vThd / r}s`, max_rounds: nMax, predictor },
      });
      sim.run({ until: 3000 });
      const m = metrics();
      expect(m.copy_rounds!.value).toBe(a.n);
      expect(Math.abs(m.transfer_time_s!.value / a.tMig - 1)).toBeLessThan(1e-9);
      expect(Math.abs(m.pause_s!.value / a.tDown - 1)).toBeLessThan(1e-9);
    });
  }

  it("two transfers sharing a fabric link each get half of it, and the round rule uses that measured rate", () => {
    // Two systems A and B; their sources on switch sw0, their standbys on sw1, one trunk sw0–sw1 (1e9 B/s) shared
    // by both copies: round 1 of 1e9 B takes 2 s at 5e8 B/s; dirty 2e8 B needs 0.4 s > 0.3 s at the measured rate
    // (0.2 s at the link's nominal rate would have stopped): round 2 of 2e8 B takes 0.4 s; dirty 4e7 B (0.08 s)
    // fits: stop-and-copy of 0.08 s. Total 2.48 s, 2 rounds.
    const link = (name: string, connects: string[], count = 1) => ({ name, kind: "link", count, connects, network: "fabric", bandwidth: "1e9B/s", latency: 0, repair: fixed(10) });
    const { metrics, service } = run(
      {
        components: [
          { name: "a", kind: "processor", count: 2, repair: fixed(10) },
          { name: "b", kind: "processor", count: 2, repair: fixed(10) },
          { name: "io", count: 2, repair: fixed(10) },
          { name: "sw0", kind: "switch" },
          { name: "sw1", kind: "switch" },
          link("a0-port", ["a[0]", "sw0"]),
          link("b0-port", ["b[0]", "sw0"]),
          link("a1-port", ["a[1]", "sw1"]),
          link("b1-port", ["b[1]", "sw1"]),
          link("io-port", ["io", "sw1"], 2),
          link("trunk", ["sw0", "sw1"]),
        ],
        faults: [precursor("a[0]", 1000, 100), precursor("b[0]", 1000, 100)],
        mechanisms: [
          { type: "standby-node", name: "A", nodes: "a", io_domains: "io", ...copy },
          { type: "standby-node", name: "B", nodes: "b", io_domains: "io", ...copy },
        ],
        service: { series: ["A", "B"] },
      },
      2000,
    );
    for (const i of [0, 1]) {
      expect(metrics(i).copy_rounds!.value).toBe(2);
      expect(metrics(i).transfer_time_s!.value).toBeCloseTo(2.48, 9);
      expect(metrics(i).pause_s!.value).toBeCloseTo(0.08, 9);
    }
    expect(service).toEqual([
      [902.4, false],
      [902.48, true],
    ]);
  });
});

describe("review: failures during a transfer", () => {
  it("a target that dies mid-transfer has its repair dispatched at once (it is no longer part of a takeover)", () => {
    const { dispatched } = run(
      {
        components: hardware(2, 10, 1e9),
        faults: [precursor("cpu[0]", 1000, 100), failStop("cpu[1]", 900.5)],
        mechanisms: [{ type: "standby-node", name: "ftc", nodes: "cpu", io_domains: "iodom", restart: fixed(5), ...copy }],
        service: "ftc",
      },
      2000,
    );
    // cpu[1] at 900.5; cpu[0] at 1000 is a reactive failover to the repaired cpu[1] (repair held until 1005).
    expect(dispatched).toEqual([
      ["cpu[1]", 900.5],
      ["cpu[0]", 1005],
    ]);
  });

  it("a target that dies during the stop-and-copy gives the workload back to its node at that instant", () => {
    // Round 1 900 → 901, stop-and-copy 901 → 901.1; cpu[1] fails at 901.05.
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100), failStop("cpu[1]", 901.05)], config: copy });
    sim.run({ until: 2000 });
    expect(service.slice(0, 2)).toEqual([
      [901, false],
      [901.05, true],
    ]);
    expect(metrics().aborted_transfers!.value).toBe(1);
    expect(metrics().pause_s).toBeUndefined();
  });

  it("a partition between source and target aborts the transfer; the workload keeps running", () => {
    const { sim, service, metrics } = system({
      faults: [precursor("cpu[0]", 1000, 100), { type: "partition", name: "p", between: [["cpu[0]"], ["cpu[1]"]], at: "900.5s", duration: "10s" }],
      config: copy,
    });
    sim.run({ until: 2000 });
    expect(metrics().aborted_transfers!.value).toBe(1);
    expect(service).toEqual([
      [1000, false],
      [1005, true],
    ]);
  });

  it("a source that hangs mid-copy: the copy stream breaks, the target restarts the workload from its last state", () => {
    const { sim, service, metrics } = system({
      faults: [precursor("cpu[0]", 1000, 100), { type: "hang", name: "h", target: "cpu[0]", at: "900.5s", duration: "1000s" }],
      config: copy,
    });
    sim.run({ until: 2000 });
    expect(service.slice(0, 2)).toEqual([
      [900.5, false],
      [905.5, true],
    ]);
    expect(metrics().reactive_failovers!.value).toBe(1);
    expect(metrics().aborted_transfers!.value).toBe(1);
  });

  it("an IO-domain failure during a node transfer: one outage covering the IO failover and the pause", () => {
    // io_failover 5 s from 900.5; the stop-and-copy 901 → 901.1 falls inside it.
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100), failStop("iodom[0]", 900.5)], config: copy });
    sim.run({ until: 2000 });
    expect(service).toEqual([
      [900.5, false],
      [905.5, true],
    ]);
    expect(metrics().io_failovers!.value).toBe(1);
    expect(metrics().transfer_time_s!.value).toBeCloseTo(1.1, 12);
  });

  it("the predicted failure and its precursor at the same instant (lead 0): transfer started and aborted, a reactive failover", () => {
    const { sim, service, metrics } = system({ faults: [precursor("cpu[0]", 1000, 0)], config: copy });
    sim.run({ until: 2000 });
    expect(service).toEqual([
      [1000, false],
      [1005, true],
    ]);
    const m = metrics();
    expect([m.proactive_transfers!.value, m.aborted_transfers!.value, m.reactive_failovers!.value]).toEqual([1, 1, 1]);
  });
});

describe("review: precursors the predictor ignores", () => {
  it("a precursor on the standby is ignored and not counted", () => {
    const { sim, service, metrics } = system({ faults: [precursor("cpu[1]", 1000, 100)], config: copy });
    sim.run({ until: 2000 });
    expect(service).toEqual([]);
    expect(metrics().precursors!.value).toBe(0);
    expect(metrics().proactive_transfers!.value).toBe(0);
  });

  it("a second precursor on a node already being transferred starts nothing", () => {
    const { sim, metrics } = system({ faults: [precursor("cpu[0]", 1000, 100), precursor("cpu[0]", 1100, 199.5)], config: copy });
    sim.run({ until: 2000 });
    expect(metrics().proactive_transfers!.value).toBe(1);
    expect(metrics().precursors!.value).toBe(1);
  });

  it("an alarm that found no standby is served when one comes back before the predicted failure", () => {
    // The standby cpu[2] fails at 850 (back at 860); cpu[0]'s precursor at 855 announces its failure at 1000.
    // At 860 the standby is back: the transfer runs 860 → 861.1 and the failure at 1000 strikes a standby.
    const { sim, service, metrics } = system({ nodes: 3, faults: [failStop("cpu[2]", 850), precursor("cpu[0]", 1000, 145)], config: copy });
    sim.run({ until: 2000 });
    expect(service).toEqual([
      [861, false],
      [861.1, true],
    ]);
    const m = metrics();
    expect([m.unserved_alarms!.value, m.proactive_transfers!.value, m.reactive_failovers!.value]).toEqual([1, 1, 0]);
  });

  it("a pending alarm is dropped once its node has stopped (a repaired node does not inherit it)", () => {
    // As above, but cpu[0] fails at 857, before the standby is back: a workload waits, no transfer later.
    const { sim, metrics } = system({ nodes: 3, faults: [failStop("cpu[2]", 850), precursor("cpu[0]", 857, 2)], config: copy });
    sim.run({ until: 2000 });
    expect(metrics().proactive_transfers!.value).toBe(0);
  });

  it("with the only standby busy restarting another workload, an alarm is unserved", () => {
    const { sim, metrics } = system({ nodes: 3, faults: [failStop("cpu[1]", 899), precursor("cpu[0]", 1000, 100)], config: copy });
    sim.run({ until: 2000 });
    expect(metrics().unserved_alarms!.value).toBe(1);
  });
});

describe("review: several failures at once", () => {
  it("two active nodes failing at the same instant with one standby: one restarts, the other waits for its repair", () => {
    const { sim, service, metrics } = system({ nodes: 3, faults: [failStop("cpu[0]", 100), failStop("cpu[1]", 100)] });
    sim.run({ until: 300 });
    expect(metrics().reactive_failovers!.value).toBe(1);
    expect(metrics().unprotected_failures!.value).toBe(1);
    // cpu[1]'s repair dispatched at 100 (no standby): back at 110, resumes at once.
    expect(service).toEqual([
      [100, false],
      [110, true],
    ]);
  });

  it("a rack holding the active node and the standby: down until the rack is back, then the nodes resume", () => {
    const components = hardware(2, 10, 1e9).map((g) => (g.name === "cpu" ? { ...g, in: "rack" } : g));
    const { service, metrics } = run(
      {
        components: [{ name: "rack", kind: "rack", repair: fixed(60) }, ...components],
        faults: [failStop("rack", 100)],
        mechanisms: [{ type: "standby-node", name: "ftc", nodes: "cpu", io_domains: "iodom", restart: fixed(5) }],
        service: "ftc",
      },
      1000,
    );
    expect(service).toEqual([
      [100, false],
      [160, true],
    ]);
    expect(metrics().unprotected_failures!.value).toBe(1);
  });
});

describe("review: IO domains", () => {
  it("the takeover target failing after the failed domain is back: the repaired one takes over (after io_failover)", () => {
    // iodom[0] fails at 100 (back at 110); iodom[1]'s takeover runs 100 → 120 but iodom[1] fails at 115:
    // iodom[0], up since 110, takes over after io_failover (115 → 135), not only when iodom[1] is repaired (125).
    const { sim, service, metrics } = system({ faults: [failStop("iodom[0]", 100), failStop("iodom[1]", 115)], config: { io_failover: "20s" } });
    sim.run({ until: 300 });
    expect(service).toEqual([
      [100, false],
      [135, true],
    ]);
    expect(metrics().io_failovers!.value).toBe(2);
  });
});

describe("review: metrics", () => {
  it("with no events, the means are absent (not 0 or NaN) and the counts are 0", () => {
    const { sim, metrics } = system({ config: copy });
    sim.run({ until: 1000 });
    const m = metrics();
    for (const mean of ["transfer_time_s", "pause_s", "copy_rounds", "failover_time_s"]) expect(m[mean]).toBeUndefined();
    for (const [name, metric] of Object.entries(m)) {
      expect(metric.value, name).toBe(0);
    }
  });

  it("a transfer begun before the warm-up and completed after it is clipped from every transfer metric", () => {
    // Transfer 900 → 901.1; warm-up ends at 900.5.
    const { sim, metrics } = system({ warmup: 900.5, faults: [precursor("cpu[0]", 1000, 100)], config: copy });
    sim.run({ until: 2000 });
    const m = metrics();
    expect(m.proactive_transfers!.value).toBe(0);
    expect(m.precursors!.value).toBe(0);
    expect(m.true_alarms!.value).toBe(0);
    expect(m.transfer_time_s).toBeUndefined();
    expect(m.pause_s).toBeUndefined();
    expect(m.copy_rounds).toBeUndefined();
  });

  it("a failover or IO takeover begun before the warm-up is clipped from the counts and the mean failover time", () => {
    // cpu[0] at 100 (restart to 105), iodom[0] at 101 (takeover to 106); warm-up ends at 102.
    const { sim, metrics } = system({ warmup: 102, faults: [failStop("cpu[0]", 100), failStop("iodom[0]", 101)] });
    sim.run({ until: 300 });
    const m = metrics();
    expect([m.reactive_failovers!.value, m.io_failovers!.value]).toEqual([0, 0]);
    expect(m.failover_time_s).toBeUndefined();
  });

  it("a list of one group is accepted for nodes (a group, or a list of groups and instance ids)", () => {
    const { metrics, service } = run(
      {
        components: hardware(3, 10, 1e9),
        faults: [failStop("cpu[0]", 100)],
        mechanisms: [{ type: "standby-node", name: "ftc", nodes: ["cpu"], io_domains: ["iodom"], restart: fixed(5) }],
        service: "ftc",
      },
      1000,
    );
    expect(metrics().reactive_failovers!.value).toBe(1);
    expect(service).toEqual([
      [100, false],
      [105, true],
    ]);
  });
});

describe("review: config", () => {
  it("fewer than two nodes after resolution is a clear error", () => {
    expect(() =>
      run(
        {
          components: hardware(2, 10, 1e9),
          mechanisms: [{ type: "standby-node", name: "ftc", nodes: ["cpu[0]"], io_domains: "iodom" }],
          service: "ftc",
        },
        10,
      ),
    ).toThrow(/needs at least two nodes \(actives and one standby\), got 1/);
  });
  it("a misspelt predictor key is named, with a did-you-mean (not \"expected off\")", () => {
    const text = `name: t
horizon: 1y
components:
  - {name: cpu, kind: processor, count: 2, mttf: 1y, mttr: 4h}
  - {name: iodom, count: 2}
  - {name: xbar, kind: switch}
  - {name: cpu-port, kind: link, count: 2, connects: [cpu, xbar], network: fabric}
  - {name: io-port, kind: link, count: 2, connects: [iodom, xbar], network: fabric}
mechanisms:
  - {type: standby-node, name: ftc, nodes: cpu, io_domains: iodom, predictor: {recall: 0.9, precision: 0.8, precursor_evry: 180d}}
service: ftc
`;
    let message = "";
    try {
      loadScenarioText(text, "s.yaml");
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      message = e.format();
    }
    expect(message).toMatch(/mechanisms\.0\.predictor\.precursor_evry: unknown key "precursor_evry"; did you mean "precursor_every"\?/);
  });
});

describe("review: defaults", () => {
  it("detection 5 s and restart 30 s; `predictor: off` is no predictor", () => {
    const { sim, service, metrics } = system({
      faults: [{ type: "hang", name: "h", target: "cpu[0]", at: "100s", duration: "1000s" }, precursor("cpu[1]", 5000, 100)],
      config: { restart: undefined, predictor: "off" },
    });
    sim.run({ until: 3000 });
    expect(service).toEqual([
      [100, false],
      [135, true],
    ]);
    expect(metrics().precursors!.value).toBe(0);
  });
});

describe("review: determinism", () => {
  const base = {
    name: "d",
    seed: 7,
    horizon: "5y",
    components: [
      { name: "cpu", kind: "processor", count: 3, mttf: "1y", mttr: "4h" },
      { name: "iodom", count: 2, mttf: "2y", mttr: "4h" },
      { name: "xbar", kind: "switch" },
      { name: "cpu-port", kind: "link", count: 3, connects: ["cpu", "xbar"], network: "fabric", bandwidth: "100Gbit/s", latency: "1us" },
      { name: "io-port", kind: "link", count: 2, connects: ["iodom", "xbar"], network: "fabric", bandwidth: "100Gbit/s", latency: "1us" },
    ],
    faults: [{ type: "precursor", target: "cpu", every: "90d", lead: "30m" }],
    mechanisms: [
      {
        type: "standby-node",
        name: "ftc",
        nodes: "cpu",
        io_domains: "iodom",
        restart: { dist: "exponential", mean: "30s" },
        coverage: 0.9,
        uncovered_recovery: { dist: "exponential", mean: "10min" },
        predictor: { recall: 0.8, precision: 0.7, precursor_every: "90d" },
      },
    ],
    service: "ftc",
  };

  it("the same seed gives identical metrics", () => {
    const a = runReplication(scenarioSchema.parse(base), 7, 3);
    const b = runReplication(scenarioSchema.parse(base), 7, 3);
    expect(a).toEqual(b);
  });

  it("an unrelated component added to the scenario shifts no draw", () => {
    const a = runReplication(scenarioSchema.parse(base), 7, 3);
    const b = runReplication(scenarioSchema.parse({ ...base, components: [{ name: "fan", mttf: "1y", mttr: "1h" }, ...base.components] }), 7, 3);
    const ftc = (o: typeof a) => Object.fromEntries(Object.entries(o.values).filter(([k]) => k.startsWith("ftc.") || k === "downtime_s"));
    expect(ftc(b)).toEqual(ftc(a));
  });
});

describe("review: the fault layer under standby-node", () => {
  // The failure a stochastic precursor announced used to strike the processor even after it had failed for
  // another reason and been repaired (as good as new), 35 s after it came back here, so the predictor's
  // alarm was for the old hardware and the failure looked sudden. The announcement now lapses on the repair.
  it("an announced failure does not strike the processor repaired after an unrelated failure", () => {
    const { sim, changes } = system({
      faults: [{ type: "precursor", name: "pre", target: "cpu[0]", every: fixed(1000), lead: "100s" }, failStop("cpu[0]", 950)],
    });
    const cpu0 = changes("cpu[0]");
    sim.run({ until: 1500 });
    // 950 down; restart on cpu[1] to 955, repair dispatched then, back at 965.
    expect(cpu0).toEqual([
      [950, false],
      [965, true],
    ]);
  });
});
