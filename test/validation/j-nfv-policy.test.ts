/**
 * nfv-policy against structure functions computed here (a case J of our
 * own: docs/validation.md has no NFV case). Two chains X = {A} and Y = {B}, each VNF
 * 1+1 (two instances, one needed), on two 2-core hosts in two racks; every
 * instance takes one core, so the fleet is full and a lost instance can
 * only come back on its own host after the repair (detection and deployment
 * 0 s). A branch (host i and rack i) is up with probability
 * a = a_host · a_rack, the two independent alternating renewals.
 * - anti-affinity (spread-racks): A and B each have one instance per host,
 *   so each chain is a parallel pair of branches: 1 − (1 − a)²;
 * - co-locate-chain: X's two instances share host 0 and Y's host 1, so a
 *   chain is one branch. When both hosts are down, the first one back takes
 *   X (placed first), so X is a little better than a and Y a little worse;
 *   but an up host always holds exactly one chain, so the mean over the two
 *   chains (`chain_availability`) is E[up hosts]/2 = a exactly.
 * Checked by §0's rule on the unavailability. Then the capacity rule of the
 * `headroom` policy: with k hosts' worth of reserve, k simultaneous host
 * failures restore every chain and k + 1 do not.
 */
import { describe, expect, it } from "vitest";
import { expectAgrees, replicate, valuesOf } from "./helpers.js";
import { runNfv } from "../mechanisms/nfv-policy/run-nfv.js";

const HOST = { mttfH: 100, mttrH: 10 };
const RACK = { mttfH: 400, mttrH: 20 };

function pairs(deployment: "anti-affinity" | "co-locate-chain") {
  return replicate({
    seed: 7,
    // 60 runs: the relative SE of the anti-affine U is about 1.6 % (30 gave 2.2 % at this seed and 3.5 %
    // at another, over the 3 % bound: an SE estimated from few runs of a rare state scatters widely).
    replications: 60,
    horizon: "40000h",
    warmup: "200h",
    components: [
      { name: "rack", kind: "rack", count: 2, mttf: `${RACK.mttfH}h`, mttr: `${RACK.mttrH}h` },
      { name: "h", kind: "host", count: 2, in: "rack", mttf: `${HOST.mttfH}h`, mttr: `${HOST.mttrH}h` },
    ],
    mechanisms: [
      {
        type: "nfv-policy",
        name: "nfv",
        hosts: [{ hosts: "h", cpu: 2, memory: "8GiB" }],
        vnfs: [
          { name: "A", cpu: 1, memory: "1GiB", instances: 2, needed: 1 },
          { name: "B", cpu: 1, memory: "1GiB", instances: 2, needed: 1 },
        ],
        chains: [
          { name: "X", vnfs: ["A"] },
          { name: "Y", vnfs: ["B"] },
        ],
        allocation: "spread-racks",
        deployment,
        detection_delay: "0s",
        deploy_time: "0s",
      },
    ],
    service: "nfv",
  });
}

describe("case J (nfv-policy): anti-affine vs co-located 1+1 pairs, by the structure function", () => {
  const a = (HOST.mttfH / (HOST.mttfH + HOST.mttrH)) * (RACK.mttfH / (RACK.mttfH + RACK.mttrH));

  it("anti-affine: each chain is a parallel pair of host+rack branches, U = (1 − a)²", () => {
    const outputs = pairs("anti-affinity");
    const anchor = (1 - a) ** 2;
    for (const chain of ["X", "Y"]) expectAgrees(valuesOf(outputs, `nfv.${chain}.chain_availability`).map((v) => 1 - v), anchor, 0.03);
    expect(valuesOf(outputs, "nfv.policy_violations").every((v) => v === 0)).toBe(true);
  });

  it("co-located: one branch per chain, mean U over the chains = 1 − a", () => {
    const outputs = pairs("co-locate-chain");
    expectAgrees(valuesOf(outputs, "nfv.chain_availability").map((v) => 1 - v), 1 - a, 0.02);
    // The chain placed first gets the first host back: better than one branch, the other worse.
    const ux = valuesOf(outputs, "nfv.X.chain_availability").map((v) => 1 - v);
    const uy = valuesOf(outputs, "nfv.Y.chain_availability").map((v) => 1 - v);
    expect(ux.reduce((s, v) => s + v, 0)).toBeLessThan(uy.reduce((s, v) => s + v, 0));
  });
});

describe("capacity: k hosts' worth of headroom restores k simultaneous host failures, not k + 1", () => {
  // Five 10-core hosts; one VNF of 1-core instances, all needed, packed by co-locate-chain with first fit under a
  // reserve of k/5: 5·10·(1 − k/5) instances fill 5 − k hosts' worth. Failing j hosts at once (the first j, the
  // fullest) loses 10·(1 − k/5)·j instances against a reserve of 10·(k/5)·(5 − j) on the others.
  for (const k of [1, 2, 3, 4]) {
    for (const j of [k, k + 1]) {
      it(`k = ${k}, ${j} failure(s): ${j <= k ? "every chain restored" : "a shortfall, the chain down until the repair"}`, () => {
        const instances = 5 * 10 * (1 - k / 5);
        const { metrics, service } = runNfv({
          hosts: 5,
          hostRepairS: 100_000,
          horizonS: 10_000,
          hostFailures: Array.from({ length: j }, (_, i) => [i, 1000] as [number, number]),
          hostEntries: [{ hosts: "h", cpu: 10, memory: "64GiB" }],
          config: {
            vnfs: [{ name: "a", cpu: 1, memory: "1GiB", instances: Math.round(instances) }],
            chains: [{ name: "c", vnfs: ["a"] }],
            allocation: "headroom",
            headroom: `${(100 * k) / 5}%`,
            deployment: "co-locate-chain",
            detection_delay: "40s",
            deploy_time: "300s",
          },
        });
        expect(metrics.policy_violations).toBe(0);
        if (j <= k) {
          expect(service).toEqual([
            [1000, false],
            [1340, true],
          ]);
          expect(metrics.capacity_shortfall_events).toBe(0);
        } else {
          expect(service).toEqual([[1000, false]]);
          expect(metrics.capacity_shortfall_events).toBe(1);
        }
      });
    }
  }
});
