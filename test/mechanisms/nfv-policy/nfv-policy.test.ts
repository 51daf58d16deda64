import { describe, expect, it } from "vitest";
import { runNfv } from "./run-nfv.js";

/** VNF a (1+1) serves chains c1 and c2, VNF b (2 of 2) chain c2; 4 cores each on 8-core hosts, two per rack. */
const TWO_CHAINS = {
  vnfs: [
    { name: "a", cpu: 4, memory: "8GiB", instances: 2, needed: 1 },
    { name: "b", cpu: 4, memory: "8GiB", instances: 2 },
  ],
  chains: [
    { name: "c1", vnfs: ["a"] },
    { name: "c2", vnfs: ["a", "b"] },
  ],
  allocation: "spread-racks",
  deployment: "anti-affinity",
  detection_delay: "40s",
  deploy_time: "300s",
};

describe("nfv-policy: a scripted host failure and a rack failure, computed by hand", () => {
  // Initial placement (spread-racks, anti-affinity): a#0 → h[0] (all equal, lowest index); a#1 → h[2] (rack[1] has
  // no a); b#2 → h[1] (no b anywhere, c2 once per rack, h[1] least loaded in rack[0]); b#3 → h[3] (rack[1] has no b).
  // h[1] fails at 1000 s: c2 is down (b needs 2); seen at 1040 s, b#2 goes to h[0] (h[3] has b, h[2]'s rack has b),
  // running at 1340 s. h[1] is back at 6000 s (empty). rack[1] fails at 7000 s: a#1 and b#3 are lost, c2 down (b has
  // 1), c1 stays up (a#0). Seen at 7040 s: a#1 → h[1] (h[0] has a), b#3 → h[1] (h[0] has b), running at 7340 s.
  const run = () =>
    runNfv({ hosts: 4, racks: 2, hostRepairS: 5000, rackRepairS: 2000, hostFailures: [[1, 1000]], rackFailures: [[1, 7000]], config: TWO_CHAINS });

  it("places each lost instance where the policies say, when they say", () => {
    expect(run().deploys).toEqual([
      [1040, "nfv.b#2", "h[0]"],
      [7040, "nfv.a#1", "h[1]"],
      [7040, "nfv.b#3", "h[1]"],
    ]);
  });

  it("restores each chain detection + deployment after its outage began", () => {
    const { chains, service } = run();
    expect(chains).toEqual([
      [1000, "nfv.c2", "chain-down"],
      [1340, "nfv.c2", "chain-up"],
      [7000, "nfv.c2", "chain-down"],
      [7340, "nfv.c2", "chain-up"],
    ]);
    expect(service).toEqual([
      [1000, false],
      [1340, true],
      [7000, false],
      [7340, true],
    ]);
  });

  it("reports the metrics of that history exactly", () => {
    const m = run().metrics;
    expect(m["c1.chain_availability"]).toBe(1);
    expect(m["c2.chain_availability"]).toBeCloseTo(1 - 680 / 10_000, 12);
    expect(m.chain_availability).toBeCloseTo((1 + 1 - 680 / 10_000) / 2, 12);
    expect(m.time_to_restore_s).toBeCloseTo(340, 9);
    expect(m.chain_outages).toBe(2);
    expect(m.deploy_actions).toBe(3);
    expect(m.capacity_shortfall_events).toBe(0);
    expect(m.policy_violations).toBe(0);
    // ∫ reserved CPU on working hosts / ∫ their capacity, segment by segment (see the comment above).
    const reserved = 16 * 1000 + 12 * 40 + 16 * 4960 + 16 * 1000 + 8 * 40 + 16 * 1960 + 16 * 1000;
    const capacity = 32 * 1000 + 24 * 40 + 24 * 4960 + 32 * 1000 + 16 * 40 + 16 * 1960 + 32 * 1000;
    expect(m.utilization).toBeCloseTo(reserved / capacity, 12);
  });
});

describe("nfv-policy: headroom, a capacity shortfall, the return of capacity and a rebalance", () => {
  // Two 8-core hosts; a: 2 of 2 instances at 4 cores, packed by co-locate-chain, first fit keeping 50% headroom:
  // a#0 → h[0] (4 of its 8 cores, the cap), a#1 → h[1]. h[0] fails at 1000 s; seen at 1040 s, a#0 is restored
  // into h[1]'s reserve (a restoration may use it), running at 1340 s. h[1] fails at 2000 s: nothing is left, a
  // shortfall from 2040 s. h[0] is back at 6000 s, seen at 6040 s: both go there (restorations), running at 6340 s.
  // h[1] is back at 7000 s, seen at 7040 s: the rebalance moves one instance (a#2 replaces a#0) to h[1].
  const run = () =>
    runNfv({
      hosts: 2,
      hostRepairS: 5000,
      hostFailures: [
        [0, 1000],
        [1, 2000],
      ],
      config: {
        vnfs: [{ name: "a", cpu: 4, memory: "8GiB", instances: 2 }],
        chains: [{ name: "c", vnfs: ["a"] }],
        allocation: "headroom",
        headroom: "50%",
        deployment: "co-locate-chain",
        detection_delay: "40s",
        deploy_time: "300s",
        rebalance: true,
      },
    });

  it("deploys where and when the policies say", () => {
    expect(run().deploys).toEqual([
      [1040, "nfv.a#0", "h[1]"],
      [6040, "nfv.a#0", "h[0]"],
      [6040, "nfv.a#1", "h[0]"],
      [7040, "nfv.a#2", "h[1]"],
    ]);
  });

  it("reports the shortfall, never hides it, and the chain waits for capacity", () => {
    const { service, metrics, records } = run();
    expect(service).toEqual([
      [1000, false],
      [1340, true],
      [2000, false],
      [6340, true],
    ]);
    expect(records.filter((r) => r.event.startsWith("shortfall")).map((r) => [r.t, r.event])).toEqual([
      [2040, "shortfall"],
      [6040, "shortfall-over"],
    ]);
    expect(metrics.capacity_shortfall_events).toBe(1);
    expect(metrics.time_to_restore_s).toBeCloseTo((340 + 4340) / 2, 9);
    expect(metrics.deploy_actions).toBe(4);
    expect(metrics.policy_violations).toBe(0);
  });
});

describe("nfv-policy: a degraded host is drained, make before break", () => {
  // One processor per host, probed every 60 s with 1 s of work. cpu[0] runs at 25% from 100 s to 2110 s: the
  // round of 120 s takes 4 s, so h[0] is degraded at 124 s and a#1 replaces a#0 on h[1] (least loaded), running at
  // 424 s; the chain never goes down. The round of 2160 s is at full speed again: recovered at 2161 s.
  const run = () =>
    runNfv({
      hosts: 3,
      processorsPerHost: 1,
      slowdowns: [[0, 100, 0.25, 2010]],
      config: {
        vnfs: [{ name: "a", cpu: 4, memory: "8GiB" }],
        chains: [{ name: "c", vnfs: ["a"] }],
        allocation: "least-loaded",
        probe_period: "60s",
        probe_work: "1s",
        deploy_time: "300s",
      },
    });

  it("moves the instance off the slow host and keeps the chain up", () => {
    const { deploys, records, service, metrics } = run();
    expect(deploys).toEqual([[124, "nfv.a#1", "h[1]"]]);
    expect(records.filter((r) => r.event === "degraded" || r.event === "recovered").map((r) => [r.t, r.component, r.event])).toEqual([
      [124, "nfv.h[0]", "degraded"],
      [2161, "nfv.h[0]", "recovered"],
    ]);
    expect(service).toEqual([]);
    expect(metrics.deploy_actions).toBe(1);
    // a#0 held h[0] until its replacement ran at 424 s.
    expect(metrics.utilization).toBeCloseTo((4 * 10_000 + 4 * (424 - 124)) / (24 * 10_000), 12);
  });
});

describe("nfv-policy: a load surge", () => {
  // a: 1 instance of 2 cores; a surge needs 2 more from 500 s to 1500 s. Seen at 540 s: a#1 → h[1], a#2 → h[2]
  // (least loaded, anti-affinity), running at 840 s. The end is seen at 1540 s: both extras are retired.
  const run = () =>
    runNfv({
      hosts: 3,
      config: {
        vnfs: [{ name: "a", cpu: 2, memory: "4GiB" }],
        chains: [{ name: "c", vnfs: ["a"] }],
        allocation: "least-loaded",
        detection_delay: "40s",
        deploy_time: "300s",
        surges: [{ vnf: "a", extra: 2, at: "500s", duration: "1000s" }],
      },
    });

  it("scales out after the detection delay and back in when the surge is over", () => {
    const { deploys, service, metrics } = run();
    expect(deploys).toEqual([
      [540, "nfv.a#1", "h[1]"],
      [540, "nfv.a#2", "h[2]"],
    ]);
    expect(service).toEqual([
      [500, false],
      [840, true],
    ]);
    expect(metrics.time_to_restore_s).toBeCloseTo(340, 9);
    expect(metrics.utilization).toBeCloseTo((2 * 540 + 6 * 1000 + 2 * (10_000 - 1540)) / (24 * 10_000), 12);
  });

  it("stochastic surges (every:) come and go with their own streams", () => {
    const { metrics } = runNfv({
      hosts: 3,
      horizonS: 1_000_000,
      config: {
        vnfs: [{ name: "a", cpu: 2, memory: "4GiB" }],
        chains: [{ name: "c", vnfs: ["a"] }],
        surges: [{ vnf: "a", extra: 1, every: "20000s", duration: { dist: "exponential", mean: "2000s" } }],
      },
    });
    // About 1e6 / 22000 ≈ 45 surges, each one deployment and one outage of 40 s + 300 s, or shorter when the
    // surge is over first (P(duration < 340 s) = 1 − e^(−340/2000) ≈ 16%).
    expect(metrics.chain_outages).toBeGreaterThan(20);
    expect(metrics.deploy_actions).toBe(metrics.chain_outages);
    expect(metrics.time_to_restore_s).toBeLessThan(340);
    expect(metrics.time_to_restore_s).toBeGreaterThan(250);
  });
});

describe("nfv-policy: the initial layout of each policy pair", () => {
  // Four 8-core hosts, h[0], h[1] in rack[0] and h[2], h[3] in rack[1]. VNF v (2 × 2 cores) serves no chain; VNFs
  // a and b (2 × 2 cores each) form chain c.
  const layout = (allocation: string, deployment: string, headroom = "20%") =>
    runNfv({
      hosts: 4,
      racks: 2,
      config: {
        vnfs: [
          { name: "v", cpu: 2, memory: "4GiB", instances: 2 },
          { name: "a", cpu: 2, memory: "4GiB", instances: 2 },
          { name: "b", cpu: 2, memory: "4GiB", instances: 2 },
        ],
        chains: [{ name: "c", vnfs: ["a", "b"] }],
        allocation,
        deployment,
        headroom,
      },
    }).records
      .filter((r) => r.event === "placed")
      .map((r) => `${r.component.slice(4)}@${r.detail?.host}`);

  it("spread-racks: a VNF's instances in distinct racks, then its chain's spread, then least loaded", () => {
    // v#0 → h[0] (all equal); v#1 → h[2] (rack[1] has no v); a#2: no a and no c anywhere, h[1] and h[3] least loaded
    // → h[1]; a#3 → rack[1] (no a there), h[3] (0 cores, h[2] has 2); b#4: no b anywhere, c once in each rack, every
    // host at 2 of 8 cores → h[0]; b#5 → rack[1] (no b there), h[2] and h[3] tie → h[2].
    expect(layout("spread-racks", "anti-affinity")).toEqual(["v#0@h[0]", "v#1@h[2]", "a#2@h[1]", "a#3@h[3]", "b#4@h[0]", "b#5@h[2]"]);
  });

  it("least-loaded: the lowest CPU share, whatever the rack", () => {
    expect(layout("least-loaded", "anti-affinity")).toEqual(["v#0@h[0]", "v#1@h[1]", "a#2@h[2]", "a#3@h[3]", "b#4@h[0]", "b#5@h[1]"]);
  });

  it("headroom: first fit up to the reserve (50%: 4 of 8 cores)", () => {
    expect(layout("headroom", "anti-affinity", "50%")).toEqual(["v#0@h[0]", "v#1@h[1]", "a#2@h[0]", "a#3@h[1]", "b#4@h[2]", "b#5@h[3]"]);
  });

  it("co-locate-chain: a chain's instances together, a VNF's instances may share a host", () => {
    // With least-loaded: v#0 → h[0], v#1 → h[1] (v has no chain); a#2 → h[2] (least loaded, first); then a#3, b#4 and
    // b#5 follow chain c onto h[2] (8 of its 8 cores), although h[3] is empty.
    expect(layout("least-loaded", "co-locate-chain")).toEqual(["v#0@h[0]", "v#1@h[1]", "a#2@h[2]", "a#3@h[2]", "b#4@h[2]", "b#5@h[2]"]);
  });
});
