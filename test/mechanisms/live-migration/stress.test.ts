/**
 * Many faults at once (UEs every few days per DIMM, CEs, host and rack
 * failures, reboots, link failures, partitions): the memory map stays
 * consistent (each VM holds its pages once, twice while it migrates), and
 * no VM is left down for long (placement falls back, retries).
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../../src/engine/random.js";
import { Simulator } from "../../../src/engine/simulator.js";
import type { Dimm } from "../../../src/hardware/memory.js";
import { buildModel } from "../../../src/run/model.js";
import { scenarioSchema } from "../../../src/scenario/schema.js";

function stress(policy: string) {
  return scenarioSchema.parse({
    name: "stress",
    horizon: "20d",
    components: [
      { name: "rack", kind: "rack", count: 2, mttf: "30d", mttr: "2h" },
      { name: "host", kind: "host", count: 8, in: "rack", mttf: "10d", mttr: "3h" },
      { name: "dimm", kind: "dimm", count: 16, in: "host", size: "16GiB" },
      { name: "tor", kind: "switch", count: 2, in: "rack" },
      { name: "spine", kind: "switch" },
      { name: "uplink", kind: "link", count: 8, connects: ["host", "tor"], bandwidth: "1Gbit/s", latency: "50us", mttf: "20d", mttr: "1h" },
      { name: "trunk", kind: "link", count: 2, connects: ["tor", "spine"], bandwidth: "2Gbit/s", latency: "50us" },
    ],
    faults: [
      { type: "uncorrectable-error", target: "dimm", every: "2d" },
      { type: "correctable-error", target: "dimm", every: "2h", burst: 5 },
      { type: "partition", between: ["rack[0]", "rack[1]"], every: "5d", duration: "10m" },
      { type: "transient", target: "host", every: "7d", duration: "5m" },
    ],
    mechanisms: [
      {
        type: "live-migration",
        name: "cloud",
        hosts: "host",
        vms: [
          { name: "a", count: 12, memory: "6GiB", dirty_rate: "60MB/s" },
          { name: "b", count: 6, memory: "12GiB", dirty_rate: "200MB/s" },
        ],
        hypervisor_memory: "2GiB",
        kernel_fraction: "30%",
        policy,
        ce_threshold: 30,
        maintenance: { dist: "exponential", mean: "6h" },
        host_reboot: "5min",
        ue_quarantine: "6h",
      },
    ],
    service: "cloud",
  });
}

describe("live-migration under many faults", { timeout: 60_000 }, () => {
  it.each(["on-first-ue", "proactive", "none"])("%s: the memory map stays consistent and VMs come back", (policy) => {
    for (let r = 0; r < 2; r++) {
      const sim = new Simulator();
      const model = buildModel(stress(policy), sim, new RandomStreams(11, r));
      model.start();
      const dimms = model.inventory.ofKind("dimm") as Dimm[];
      const pages = (vm: string) => dimms.reduce((n, d) => n + d.pagesOf(vm), 0);
      for (let day = 1; day <= 20; day++) {
        sim.run({ until: day * 86400 });
        for (let i = 0; i < 12; i++) expect([1, 2], `a[${i}] at day ${day}`).toContain(pages(`a[${i}]`) / ((6 * 2 ** 30) / 4096));
        for (let i = 0; i < 6; i++) expect([1, 2], `b[${i}] at day ${day}`).toContain(pages(`b[${i}]`) / ((12 * 2 ** 30) / 4096));
        for (const d of dimms) expect(d.pagesOf("hypervisor")).toBe((2 ** 30) / 4096);
      }
      const m = model.mechanisms[0]!.instance.finish();
      expect(m.ues!.value).toBeGreaterThan(60);
      expect(m.vms_lost!.value).toBeGreaterThan(10);
      // Hundreds of crashes, each a few minutes of down time: still above 99 %.
      expect(m.vm_availability!.value).toBeGreaterThan(0.99);
    }
  });
});
