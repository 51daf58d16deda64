import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import type { SelfMigration } from "../../../src/mechanisms/self-migration/self-migration.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

/** Random fleets of 2–5 hosts, objects, thresholds and faults (host and processor failures, precursors, slowdowns, loss, partitions). */
const setup = fc.record({
  hosts: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 8 }), gpu: fc.boolean() }), { minLength: 2, maxLength: 5 }),
  objects: fc.array(fc.record({ host: fc.nat(), cpu: fc.integer({ min: 1, max: 3 }), gpu: fc.boolean(), count: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }),
  loadHigh: fc.double({ min: 0.3, max: 1.2, noNaN: true }),
  band: fc.double({ min: 0, max: 0.3, noNaN: true }),
  minResidenceS: fc.integer({ min: 0, max: 600 }),
  choose: fc.constantFrom("announced-fit", "any-heard"),
  probing: fc.constantFrom("with-replacement", "without-replacement"),
  loss: fc.constantFrom("0", "5%", "30%"),
  hostFailures: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3000 })), { maxLength: 3 }),
  precursors: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 200, max: 3000 }), fc.integer({ min: 10, max: 300 })), { maxLength: 2 }),
  slowdowns: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 60, max: 900 })), { maxLength: 2 }),
  partition: fc.option(fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 10, max: 600 }))),
  gpuFailure: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3000 }))),
});

describe("self-migration: the hosts' ledgers stay consistent", { timeout: 120_000 }, () => {
  it("over random fleets and faults: room in use = residents + reservations, metrics in range", () => {
    fc.assert(
      fc.property(setup, (s) => {
        const n = s.hosts.length;
        const id = (g: string, k: number) => `${g}[${k % n}]`;
        const gpuHosts = s.hosts.map((h, i) => (h.gpu ? i : -1)).filter((i) => i >= 0);
        const scenario = scenarioSchema.parse({
          name: "t",
          horizon: "4000s",
          components: [
            { name: "h", kind: "host", count: n, repair: { dist: "deterministic", value: "500s" } },
            { name: "cpu", kind: "processor", count: n, in: "h", repair: { dist: "deterministic", value: "500s" } },
            ...(gpuHosts.length > 0 ? [{ name: "gpu", count: gpuHosts.length, in: gpuHosts.map((i) => `h[${i}]`), repair: { dist: "deterministic", value: "500s" } }] : []),
            { name: "tor", kind: "switch" },
            { name: "nic", kind: "link", count: n, connects: ["h", "tor"], bandwidth: "100MB/s", latency: "1ms", loss: s.loss },
          ],
          faults: [
            ...s.hostFailures.map(([k, t], i) => ({ type: "fail-stop", name: `f${i}`, target: id("h", k), at: `${t}s` })),
            ...s.precursors.map(([k, t, lead], i) => ({ type: "precursor", name: `p${i}`, target: id("cpu", k), at: `${t}s`, lead: `${Math.min(lead, t - 1)}s` })),
            ...s.slowdowns.map(([k, t, d], i) => ({ type: "fail-slow", name: `s${i}`, target: id("cpu", k), at: `${t}s`, factor: 0.2, duration: `${d}s` })),
            ...(s.partition ? [{ type: "partition", name: "cut", between: [["h[0]"], [id("h", 1)]], at: `${s.partition[0]}s`, duration: `${s.partition[1]}s` }] : []),
            ...(s.gpuFailure && gpuHosts.length > 0 ? [{ type: "fail-stop", name: "g", target: gpuHosts.length === 1 ? "gpu" : `gpu[${s.gpuFailure[0] % gpuHosts.length}]`, at: `${s.gpuFailure[1]}s` }] : []),
          ],
          mechanisms: [
            {
              type: "self-migration",
              name: "mig",
              hosts: s.hosts.map((h, i) => ({ hosts: `h[${i}]`, cpu: h.cpu, memory: "64GiB", features: h.gpu ? ["gpu"] : [] })),
              objects: s.objects.map((o, i) => ({
                name: `o${i}`,
                count: o.count,
                on: `h[${o.host % n}]`,
                cpu: Math.min(o.cpu, Math.max(...s.hosts.map((h) => h.cpu))),
                memory: "1GiB",
                features: o.gpu && gpuHosts.length > 0 ? ["gpu"] : [],
                code_size: "10MB",
                state_size: "100MB",
              })),
              load_high: s.loadHigh,
              load_low: Math.max(0.05, s.loadHigh - s.band),
              min_residence: `${s.minResidenceS}s`,
              choose: s.choose,
              probing: s.probing,
              probe_period: "30s",
            },
          ],
          service: "mig",
        });
        const sim = new Simulator();
        const model = buildModel(scenario, sim, new RandomStreams(1, 0));
        model.start();
        const instance = model.mechanisms[0]!.instance as SelfMigration;
        for (let t = 500; t <= 4000; t += 500) {
          sim.run({ until: t });
          expect(instance.swarm.ledgerErrors()).toEqual([]);
        }
        const m = instance.finish();
        expect(m.availability!.value).toBeGreaterThanOrEqual(0);
        expect(m.availability!.value).toBeLessThanOrEqual(1);
        expect(m.ping_pong!.value).toBeLessThanOrEqual(m.migrations!.value);
        if (m.probes_per_migration) expect(m.probes_per_migration.value).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 40, seed: 8 },
    );
  });
});
