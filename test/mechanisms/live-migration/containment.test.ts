import { describe, expect, it } from "vitest";
import { FREE_PAGE, fleet, HV_PAGE, VM_PAGE } from "./fixture.js";

describe("live-migration: a UE is signalled, contained and the host evacuated", () => {
  it("the memory map: hypervisor pages first, then the VM's, then free pages", () => {
    const f = fleet();
    expect(f.dimm(0).ownerOf(HV_PAGE)).toBe("hypervisor");
    expect(f.dimm(0).ownerOf(VM_PAGE)).toBe("vm[0]");
    expect(f.dimm(0).ownerOf(FREE_PAGE)).toBeUndefined();
    expect(f.dimm(1).ownerOf(VM_PAGE)).toBe("vm[1]");
  });

  it("a UE on a free page: poisoned and contained; on-first-ue migrates the host's VM away, nothing lost", () => {
    const f = fleet();
    f.ue(0, FREE_PAGE, 100);
    f.run(3600);
    const m = f.metrics();
    expect(m.ues).toBe(1);
    expect(m.ue_contained).toBe(1);
    expect(m.vms_lost).toBe(0);
    expect(m.migrations).toBe(1);
    expect(m.evacuations).toBe(1);
    expect(f.dimm(0).isRetired(FREE_PAGE)).toBe(true);
    expect(f.eventNames("host[0]")).toEqual(["ue-signalled", "contained", "evacuate"]);
    expect(f.eventNames("vm[0]")).toEqual(expect.arrayContaining(["migrate-start", "precopy-round", "stop-and-copy", "down", "up", "migrated"]));
    // vm[0] now lives on host[1] (the most free memory, lowest index): its pages moved.
    expect(f.dimm(0).pagesOf("vm[0]")).toBe(0);
    expect(f.dimm(1).pagesOf("vm[0]")).toBe((4 * 2 ** 30) / 4096);
    expect(m.blackout_s).toBeGreaterThan(0);
    expect(m.blackout_s).toBeLessThanOrEqual(0.3);
    expect(m.vm_availability).toBeLessThan(1);
  });

  it("policy none: the UE is contained, nothing migrates", () => {
    const f = fleet({ config: { policy: "none", kernel_fraction: 0 } });
    f.ue(0, VM_PAGE, 100);
    f.run(3600);
    const m = f.metrics();
    expect(m.ue_contained).toBe(1);
    expect(m.migrations).toBe(0);
    expect(m.evacuations).toBe(0);
    expect(m.vm_availability).toBe(1);
    expect(m.blackout_s).toBeUndefined();
  });

  it("a UE in a guest kernel page (kernel_fraction 1): the VM crashes and boots on another host after vm_restart", () => {
    const f = fleet({ horizon: "1h", config: { policy: "none", kernel_fraction: 1, vm_restart: "5min" } });
    f.ue(0, VM_PAGE, 100);
    f.run(3600);
    const m = f.metrics();
    expect(m.vms_lost).toBe(1);
    expect(m.ue_contained).toBe(0);
    expect(f.events("vm[0]")).toEqual([
      [100, "down"],
      [100, "restart"],
      [400, "up"],
    ]);
    expect(f.dimm(0).pagesOf("vm[0]")).toBe(0);
    expect(f.dimm(1).pagesOf("vm[0]")).toBeGreaterThan(0);
    // 300 s down out of 3 VMs × 3600 s.
    expect(m.vm_availability).toBeCloseTo(1 - 300 / (3 * 3600), 12);
  });

  it("a UE in a VM page with kernel_fraction 0: contained, the VM runs on", () => {
    const f = fleet({ config: { policy: "none", kernel_fraction: 0 } });
    f.ue(0, VM_PAGE, 100);
    f.run(3600);
    expect(f.metrics().vms_lost).toBe(0);
    expect(f.eventNames("vm[0]")).toEqual([]);
  });

  it("a UE in a hypervisor page crashes the host: its VMs are restarted elsewhere after detection + vm_restart", () => {
    const f = fleet({ horizon: "1h", config: { policy: "none", detection: "30s", vm_restart: "5min", host_reboot: "10min" } });
    f.ue(0, HV_PAGE, 100);
    f.run(3600);
    const m = f.metrics();
    expect(m.host_crashes).toBe(1);
    expect(m.vms_lost).toBe(1);
    expect(f.eventNames("host[0]")).toEqual(["ue-signalled", "host-crash", "host-lost", "rebooted"]);
    expect(f.events("vm[0]")).toEqual([
      [100, "down"],
      [130, "restart"],
      [430, "up"],
    ]);
    expect(m.vm_availability).toBeCloseTo(1 - 330 / (3 * 3600), 12);
  });

  it("the host's hardware stopping (a fault) loses its VMs, restarted after detection", () => {
    const f = fleet({
      config: { policy: "on-first-ue", detection: "30s", vm_restart: "1min" },
      faults: [{ type: "fail-stop", name: "crash", target: "host[2]", at: "1000s" }],
      host: { mttr: "8h" },
    });
    f.run(3600);
    const m = f.metrics();
    expect(m.host_crashes).toBe(1);
    expect(m.vms_lost).toBe(1);
    expect(f.events("vm[2]")).toEqual([
      [1000, "down"],
      [1030, "restart"],
      [1090, "up"],
    ]);
  });
});

describe("live-migration: interruptions and placement", () => {
  it("a second UE on the source during the pre-copy ends the migration; the VM migrates again and arrives", () => {
    const f = fleet({ config: { kernel_fraction: 0 } });
    f.ue(0, FREE_PAGE, 100);
    f.ue(0, FREE_PAGE - 1, 101); // round 0 of 4 GiB at 1.25 GB/s takes 3.4 s
    f.run(3600);
    const m = f.metrics();
    expect(m.migrations_interrupted).toBe(1);
    expect(m.wasted_bytes).toBeCloseTo(1.25e9, -3);
    expect(m.migrations).toBe(1);
    expect(m.vms_lost).toBe(0);
    expect(f.eventNames("vm[0]").filter((e) => e === "migrate-start")).toHaveLength(2);
  });

  it("the source crashing during the migration: interrupted, the VM lost and restarted", () => {
    const f = fleet({
      config: { vm_restart: "1min" },
      faults: [{ type: "fail-stop", name: "crash", target: "host[0]", at: "101s" }],
      host: { mttr: "8h" },
    });
    f.ue(0, FREE_PAGE, 100);
    f.run(3600);
    const m = f.metrics();
    expect(m.migrations_interrupted).toBe(1);
    expect(m.migrations).toBe(0);
    expect(m.vms_lost).toBe(1);
    expect(f.eventNames("vm[0]")).toContain("restart");
  });

  it("a host with a recent UE is not a target, even with the most free memory", () => {
    // host[0]'s UE at 100 s; maintenance 10 min, so it is back in service, empty, at 700 s but still quarantined.
    const f = fleet({ config: { maintenance: "10min", ue_quarantine: "1h", kernel_fraction: 0 } });
    f.ue(0, FREE_PAGE, 100);
    f.ue(1, FREE_PAGE, 1000);
    f.run(3600);
    expect(f.eventNames("host[0]")).toContain("in-service");
    const moves = f.records.filter((r) => r.event === "migrate-start").map((r) => [r.component, r.detail?.to]);
    // vm[0] to host[1] first; then host[1]'s two VMs (in VM order) to host[2], not to the empty but quarantined host[0].
    expect(moves).toEqual([
      ["cloud/vm[0]", "host[1]"],
      ["cloud/vm[0]", "host[2]"],
      ["cloud/vm[1]", "host[2]"],
    ]);
  });

  it("with no target left, the VMs wait on their host and move when one returns", () => {
    const f = fleet({ hosts: 2, config: { maintenance: "10min", ue_quarantine: "0s", kernel_fraction: 0 } });
    f.ue(0, FREE_PAGE, 100);
    f.ue(1, FREE_PAGE, 200); // host[1] drained while host[0] still is: no target
    f.run(3600);
    const waits = f.records.filter((r) => r.event === "no-target");
    expect(waits.map((r) => [r.t, r.component])).toEqual([[200, "cloud/vm[0]"]]);
    // Both leave host[1] once host[0] is back in service at 700 s.
    const later = f.records.filter((r) => r.event === "migrate-start" && r.t > 200).map((r) => [r.t, r.component, r.detail?.to]);
    expect(later).toEqual([
      [700, "cloud/vm[0]", "host[0]"],
      [700, "cloud/vm[1]", "host[0]"],
    ]);
    expect(f.metrics().migrations).toBe(3);
  });
});

describe("live-migration: crashes during a boot or a resume", () => {
  it("a VM that crashes again while booting boots once, from its second restart", () => {
    const f = fleet({ horizon: "1h", config: { policy: "none", kernel_fraction: 1, vm_restart: "5min" } });
    f.ue(0, VM_PAGE, 100); // vm[0] restarts on host[1], after vm[1]'s pages
    f.ue(1, VM_PAGE + (4 * 2 ** 30) / 4096, 200); // a page of the booting vm[0] on host[1]
    f.run(3600);
    expect(f.events("vm[0]")).toEqual([
      [100, "down"],
      [100, "restart"],
      [200, "restart"],
      [500, "up"],
    ]);
    expect(f.metrics().vms_lost).toBe(2);
  });

  it("the target stopping during the resume: the VM runs on at its source and migrates again", () => {
    const f = fleet({
      config: { kernel_fraction: 0, resume: "10s" },
      faults: [{ type: "fail-stop", name: "crash", target: "host[1]", at: "110s" }], // last byte at 103.7 s, resume to 113.7 s
      host: { mttr: "8h" },
    });
    f.ue(0, FREE_PAGE, 100);
    f.run(3600);
    const m = f.metrics();
    expect(m.migrations_interrupted).toBe(1);
    expect(m.migrations).toBe(1);
    expect(f.eventNames("vm[0]")).toContain("migration-interrupted");
    expect(f.dimm(2).pagesOf("vm[0]")).toBe((4 * 2 ** 30) / 4096);
    expect(f.dimm(0).pagesOf("vm[0]")).toBe(0);
    expect(f.dimm(1).pagesOf("vm[0]")).toBe(0);
  });
});

describe("live-migration: waiting for a target", () => {
  it("VMs blocked only by a quarantine move when it ends", () => {
    // host[0]: UE at 100 s, back in service at 700 s but quarantined until 3700 s; host[1]'s UE at 200 s finds no target.
    const f = fleet({ hosts: 2, config: { maintenance: "10min", ue_quarantine: "1h", kernel_fraction: 0 } });
    f.ue(0, FREE_PAGE, 100);
    f.ue(1, FREE_PAGE, 200);
    f.run(7200);
    const later = f.records.filter((r) => r.event === "migrate-start" && r.t > 200).map((r) => [r.t, r.component]);
    expect(later).toEqual([
      [3700, "cloud/vm[0]"],
      [3700, "cloud/vm[1]"],
    ]);
  });

  it("a crashed VM restarts on a quarantined host rather than stay down", () => {
    const f = fleet({ hosts: 2, config: { policy: "none", kernel_fraction: 0, detection: "30s", vm_restart: "1min" } });
    f.ue(1, FREE_PAGE, 100); // host[1] quarantined for 24 h
    f.ue(0, HV_PAGE, 200); // host[0] crashes
    f.run(3600);
    expect(f.events("vm[0]")).toEqual([
      [200, "down"],
      [230, "restart"],
      [290, "up"],
    ]);
    expect(f.dimm(1).pagesOf("vm[0]")).toBeGreaterThan(0);
  });
});

describe("live-migration: the proactive policy", () => {
  it("a DIMM reaching the CE threshold evacuates its host at once, before any UE", () => {
    const f = fleet({ config: { policy: "proactive", ce_threshold: 10 } });
    f.ce(0, 4, 100);
    f.ce(0, 5, 200);
    f.ce(0, 1, 300);
    f.run(3600);
    expect(f.events("host[0]")).toEqual([
      [300, "ce-threshold"],
      [300, "evacuate"],
    ]);
    expect(f.events("vm[0]")[0]).toEqual([300, "migrate-start"]);
    expect(f.metrics().migrations).toBe(1);
  });

  it("below the threshold, or with on-first-ue, CEs do nothing", () => {
    const below = fleet({ config: { policy: "proactive", ce_threshold: 10 } });
    below.ce(0, 9, 100);
    below.run(3600);
    expect(below.metrics().evacuations).toBe(0);
    const first = fleet({ config: { policy: "on-first-ue" } });
    first.ce(0, 50, 100);
    first.run(3600);
    expect(first.metrics().evacuations).toBe(0);
  });

  it("CEs older than the window do not count", () => {
    const f = fleet({ config: { policy: "proactive", ce_threshold: 10, ce_window: "1h" } });
    f.ce(0, 9, 100);
    f.ce(0, 1, 100 + 3601);
    f.run(7200);
    expect(f.metrics().evacuations).toBe(0);
  });

  it("a host over the CE threshold is not a target", () => {
    const f = fleet({ config: { policy: "proactive", ce_threshold: 10, maintenance: "10min", kernel_fraction: 0 } });
    f.ce(0, 10, 100); // host[0] evacuated; back at 700 s, still over the threshold
    f.ue(1, FREE_PAGE, 1000);
    f.run(3600);
    const to = f.records.filter((r) => r.event === "migrate-start" && r.t >= 1000).map((r) => r.detail?.to);
    expect(to).toEqual(["host[2]", "host[2]"]);
  });
});
