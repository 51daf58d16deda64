import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Trace, type TraceRecord } from "../../src/engine/trace.js";
import { Component } from "../../src/hardware/component.js";
import {
  DEFAULT_DIMM_PARAMS,
  DIMM_PARAMETER_DOCS,
  Dimm,
  dimmParamsFrom,
  type CorrectableErrorEvent,
  type UncorrectableErrorEvent,
} from "../../src/hardware/memory.js";

const KiB = 1024;
const GiB = 1024 ** 3;

/** A small DIMM of `pages` 4 KiB pages, traced. */
function small(pages = 100) {
  const dimm = new Dimm("dimm", { sizeBytes: pages * 4 * KiB, pageSizeBytes: 4 * KiB });
  const records: TraceRecord[] = [];
  dimm.trace = new Trace((r) => records.push(r));
  return { dimm, records };
}

describe("Dimm pages", () => {
  it("has size / page size pages: 8M for the default 32 GiB of 4 KiB pages", () => {
    const dimm = new Dimm("dimm");
    expect(dimm.pageCount).toBe(8 * 1024 * 1024);
    expect(dimm.freePages).toBe(dimm.pageCount);
    expect(dimm.kind).toBe("dimm");
  });

  it("holds a whole DIMM of 2^38 pages in one range (no per-page memory)", () => {
    // 1 PiB of 4 KiB pages: any per-page array would exceed what the engine can allocate.
    const dimm = new Dimm("huge", { sizeBytes: 2 ** 50, pageSizeBytes: 4 * KiB });
    expect(dimm.pageCount).toBe(2 ** 38);
    expect(dimm.allocate("hypervisor", 2 ** 20)).toEqual({ owner: "hypervisor", first: 0, count: 2 ** 20 });
    expect(dimm.allocate("vm", dimm.pageCount - 2 ** 20)).toEqual({ owner: "vm", first: 2 ** 20, count: 2 ** 38 - 2 ** 20 });
    expect(dimm.freePages).toBe(0);
    expect(dimm.ranges()).toHaveLength(2);
    expect(dimm.ownerOf(2 ** 20 - 1)).toBe("hypervisor");
    expect(dimm.ownerOf(2 ** 20)).toBe("vm");
    expect(dimm.ownerOf(2 ** 38 - 1)).toBe("vm");
  });

  it("rejects a size that is not a whole number of pages, and pages out of range", () => {
    expect(() => new Dimm("d", { sizeBytes: 10_000, pageSizeBytes: 4096 })).toThrow(/whole number of pages/);
    expect(() => new Dimm("d", { pageSizeBytes: 0 })).toThrow(RangeError);
    const { dimm } = small(10);
    expect(() => dimm.ownerOf(10)).toThrow(/\[0, 10\)/);
    expect(() => dimm.ownerOf(-1)).toThrow(RangeError);
    expect(() => dimm.ownerOf(1.5)).toThrow(RangeError);
    expect(() => dimm.allocate("a", 0)).toThrow(/positive integer/);
  });
});

describe("Dimm ownership", () => {
  it("allocates first fit and reports owners exactly at range boundaries", () => {
    const { dimm } = small(100);
    expect(dimm.allocate("hypervisor", 10)).toEqual({ owner: "hypervisor", first: 0, count: 10 });
    expect(dimm.allocate("vm1", 20)).toEqual({ owner: "vm1", first: 10, count: 20 });
    expect(dimm.allocate("vm2", 5)).toEqual({ owner: "vm2", first: 30, count: 5 });
    expect(dimm.ownerOf(0)).toBe("hypervisor");
    expect(dimm.ownerOf(9)).toBe("hypervisor");
    expect(dimm.ownerOf(10)).toBe("vm1");
    expect(dimm.ownerOf(29)).toBe("vm1");
    expect(dimm.ownerOf(34)).toBe("vm2");
    expect(dimm.ownerOf(35)).toBeUndefined();
    expect(dimm.ownerOf(99)).toBeUndefined();
    expect(dimm.freePages).toBe(65);
  });

  it("reuses the first gap that is large enough after a release", () => {
    const { dimm } = small(100);
    dimm.allocate("a", 10);
    dimm.allocate("b", 20);
    dimm.allocate("c", 5);
    expect(dimm.release("b")).toBe(20);
    expect(dimm.ownerOf(10)).toBeUndefined();
    // 15 pages fit in b's former gap [10, 30); 10 more do not fit in the 5 left there.
    expect(dimm.allocate("d", 15)).toEqual({ owner: "d", first: 10, count: 15 });
    expect(dimm.allocate("e", 10)).toEqual({ owner: "e", first: 35, count: 10 });
    expect(dimm.allocate("f", 5)).toEqual({ owner: "f", first: 25, count: 5 });
    expect(dimm.ranges().map((r) => r.owner)).toEqual(["a", "d", "f", "c", "e"]);
  });

  it("returns undefined when no gap is large enough, fragmentation included", () => {
    const { dimm } = small(30);
    dimm.allocate("a", 10);
    dimm.allocate("b", 10);
    dimm.allocate("c", 10);
    expect(dimm.allocate("big", 1)).toBeUndefined();
    dimm.release("a");
    dimm.release("c");
    expect(dimm.freePages).toBe(20);
    // 20 free pages, but in two gaps of 10.
    expect(dimm.allocate("big", 11)).toBeUndefined();
    expect(dimm.allocate("fits", 10)).toEqual({ owner: "fits", first: 0, count: 10 });
  });

  it("treats adjacent free gaps as one", () => {
    const { dimm } = small(30);
    dimm.allocate("a", 10);
    dimm.allocate("b", 10);
    dimm.allocate("c", 10);
    dimm.release("a");
    dimm.release("b");
    expect(dimm.allocate("big", 20)).toEqual({ owner: "big", first: 0, count: 20 });
  });

  it("counts the pages and ranges of an owner holding several ranges", () => {
    const { dimm } = small(100);
    dimm.allocate("vm", 10);
    dimm.allocate("x", 5);
    dimm.allocate("vm", 7);
    expect(dimm.pagesOf("vm")).toBe(17);
    expect(dimm.rangesOf("vm")).toEqual([
      { owner: "vm", first: 0, count: 10 },
      { owner: "vm", first: 15, count: 7 },
    ]);
    expect(dimm.pagesOf("nobody")).toBe(0);
    expect(dimm.release("vm")).toBe(17);
    expect(dimm.release("vm")).toBe(0);
    expect(dimm.ranges()).toEqual([{ owner: "x", first: 10, count: 5 }]);
  });

  it("matches a brute-force page map under random allocations and releases", () => {
    const { dimm } = small(500);
    const map: (string | undefined)[] = new Array(500).fill(undefined);
    const rng = new RandomStreams(3, 0).stream("ownership");
    const owners = ["a", "b", "c", "d", "e", "f"];
    for (let step = 0; step < 400; step++) {
      const owner = owners[Math.floor(rng.next() * owners.length)]!;
      if (rng.next() < 0.6) {
        const pages = 1 + Math.floor(rng.next() * 60);
        // Brute-force first fit.
        let expected: number | undefined;
        for (let start = 0, run = 0; start < 500; start++) {
          run = map[start] === undefined ? run + 1 : 0;
          if (run === pages) {
            expected = start - pages + 1;
            break;
          }
        }
        const got = dimm.allocate(owner, pages);
        expect(got?.first).toBe(expected);
        if (expected !== undefined) for (let p = expected; p < expected + pages; p++) map[p] = owner;
      } else {
        const count = map.filter((o) => o === owner).length;
        expect(dimm.release(owner)).toBe(count);
        for (let p = 0; p < 500; p++) if (map[p] === owner) map[p] = undefined;
      }
      for (let p = 0; p < 500; p += 7) expect(dimm.ownerOf(p)).toBe(map[p]);
    }
  });

  it("traces allocations and releases", () => {
    const { dimm, records } = small(10);
    dimm.allocate("vm", 4, 2);
    dimm.release("vm", 5);
    expect(records).toEqual([
      { t: 2, component: "dimm", event: "allocate", cause: "vm", detail: { owner: "vm", first: 0, count: 4 } },
      { t: 5, component: "dimm", event: "release", cause: "vm", detail: { owner: "vm", count: 4 } },
    ]);
  });
});

describe("Dimm page retirement", () => {
  it("keeps retired pages out of later allocations", () => {
    const { dimm } = small(20);
    expect(dimm.retirePage(3, 1)).toBe(true);
    expect(dimm.retirePage(3, 2)).toBe(false);
    expect(dimm.isRetired(3)).toBe(true);
    expect(dimm.isRetired(4)).toBe(false);
    expect(dimm.allocate("a", 3)).toEqual({ owner: "a", first: 0, count: 3 });
    expect(dimm.allocate("b", 2)).toEqual({ owner: "b", first: 4, count: 2 });
    dimm.retirePage(10, 3);
    expect(dimm.allocate("c", 5)).toEqual({ owner: "c", first: 11, count: 5 });
    expect(dimm.allocate("d", 4)).toEqual({ owner: "d", first: 6, count: 4 });
    expect(dimm.retiredPages()).toEqual([3, 10]);
  });

  it("does not change the owner of a retired page, and traces it", () => {
    const { dimm, records } = small(20);
    dimm.allocate("vm", 10);
    dimm.retirePage(5, 7);
    expect(dimm.ownerOf(5)).toBe("vm");
    expect(records.at(-1)).toEqual({ t: 7, component: "dimm", event: "page-retired", cause: "retired", detail: { page: 5, owner: "vm" } });
  });
});

describe("Dimm uncorrectable errors", () => {
  it("reports the owner of the page it hit to the caller, the listeners and the trace", () => {
    const { dimm, records } = small(100);
    dimm.allocate("hypervisor", 10);
    dimm.allocate("vm7", 30);
    const seen: UncorrectableErrorEvent[] = [];
    dimm.onUncorrectable((e) => seen.push(e));
    const result = dimm.uncorrectableError(12, 39);
    expect(result).toMatchObject({ page: 39, owner: "vm7", retired: false, now: 12 });
    expect(seen).toEqual([{ dimm, page: 39, owner: "vm7", retired: false, now: 12 }]);
    expect(records.at(-1)).toEqual({ t: 12, component: "dimm", event: "ue", cause: "fault", detail: { page: 39, owner: "vm7", retired: false } });
    expect(dimm.uncorrectableError(13, 9)?.owner).toBe("hypervisor");
    expect(dimm.ueCount).toBe(2);
  });

  it("reports no owner for a free page", () => {
    const { dimm, records } = small(100);
    dimm.allocate("vm", 10);
    expect(dimm.uncorrectableError(1, 10)).toMatchObject({ page: 10, owner: undefined });
    expect(records.at(-1)?.detail).toEqual({ page: 10, owner: null, retired: false });
  });

  it("says when the page had been retired", () => {
    const { dimm } = small(100);
    dimm.allocate("vm", 10);
    dimm.retirePage(4, 1);
    expect(dimm.uncorrectableError(2, 4)).toMatchObject({ owner: "vm", retired: true });
  });

  it("leaves the DIMM up", () => {
    const { dimm } = small(10);
    dimm.uncorrectableError(1, 0);
    expect(dimm.up).toBe(true);
  });

  it("is not observed while the DIMM is down", () => {
    const { dimm } = small(10);
    const host = new Component("host", "host");
    host.contain(dimm);
    const seen: unknown[] = [];
    dimm.onUncorrectable((e) => seen.push(e));
    dimm.onCorrectable((e) => seen.push(e));
    host.fail(1, "power");
    expect(dimm.uncorrectableError(2, 3)).toBeUndefined();
    dimm.correctableErrors(2, 3, 5);
    expect(seen).toEqual([]);
    expect(dimm.ceCount).toBe(0);
  });
});

describe("Dimm correctable errors", () => {
  it("counts bursts, tells listeners and traces them", () => {
    const { dimm, records } = small(10);
    const seen: CorrectableErrorEvent[] = [];
    dimm.onCorrectable((e) => seen.push(e));
    dimm.correctableErrors(5, 2, 3);
    dimm.correctableErrors(6, 2, 1);
    expect(dimm.ceCount).toBe(4);
    expect(seen).toEqual([
      { dimm, page: 2, count: 3, now: 5 },
      { dimm, page: 2, count: 1, now: 6 },
    ]);
    expect(records).toEqual([
      { t: 5, component: "dimm", event: "ce", cause: "fault", detail: { page: 2, count: 3 } },
      { t: 6, component: "dimm", event: "ce", cause: "fault", detail: { page: 2, count: 1 } },
    ]);
  });

  it("counts the errors in a window (now − window, now] and gives their rate", () => {
    const { dimm } = small(10);
    dimm.correctableErrors(100, 0, 2);
    dimm.correctableErrors(200, 1, 3);
    dimm.correctableErrors(300, 2, 5);
    expect(dimm.ceCountIn(300, 100)).toBe(5); // 200 is on the open edge
    expect(dimm.ceCountIn(300, 101)).toBe(8);
    expect(dimm.ceCountIn(300, 300)).toBe(10);
    expect(dimm.ceCountIn(250, 100)).toBe(3); // a query for a past time ignores later errors
    expect(dimm.ceCountIn(1000, 600)).toBe(0);
    expect(dimm.ceRate(300, 200)).toBe(8 / 200);
  });

  it("refuses a window longer than the kept history, and errors out of time order", () => {
    const dimm = new Dimm("d", { sizeBytes: 40960, pageSizeBytes: 4096, ceHistoryS: 3600 });
    expect(() => dimm.ceCountIn(0, 3601)).toThrow(/CE history/);
    dimm.correctableErrors(10, 0, 1);
    expect(() => dimm.correctableErrors(9, 0, 1)).toThrow(/out of time order/);
    expect(() => dimm.correctableErrors(11, 0, 0)).toThrow(/positive integer/);
  });

  it("matches a brute-force count over many bursts while forgetting old ones", () => {
    const history = 1000;
    const dimm = new Dimm("d", { sizeBytes: 4096 * 64, pageSizeBytes: 4096, ceHistoryS: history });
    const rng = new RandomStreams(11, 0).stream("ce");
    const bursts: [number, number][] = [];
    let t = 0;
    for (let i = 0; i < 5000; i++) {
      // Bursty arrivals: mostly close together, sometimes long gaps, so the ring both grows and compacts.
      t += rng.next() < 0.9 ? rng.next() * 2 : rng.next() * 3000;
      const count = 1 + Math.floor(rng.next() * 4);
      dimm.correctableErrors(t, Math.floor(rng.next() * 64), count);
      bursts.push([t, count]);
      if (i % 50 === 0) {
        const window = 1 + rng.next() * (history - 1);
        const expected = bursts.filter(([bt]) => bt > t - window && bt <= t).reduce((s, [, c]) => s + c, 0);
        expect(dimm.ceCountIn(t, window)).toBe(expected);
      }
    }
    expect(dimm.ceCount).toBe(bursts.reduce((s, [, c]) => s + c, 0));
  });
});

describe("Dimm replacement", () => {
  it("comes back from the repair of a fail-stop with no retired pages or error history, owners kept", () => {
    const { dimm } = small(10);
    dimm.allocate("vm", 4);
    dimm.retirePage(1, 1);
    dimm.correctableErrors(2, 1, 9);
    dimm.uncorrectableError(3, 2);
    dimm.fail(4, "failure");
    dimm.restore(10, "replaced");
    expect(dimm.retiredPages()).toEqual([]);
    expect(dimm.ceCount).toBe(0);
    expect(dimm.ueCount).toBe(0);
    expect(dimm.ceCountIn(10, 100)).toBe(0);
    expect(dimm.ownerOf(0)).toBe("vm");
  });
});

describe("Dimm parameters", () => {
  it("maps every documented scenario field to a parameter", () => {
    for (const doc of DIMM_PARAMETER_DOCS) {
      expect(doc.unit, doc.name).not.toBe("");
      expect(doc.default, doc.name).not.toBe("");
      expect(dimmParamsFrom({ [doc.name]: 12345 }), doc.name).not.toEqual(DEFAULT_DIMM_PARAMS);
    }
  });

  it("documents every parameter and builds params from scenario fields", () => {
    expect(DIMM_PARAMETER_DOCS.map((d) => d.name)).toEqual(["size", "page_size", "ce_history"]);
    expect(dimmParamsFrom({})).toEqual(DEFAULT_DIMM_PARAMS);
    expect(dimmParamsFrom({ size: 16 * GiB, page_size: 2 * 1024 * KiB, ce_history: 60 })).toEqual({
      sizeBytes: 16 * GiB,
      pageSizeBytes: 2 * 1024 * KiB,
      ceHistoryS: 60,
    });
  });
});

describe("Dimm trace determinism", () => {
  function run(seed: number): string {
    const streams = new RandomStreams(seed, 0);
    const lines: string[] = [];
    const dimm = new Dimm("host[0]/dimm[0]");
    dimm.trace = new Trace((r) => lines.push(JSON.stringify(r)));
    dimm.allocate("hypervisor", 1 << 18);
    dimm.allocate("vm0", 1 << 21);
    dimm.allocate("vm1", 1 << 21);
    const pages = streams.stream(`${dimm.id}/page`);
    const when = streams.stream(`${dimm.id}/errors`);
    let t = 0;
    for (let i = 0; i < 300; i++) {
      t += -Math.log(1 - when.next()) * 100;
      const page = Math.floor(pages.next() * dimm.pageCount);
      if (when.next() < 0.9) dimm.correctableErrors(t, page, 1 + Math.floor(when.next() * 3));
      else {
        const ue = dimm.uncorrectableError(t, page);
        if (ue?.owner !== undefined) dimm.retirePage(page, t);
      }
    }
    return lines.join("\n");
  }

  it("gives byte-identical traces for the same seed, and different ones for another", () => {
    const a = run(1);
    expect(a.split("\n").length).toBeGreaterThan(300);
    expect(run(1)).toBe(a);
    expect(run(2)).not.toBe(a);
  });
});
