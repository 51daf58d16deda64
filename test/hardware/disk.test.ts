import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { Trace, type TraceRecord } from "../../src/engine/trace.js";
import { Component } from "../../src/hardware/component.js";
import {
  DEFAULT_DISK_PARAMS,
  DISK_PARAMETER_DOCS,
  Disk,
  diskParamsFrom,
  type DiskParams,
  type IoHandlers,
  type IoResult,
  type LatentErrorDiscovery,
} from "../../src/hardware/disk.js";

/** 100 B/s and 100-byte extents make every duration a small exact number. */
const SMALL: Partial<DiskParams> = {
  capacityBytes: 1000,
  extentSizeBytes: 100,
  readBandwidthBytesPerS: 100,
  writeBandwidthBytesPerS: 50,
};

function disk(params: Partial<DiskParams> = {}) {
  const sim = new Simulator();
  const d = new Disk("disk", { ...SMALL, ...params }, sim);
  const records: TraceRecord[] = [];
  d.trace = new Trace((r) => records.push(r));
  const log: string[] = [];
  const results: Record<string, IoResult> = {};
  const handlers = (name: string): IoHandlers => ({
    done: (now, result) => {
      results[name] = result;
      log.push(`${name} done ${now}`);
    },
    failed: (now, reason) => log.push(`${name} failed ${now} ${reason}`),
  });
  return { sim, d, records, log, results, handlers };
}

describe("Disk geometry", () => {
  it("has ⌊capacity / extent size⌋ extents: 14901 of 1 GiB in the default 16 TB", () => {
    const d = new Disk("disk", {}, new Simulator());
    expect(d.extentCount).toBe(Math.floor(16e12 / 2 ** 30));
    expect(d.extentCount).toBe(14901);
    expect(d.kind).toBe("disk");
  });

  it("rejects bad parameters and targets", () => {
    const sim = new Simulator();
    expect(() => new Disk("d", { rebuildShare: 1.5 }, sim)).toThrow(/rebuild_share must be in \[0, 1\]/);
    expect(() => new Disk("d", { rebuildShare: 1.5 }, sim)).toThrow(expect.objectContaining({ field: "rebuild_share" }));
    expect(() => new Disk("d", { readBandwidthBytesPerS: 0 }, sim)).toThrow(/read_bandwidth/);
    expect(() => new Disk("d", { capacityBytes: 10, extentSizeBytes: 20 }, sim)).toThrow(/exceeds the capacity/);
    const { d, handlers } = disk();
    expect(() => d.read({ extent: 10 }, "foreground", handlers("a"))).toThrow(/\[0, 10\)/);
    expect(() => d.read({ extent: 8, count: 3 }, "foreground", handlers("a"))).toThrow(/do not fit/);
    expect(() => d.read({ bytes: -1 }, "foreground", handlers("a"))).toThrow(/bytes must be >= 0/);
    expect(() => d.latentSectorError(0, 10)).toThrow(RangeError);
  });
});

describe("Disk bandwidth", () => {
  it("reads N bytes in N / read bandwidth and writes them in N / write bandwidth", () => {
    const { sim, d, log, results, handlers } = disk();
    d.read({ bytes: 250 }, "foreground", handlers("r"));
    sim.run();
    d.write({ extent: 0, count: 2 }, "foreground", handlers("w"));
    sim.run();
    expect(log).toEqual(["r done 2.5", "w done 6.5"]);
    expect(results["r"]).toEqual({ bytes: 250, badExtents: [] });
    expect(results["w"]).toEqual({ bytes: 200, badExtents: [] });
  });

  it("gives a lone rebuild read the whole bandwidth on an idle disk", () => {
    const { sim, d, log, handlers } = disk();
    d.read({ extent: 0, count: 3 }, "rebuild", handlers("r"));
    sim.run();
    expect(log).toEqual(["r done 3"]);
  });

  it("stretches a rebuild read by 1/rebuild_share while foreground I/O is busy all the time", () => {
    const { sim, d, log, handlers } = disk({ rebuildShare: 0.25, foregroundBusy: 1 });
    const op = d.read({ bytes: 100 }, "rebuild", handlers("r"));
    expect(op.rate).toBe(25);
    sim.run();
    expect(log).toEqual(["r done 4"]);
  });

  it("gives rebuild I/O the time average 1 − busy × (1 − share) under background client load", () => {
    const { sim, d, log, handlers } = disk({ rebuildShare: 0.3, foregroundBusy: 0.5 });
    const op = d.read({ bytes: 130 }, "rebuild", handlers("r"));
    expect(op.rate).toBeCloseTo(65, 12);
    sim.run();
    expect(log).toHaveLength(1);
    expect(sim.now).toBeCloseTo(2, 12);
  });

  it("splits the time rebuild_share / 1 − rebuild_share while a foreground operation runs, then gives it all back", () => {
    const { sim, d, log, handlers } = disk({ rebuildShare: 0.25 });
    const fg = d.read({ bytes: 150 }, "foreground", handlers("fg"));
    const rb = d.read({ bytes: 100 }, "rebuild", handlers("rb"));
    expect(fg.rate).toBe(75);
    expect(rb.rate).toBe(25);
    sim.run();
    // fg: 150 at 75 B/s → t=2; rb has 50 by then, the other 50 at 100 B/s → t=2.5.
    expect(log).toEqual(["fg done 2", "rb done 2.5"]);
  });

  it("shares the rebuild class equally between two concurrent rebuild reads", () => {
    const { sim, d, log, handlers } = disk();
    const a = d.read({ bytes: 100 }, "rebuild", handlers("a"));
    const b = d.read({ bytes: 100 }, "rebuild", handlers("b"));
    expect(a.rate).toBe(50);
    expect(b.rate).toBe(50);
    sim.run();
    expect(log).toEqual(["a done 2", "b done 2"]);
  });

  it("recomputes the shares when an operation starts or ends mid-way", () => {
    const { sim, d, log, handlers } = disk();
    // a: 200 B alone for 0.5 s (50 B), then 100 B/s shared with b until b's 100 B are done at 2.5 s
    // (a has 150 B by then), then alone: its last 50 B end at 3 s. The disk never idles: 300 B in 3 s.
    d.read({ bytes: 200 }, "rebuild", handlers("a"));
    sim.schedule(0.5, () => d.read({ bytes: 100 }, "rebuild", handlers("b")));
    sim.run();
    expect(log).toEqual(["b done 2.5", "a done 3"]);
  });

  it("speeds the others up when an operation is cancelled", () => {
    const { sim, d, log, handlers } = disk();
    d.read({ bytes: 100 }, "rebuild", handlers("a"));
    const b = d.read({ bytes: 100 }, "rebuild", handlers("b"));
    sim.schedule(1, () => b.cancel());
    sim.run();
    expect(log).toEqual(["a done 1.5"]);
    expect(b.active).toBe(false);
    expect(d.activeOps).toBe(0);
  });

  it("starves rebuild I/O with a share of 0 until foreground I/O ends", () => {
    const { sim, d, log, handlers } = disk({ rebuildShare: 0 });
    d.read({ bytes: 100 }, "foreground", handlers("fg"));
    d.read({ bytes: 100 }, "rebuild", handlers("rb"));
    sim.run();
    expect(log).toEqual(["fg done 1", "rb done 2"]);
  });

  it("caps a scrub at scrub_bandwidth and gives what it leaves to the other rebuild operations", () => {
    const { sim, d, log, handlers } = disk({ scrubBandwidthBytesPerS: 20 });
    const scrub = d.scrub(handlers("scrub"));
    expect(scrub.rate).toBe(20);
    const rb = d.read({ bytes: 80 }, "rebuild", handlers("rb"));
    expect(rb.rate).toBe(80);
    sim.run();
    // 1000 B at 20 B/s.
    expect(log).toEqual(["rb done 1", "scrub done 50"]);
  });
});

describe("Disk failures", () => {
  it("fails an operation when the disk fails mid-way, with the cause", () => {
    const { sim, d, log, records, handlers } = disk();
    d.read({ bytes: 500 }, "foreground", handlers("a"));
    d.write({ extent: 0 }, "rebuild", handlers("b"));
    sim.schedule(2, () => d.fail(sim.now, "head crash"));
    sim.run();
    expect(log).toEqual(["a failed 2 head crash", "b failed 2 head crash"]);
    expect(d.activeOps).toBe(0);
    expect(records.filter((r) => r.event === "io-failed")).toEqual([
      { t: 2, component: "disk", event: "io-failed", cause: "head crash", detail: { ops: 2 } },
    ]);
  });

  it("fails operations when a container goes down", () => {
    const { sim, d, log, handlers } = disk();
    const host = new Component("host", "host");
    host.contain(d);
    d.read({ bytes: 500 }, "foreground", handlers("a"));
    sim.schedule(1, () => host.fail(sim.now, "power"));
    sim.run();
    expect(log).toEqual(["a failed 1 host down"]);
  });

  it("fails an operation submitted while down in an event of its own", () => {
    const { sim, d, log, handlers } = disk();
    d.fail(0, "failure");
    sim.schedule(1, () => {
      d.read({ bytes: 10 }, "foreground", handlers("a"));
      d.read({ bytes: 10 }, "foreground", handlers("b")).cancel();
      expect(log).toEqual([]);
    });
    sim.run();
    expect(log).toEqual(["a failed 1 failure"]);
  });

  it("comes back from the repair of a fail-stop as an empty replacement", () => {
    const { d, records } = disk();
    const replaced: number[] = [];
    d.onReplaced((_, now) => replaced.push(now));
    d.latentSectorError(1, 4);
    d.fail(2, "failure");
    expect(d.latentExtents()).toEqual([]);
    expect(d.latentSectorError(3, 5)).toBe(false);
    d.restore(10, "replaced");
    expect(replaced).toEqual([10]);
    expect(d.replacements).toBe(1);
    expect(d.latentExtents()).toEqual([]);
    expect(records.map((r) => r.event)).toEqual(["lse", "down", "up", "replaced"]);
  });

  it("keeps its contents, latent errors included, through a container's outage", () => {
    const { d } = disk();
    const rack = new Component("rack", "rack");
    rack.contain(d);
    const replaced: number[] = [];
    d.onReplaced((_, now) => replaced.push(now));
    d.latentSectorError(1, 4);
    rack.fail(2, "power");
    rack.restore(3, "power back");
    expect(d.latentExtents()).toEqual([4]);
    expect(replaced).toEqual([]);
  });
});

describe("Disk latent sector errors", () => {
  it("is discovered by a read covering it, when the read passes that extent", () => {
    const { sim, d, log, records, results, handlers } = disk();
    const found: LatentErrorDiscovery[] = [];
    d.onLatentDiscovered((e) => found.push(e));
    expect(d.latentSectorError(0, 3)).toBe(true);
    expect(d.latentSectorError(0, 3)).toBe(false);
    d.read({ extent: 2, count: 4 }, "rebuild", handlers("r"));
    sim.run();
    // Extent 3 is the second of the read: passed after 200 B at 100 B/s.
    expect(found).toEqual([{ disk: d, extent: 3, by: "read", now: 2 }]);
    expect(log).toEqual(["r done 4"]);
    expect(results["r"]!.badExtents).toEqual([3]);
    expect(d.latentExtents()).toEqual([]);
    expect(d.knownBadExtents()).toEqual([3]);
    expect(records.map((r) => `${r.t} ${r.event} ${r.cause} ${JSON.stringify(r.detail)}`)).toEqual([
      '0 lse fault {"extent":3}',
      '2 lse-discovered read {"extent":3}',
    ]);
  });

  it("is not discovered by a read elsewhere, nor by a byte-only read", () => {
    const { sim, d, results, handlers } = disk();
    d.latentSectorError(0, 7);
    d.read({ extent: 0, count: 7 }, "foreground", handlers("before"));
    d.read({ extent: 8, count: 2 }, "foreground", handlers("after"));
    d.read({ bytes: 1000 }, "foreground", handlers("bytes"));
    sim.run();
    expect(results["before"]!.badExtents).toEqual([]);
    expect(results["after"]!.badExtents).toEqual([]);
    expect(results["bytes"]!.badExtents).toEqual([]);
    expect(d.latentExtents()).toEqual([7]);
  });

  it("is discovered by a scrub, progressively, with every other latent error", () => {
    const { sim, d, log, records, results, handlers } = disk();
    const found: [number, number, string][] = [];
    d.onLatentDiscovered((e) => found.push([e.extent, e.now, e.by]));
    d.latentSectorError(0, 9);
    d.latentSectorError(0, 0);
    d.latentSectorError(0, 5);
    d.scrub(handlers("scrub"));
    sim.run();
    expect(found).toEqual([
      [0, 1, "scrub"],
      [5, 6, "scrub"],
      [9, 10, "scrub"],
    ]);
    expect(log).toEqual(["scrub done 10"]);
    expect(results["scrub"]!.badExtents).toEqual([0, 5, 9]);
    expect(d.latentExtents()).toEqual([]);
    expect(records.map((r) => r.event)).toEqual(["lse", "lse", "lse", "scrub-start", "lse-discovered", "lse-discovered", "lse-discovered", "scrub-done"]);
  });

  it("is found by a read in progress only if it appears ahead of the read's position", () => {
    const { sim, d, results, handlers } = disk();
    d.read({ extent: 0, count: 10 }, "rebuild", handlers("r"));
    // At t=4.5 the read has finished extents 0-3 and is inside extent 4.
    sim.schedule(4.5, () => {
      d.latentSectorError(sim.now, 2); // behind: missed
      d.latentSectorError(sim.now, 4); // in the extent being read: found
      d.latentSectorError(sim.now, 8); // ahead: found
    });
    sim.run();
    expect(results["r"]!.badExtents).toEqual([4, 8]);
    expect(d.latentExtents()).toEqual([2]);
  });

  it("reschedules the discovery when the read's rate changes", () => {
    const { sim, d, handlers } = disk();
    const found: [number, number][] = [];
    d.onLatentDiscovered((e) => found.push([e.extent, e.now]));
    d.latentSectorError(0, 3);
    d.read({ extent: 0, count: 5 }, "rebuild", handlers("a"));
    // From t=1 (100 B read) both reads share: extent 3 ends at 400 B, 300 more at 50 B/s → t=7.
    sim.schedule(1, () => d.read({ bytes: 1000 }, "rebuild", handlers("b")));
    sim.run();
    expect(found).toEqual([[3, 7]]);
  });

  it("lists a known bad extent again on later reads until a write covering it rewrites it", () => {
    const { sim, d, results, records, handlers } = disk();
    const found: number[] = [];
    d.onLatentDiscovered((e) => found.push(e.extent));
    d.latentSectorError(0, 1);
    d.read({ extent: 1 }, "foreground", handlers("first"));
    sim.run();
    d.read({ extent: 0, count: 3 }, "foreground", handlers("again"));
    sim.run();
    expect(found).toEqual([1]); // discovered once
    expect(results["again"]!.badExtents).toEqual([1]);
    d.write({ extent: 1 }, "rebuild", handlers("rewrite"));
    sim.run();
    expect(d.knownBadExtents()).toEqual([]);
    d.read({ extent: 1 }, "foreground", handlers("after"));
    sim.run();
    expect(results["after"]!.badExtents).toEqual([]);
    expect(records.filter((r) => r.event === "lse-repaired")).toEqual([
      { t: 6, component: "disk", event: "lse-repaired", cause: "rewritten", detail: { extent: 1 } },
    ]);
  });

  it("clears a latent error by a write over it, but not one that appears behind the write", () => {
    const { sim, d, handlers } = disk();
    d.latentSectorError(0, 1);
    d.write({ extent: 0, count: 4 }, "foreground", handlers("w"));
    // Writes go at 50 B/s: at t=5 extents 0 and 1 are written.
    sim.schedule(5, () => d.latentSectorError(sim.now, 0));
    sim.run();
    expect(d.latentExtents()).toEqual([0]);
  });

  it("is cleared by repairExtent", () => {
    const { d } = disk();
    d.latentSectorError(0, 6);
    expect(d.repairExtent(6, 1)).toBe(true);
    expect(d.repairExtent(6, 2)).toBe(false);
    expect(d.latentExtents()).toEqual([]);
  });
});

describe("Disk parameters", () => {
  it("maps every documented scenario field to a parameter", () => {
    for (const doc of DISK_PARAMETER_DOCS) {
      expect(doc.unit, doc.name).not.toBe("");
      expect(doc.default, doc.name).not.toBe("");
      expect(diskParamsFrom({ [doc.name]: 12345 }), doc.name).not.toEqual(DEFAULT_DISK_PARAMS);
    }
  });

  it("documents every parameter and builds params from scenario fields", () => {
    expect(DISK_PARAMETER_DOCS.map((p) => p.name)).toEqual([
      "capacity",
      "extent_size",
      "read_bandwidth",
      "write_bandwidth",
      "rebuild_share",
      "foreground_busy",
      "scrub_bandwidth",
    ]);
    expect(diskParamsFrom({})).toEqual(DEFAULT_DISK_PARAMS);
    expect(diskParamsFrom({ capacity: 4e12, rebuild_share: 0.5, scrub_bandwidth: 5e7 })).toMatchObject({
      capacityBytes: 4e12,
      rebuildShare: 0.5,
      scrubBandwidthBytesPerS: 5e7,
    });
  });
});

describe("Disk trace determinism", () => {
  function run(seed: number): string {
    const sim = new Simulator();
    const streams = new RandomStreams(seed, 0);
    const lines: string[] = [];
    const trace = new Trace((r) => lines.push(JSON.stringify(r)));
    for (const id of ["disk[0]", "disk[1]"]) {
      const d = new Disk(id, { capacityBytes: 1e12, extentSizeBytes: 1e10, foregroundBusy: 0.4 }, sim);
      d.trace = trace;
      const lse = streams.stream(`${id}/lse`);
      const io = streams.stream(`${id}/io`);
      const failures = streams.stream(`${id}/failure`);
      const handlers: IoHandlers = {
        done: (now, r) => lines.push(`${id} done ${now} ${r.badExtents.join(",")}`),
        failed: (now, why) => lines.push(`${id} failed ${now} ${why}`),
      };
      const inject = () => {
        d.latentSectorError(sim.now, Math.floor(lse.next() * d.extentCount));
        if (sim.now < 20_000) sim.schedule(lse.next() * 500, inject);
      };
      const submit = () => {
        const extent = Math.floor(io.next() * (d.extentCount - 5));
        if (io.next() < 0.5) d.read({ extent, count: 5 }, io.next() < 0.5 ? "foreground" : "rebuild", handlers);
        else d.write({ extent, count: 2 }, "rebuild", handlers);
        if (sim.now < 20_000) sim.schedule(io.next() * 300, submit);
      };
      const breakdown = () => {
        if (d.hasFailed) d.restore(sim.now, "replaced");
        else d.fail(sim.now, "failure");
        if (sim.now < 20_000) sim.schedule(failures.next() * 4000, breakdown);
      };
      sim.schedule(0, inject);
      sim.schedule(0, submit);
      sim.schedule(1000, breakdown);
      sim.schedule(100, () => d.scrub(handlers));
    }
    sim.run();
    return lines.join("\n");
  }

  it("gives byte-identical traces for the same seed, and different ones for another", () => {
    const a = run(5);
    expect(a).toContain("lse-discovered");
    expect(a).toContain("replaced");
    expect(run(5)).toBe(a);
    expect(run(6)).not.toBe(a);
  });
});
