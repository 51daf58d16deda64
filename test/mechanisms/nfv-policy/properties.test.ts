import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALLOCATION_POLICIES, DEPLOYMENT_POLICIES } from "../../../src/mechanisms/nfv-policy/config.js";
import { runNfv } from "./run-nfv.js";

/** A random fleet (mixed host sizes, 1–3 racks), random VNFs that each fit some host, chains, policies and a failure set. */
const fleet = fc
  .record({
    hosts: fc.array(fc.record({ cpu: fc.integer({ min: 2, max: 16 }), memoryGiB: fc.integer({ min: 4, max: 64 }) }), { minLength: 1, maxLength: 6 }),
    racks: fc.integer({ min: 1, max: 3 }),
    vnfs: fc.array(
      fc.record({ host: fc.nat(), cpuShare: fc.double({ min: 0.05, max: 1, noNaN: true }), memShare: fc.double({ min: 0.05, max: 1, noNaN: true }), instances: fc.integer({ min: 1, max: 3 }), needed: fc.nat() }),
      { minLength: 1, maxLength: 4 },
    ),
    chains: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    allocation: fc.constantFrom(...ALLOCATION_POLICIES),
    deployment: fc.constantFrom(...DEPLOYMENT_POLICIES),
    headroom: fc.integer({ min: 0, max: 60 }),
    rebalance: fc.boolean(),
    detectionS: fc.integer({ min: 0, max: 100 }),
    deployS: fc.integer({ min: 0, max: 600 }),
    hostFailures: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9000 })), { maxLength: 6 }),
    rackFailures: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9000 })), { maxLength: 2 }),
    slowdowns: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9000 }), fc.double({ min: 0.1, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3000 })), { maxLength: 2 }),
    surges: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 1, max: 3000 })), { maxLength: 2 }),
    hostRepairS: fc.integer({ min: 100, max: 5000 }),
    rackRepairS: fc.integer({ min: 100, max: 3000 }),
  })
  .map((f) => {
    const n = f.hosts.length;
    const racks = Math.min(f.racks, n);
    const vnfs = f.vnfs.map((v, i) => {
      const h = f.hosts[v.host % n]!;
      return {
        name: `v${i}`,
        cpu: Math.max(0.5, Math.round(v.cpuShare * h.cpu * 2) / 2),
        memory: `${Math.max(1, Math.floor(v.memShare * h.memoryGiB))}GiB`,
        instances: v.instances,
        needed: 1 + (v.needed % v.instances),
      };
    });
    return {
      hosts: n,
      racks,
      hostRepairS: f.hostRepairS,
      rackRepairS: f.rackRepairS,
      processorsPerHost: 1,
      hostFailures: f.hostFailures.map(([k, t]) => [k % n, t] as [number, number]),
      rackFailures: f.rackFailures.map(([k, t]) => [k % racks, t] as [number, number]),
      slowdowns: f.slowdowns.map(([k, t, factor, d]) => [k % n, t, factor, d] as [number, number, number, number]),
      hostEntries: f.hosts.map((h, i) => ({ hosts: n === 1 ? "h" : `h[${i}]`, cpu: h.cpu, memory: `${h.memoryGiB}GiB` })),
      config: {
        vnfs,
        chains: f.chains.map((c, i) => ({ name: `c${i}`, vnfs: [...new Set(c.map((k) => `v${k % vnfs.length}`))] })),
        allocation: f.allocation,
        deployment: f.deployment,
        headroom: `${f.headroom}%`,
        rebalance: f.rebalance,
        detection_delay: `${f.detectionS}s`,
        deploy_time: `${f.deployS}s`,
        surges: f.surges.map(([k, extra, t, d]) => ({ vnf: `v${k % vnfs.length}`, extra, at: `${t}s`, duration: `${d}s` })),
      },
    };
  });

describe("nfv-policy: the built-in policies never break their rules", () => {
  it("policy_violations is 0 over random fleets, policies and failure sets; the accounting stays in range", () => {
    fc.assert(
      fc.property(fleet, (setup) => {
        const { metrics } = runNfv(setup);
        expect(metrics.policy_violations).toBe(0);
        expect(metrics.chain_availability).toBeGreaterThanOrEqual(0);
        expect(metrics.chain_availability).toBeLessThanOrEqual(1);
        expect(metrics.utilization).toBeGreaterThanOrEqual(0);
        expect(metrics.utilization).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
