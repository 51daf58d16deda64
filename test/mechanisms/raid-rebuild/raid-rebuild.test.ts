import { describe, expect, it } from "vitest";
import { replicate } from "../../validation/helpers.js";
import { replicationFigure } from "../../../src/metrics/replication-output.js";

const GiB = 2 ** 30;

/** A RAID group of `count` 4-GiB disks (4 chunks of 1 GiB) at 100 MB/s, with scripted faults. */
function group(options: { count: number; parity: number; faults: unknown[]; spares?: number; scrub?: string; repair?: string; horizon?: string; restore?: string; writeBandwidth?: string; chunks?: number; busy?: number }) {
  const disk = (name: string, count: number) => ({
    name,
    kind: "disk",
    count,
    capacity: `${options.chunks ?? 4}GiB`,
    extent_size: "1GiB",
    read_bandwidth: "100MB/s",
    write_bandwidth: options.writeBandwidth ?? "100MB/s",
    ...(options.busy === undefined ? {} : { foreground_busy: options.busy, rebuild_share: 0.3 }),
    ...(options.repair === undefined ? { repair: "none" } : { mttr: options.repair }),
  });
  const spares = options.spares ?? 1;
  return replicate({
    seed: 3,
    replications: 2,
    horizon: options.horizon ?? "100h",
    components: spares > 0 ? [disk("disk", options.count), disk("spare", spares)] : [disk("disk", options.count)],
    faults: options.faults,
    mechanisms: [
      {
        type: "raid-rebuild",
        name: "raid",
        disks: "disk",
        width: options.count,
        parity: options.parity,
        chunk_size: "1GiB",
        ...(spares > 0 ? { spares: "spare", spare: "shared" } : { spare: "none" }),
        ...(options.scrub === undefined ? {} : { scrub_period: options.scrub }),
        ...(options.restore === undefined ? {} : { restore_time: options.restore }),
      },
    ],
    service: "raid",
  } as never)[0]!;
}

const value = (out: ReturnType<typeof group>, metric: string) => replicationFigure(out, `raid.${metric}`);

describe("raid-rebuild", () => {
  it("rebuilds a failed disk onto the hot spare at the disks' bandwidth: 4 GiB / 100 MB/s", () => {
    const out = group({ count: 5, parity: 1, faults: [{ type: "fail-stop", target: "disk[2]", at: "1h" }] });
    expect(value(out, "rebuild_time_s")).toBeCloseTo((4 * GiB) / 100e6, 6);
    expect(value(out, "degraded_time_s")).toBeCloseTo((4 * GiB) / 100e6, 6);
    expect(value(out, "critical_time_s")).toBeCloseTo((4 * GiB) / 100e6, 6); // RAID-5 with one member lost has no parity left
    expect(value(out, "data_loss_events")).toBe(0);
    expect(out.times["raid.mttdl_s"]).toEqual({ time: 100 * 3600, observed: false, unit: "s" });
  });

  it("RAID-6 reads G − 2 of the G − 1 survivors (rotating), so with a fast spare a survivor reads 4/5 of its data", () => {
    // 6 disks of 20 chunks, one lost: each stripe reads 4 of the 5 survivors, each survivor 16 of its 20 chunks.
    const out = group({ count: 6, parity: 2, faults: [{ type: "fail-stop", target: "disk[0]", at: "1h" }], writeBandwidth: "100GB/s", chunks: 20 });
    // 16 chunks read at 100 MB/s; the spare's 20 writes at 100 GB/s overlap them.
    expect(value(out, "rebuild_time_s")! / ((16 * GiB) / 100e6)).toBeCloseTo(1, 2);
  });

  it("under a half-busy foreground load the rebuild gets 1 − 0.5·(1 − rebuild_share) of each disk", () => {
    const out = group({ count: 5, parity: 1, faults: [{ type: "fail-stop", target: "disk[2]", at: "1h" }], busy: 0.5 });
    expect(value(out, "rebuild_time_s")).toBeCloseTo((4 * GiB) / (100e6 * (1 - 0.5 * 0.7)), 6);
  });

  it("without a spare, waits for the replacement (the disk's repair) before rebuilding", () => {
    const out = group({ count: 5, parity: 1, spares: 0, repair: "10h", faults: [{ type: "fail-stop", target: "disk[2]", at: "1h" }] });
    // An exponential repair with mean 10 h, then the rebuild.
    expect(value(out, "rebuild_time_s")).toBeGreaterThan((4 * GiB) / 100e6);
    expect(value(out, "disk_failures")).toBe(1);
  });

  it("two overlapping failures in RAID-5 lose data: one event, the lost chunks' user data, restored after restore_time", () => {
    const out = group({
      count: 5,
      parity: 1,
      restore: "2h",
      faults: [
        { type: "fail-stop", name: "first", target: "disk[0]", at: "1h" },
        { type: "fail-stop", name: "second", target: "disk[1]", at: "1.01h" },
      ],
      spares: 2,
    });
    expect(value(out, "data_loss_events")).toBe(1);
    expect(value(out, "p_data_loss")).toBe(1);
    // Both members of every stripe not yet rebuilt when disk[1] failed: 4/5 of their bytes are user data.
    expect(value(out, "data_loss_bytes")! % ((2 * GiB * 4) / 5)).toBeCloseTo(0, 0);
    expect(out.times["raid.mttdl_s"]!.observed).toBe(true);
    expect(out.times["raid.mttdl_s"]!.time).toBeCloseTo(1.01 * 3600, 6);
    // Down from the loss until the restore from backup, 2 h later.
    expect(out.values.downtime_s!.value).toBeCloseTo(2 * 3600, 6);
  });

  it("RAID-6 survives the same two failures", () => {
    const out = group({
      count: 6,
      parity: 2,
      faults: [
        { type: "fail-stop", name: "first", target: "disk[0]", at: "1h" },
        { type: "fail-stop", name: "second", target: "disk[1]", at: "1.01h" },
      ],
      spares: 2,
    });
    expect(value(out, "data_loss_events")).toBe(0);
    expect(value(out, "critical_time_s")).toBeGreaterThan(0);
  });

  it("a latent sector error read during a RAID-5 rebuild is data loss; a scrub before the failure finds and rewrites it", () => {
    const faults = [
      { type: "latent-sector-error", target: "disk[1]", at: "1h" },
      { type: "fail-stop", target: "disk[0]", at: "5h" },
    ];
    const unscrubbed = group({ count: 4, parity: 1, faults });
    expect(value(unscrubbed, "lse_hit_in_rebuild")).toBe(1);
    expect(value(unscrubbed, "data_loss_events")).toBe(1);
    expect(value(unscrubbed, "data_loss_bytes")).toBeCloseTo((2 * GiB * 3) / 4, 0);
    const scrubbed = group({ count: 4, parity: 1, faults, scrub: "2h" });
    expect(value(scrubbed, "lse_found_by_scrub")).toBe(1);
    expect(value(scrubbed, "lse_hit_in_rebuild")).toBe(0);
    expect(value(scrubbed, "data_loss_events")).toBe(0);
  });

  it("a latent error hit in a RAID-6 rebuild with one member lost is recovered from the second parity", () => {
    const out = group({
      count: 6,
      parity: 2,
      faults: [
        { type: "latent-sector-error", target: "disk[1]", at: "1h" },
        { type: "fail-stop", target: "disk[0]", at: "5h" },
      ],
    });
    expect(value(out, "lse_hit_in_rebuild")).toBe(1);
    expect(value(out, "data_loss_events")).toBe(0);
  });

  it("reports the foreground bandwidth left while rebuilding: each busy disk gives rebuild_share away", () => {
    const out = group({ count: 5, parity: 1, faults: [{ type: "fail-stop", target: "disk[2]", at: "1h" }] });
    // 4 survivors + the spare busy out of 5 up disks (4 group disks + spare), share 0.3 each.
    expect(value(out, "foreground_bandwidth_during_rebuild_fraction")).toBeCloseTo(1 - 0.3, 9);
  });
});

describe("raid-rebuild: a declustered pool's replacement", () => {
  /** Failures 40 h apart in a 9-disk pool of 4-wide stripes (one spare chunk per row), each disk replaced 1 h after its failure. */
  function pool(replacement: "copy-back" | "rebalance", failures: number) {
    return replicate({
      seed: 5,
      replications: 2,
      horizon: "200h",
      components: [{ name: "disk", kind: "disk", count: 9, capacity: "20GiB", extent_size: "1GiB", read_bandwidth: "100MB/s", write_bandwidth: "100MB/s", repair: { dist: "deterministic", value: "1h" } }],
      faults: Array.from({ length: failures }, (_, i) => ({ type: "fail-stop", name: `f${i}`, target: `disk[${i}]`, at: `${10 + 40 * i}h` })),
      mechanisms: [{ type: "raid-rebuild", name: "raid", disks: "disk", layout: "declustered", width: 4, parity: 1, chunk_size: "1GiB", replacement }],
      service: "raid",
    } as never)[0]!;
  }
  it.each(["copy-back", "rebalance"] as const)("%s returns the spare space: later rebuilds are as fast as the first", (policy) => {
    const one = value(pool(policy, 1), "rebuild_time_s")!;
    const three = pool(policy, 3);
    expect(value(three, "data_loss_events")).toBe(0);
    // Without the spare space back, the second and third rebuilds could write only to the replacement disk.
    expect(value(three, "rebuild_time_s")! / one).toBeLessThan(1.3);
  });
});
