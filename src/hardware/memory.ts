import { Component, type ChangeCause } from "./component.js";
import { ErrorHistory } from "./error-history.js";
import { type ParameterDoc, ParameterError } from "./kinds.js";
import { firstIndexAtOrAbove, indexOf, insertSorted, lastIndexAtOrBelow } from "./sorted-numbers.js";

const KiB = 1024;
const GiB = 1024 ** 3;
const HOUR = 3600;

/** Parameters of a DIMM, in SI units. */
export interface DimmParams {
  /** Capacity (bytes); a whole number of pages. Default 32 GiB, a common server RDIMM size. */
  sizeBytes: number;
  /** Page size (bytes). Default 4 KiB, the x86-64 base page (the unit Linux offlines on a memory error). */
  pageSizeBytes: number;
  /**
   * How far back correctable errors are remembered for `ceCountIn`/`ceRate` (s).
   * Default 24 h, the window of mcelog's default DIMM threshold "10 in 24h"
   * (mcelog(8), the `[dimm]` section of its mcelog.conf).
   */
  ceHistoryS: number;
}

export const DEFAULT_DIMM_PARAMS: Readonly<DimmParams> = {
  sizeBytes: 32 * GiB,
  pageSizeBytes: 4 * KiB,
  ceHistoryS: 24 * HOUR,
};

/** The scenario fields of kind `dimm`, for the schema and `ftsim list`. */
export const DIMM_PARAMETER_DOCS: readonly ParameterDoc[] = [
  { name: "size", unit: "bytes", default: "32GiB", description: "capacity; a whole number of pages" },
  { name: "page_size", unit: "bytes", default: "4KiB", description: "page size: the unit of ownership, of memory errors and of page retirement" },
  {
    name: "ce_history",
    unit: "s",
    default: "24h",
    description: "how far back correctable errors are kept for windowed counts and rates (mcelog's default threshold is 10 in 24h)",
  },
];

/** Builds DIMM parameters from scenario fields (already in SI units), filling in the defaults. */
export function dimmParamsFrom(fields: Readonly<Record<string, unknown>>): DimmParams {
  const num = (key: string, fallback: number): number => {
    const value = fields[key];
    return typeof value === "number" ? value : fallback;
  };
  return {
    sizeBytes: num("size", DEFAULT_DIMM_PARAMS.sizeBytes),
    pageSizeBytes: num("page_size", DEFAULT_DIMM_PARAMS.pageSizeBytes),
    ceHistoryS: num("ce_history", DEFAULT_DIMM_PARAMS.ceHistoryS),
  };
}

/** A contiguous run of pages `first … first + count − 1` held by one owner. */
export interface PageRange {
  readonly owner: string;
  readonly first: number;
  readonly count: number;
}

/** A burst of correctable errors on one page. */
export interface CorrectableErrorEvent {
  readonly dimm: Dimm;
  readonly page: number;
  /** Errors in the burst (≥ 1). */
  readonly count: number;
  readonly now: number;
}

/** An uncorrectable error on one page, as a machine-check handler would report it. */
export interface UncorrectableErrorEvent {
  readonly dimm: Dimm;
  readonly page: number;
  /** The owner of the page (a VM, a process, `hypervisor`...), or undefined when the page is free. */
  readonly owner: string | undefined;
  /** True when the page had been retired before: its contents had been moved away, so the owner lost nothing. */
  readonly retired: boolean;
  readonly now: number;
}

export type CorrectableErrorListener = (event: CorrectableErrorEvent) => void;
export type UncorrectableErrorListener = (event: UncorrectableErrorEvent) => void;

/**
 * A DIMM: pages `0 … pageCount − 1`, owned in ranges, hit by correctable
 * (CE) and uncorrectable (UE) errors that the fault layer injects.
 *
 * - Ownership is a sorted list of page ranges (never per-page state, so a
 *   32 GiB DIMM with 8M pages costs a few numbers per owner). `allocate`
 *   is first fit over the free gaps, skipping retired pages; `ownerOf` is
 *   a binary search. The hypervisor is an owner like any other.
 * - A CE is corrected: nothing is lost. The DIMM counts them and keeps
 *   their times for `ceCountIn`/`ceRate` over the last `ceHistoryS`, what
 *   a predictor watches (a rising CE rate is a classic failure precursor).
 *   Per-page counts (as the Linux RAS CEC keeps) are a mechanism's
 *   business, from `onCorrectable`.
 * - A UE reports the page and its owner. What happens to the owner (VM
 *   killed, process signalled, host crash when the hypervisor is hit) is
 *   the mechanism's business, not the DIMM's: the DIMM stays up.
 * - `retirePage` takes a page out of future allocations (page offlining);
 *   it does not change ownership (the owner is deemed to have been given
 *   another page, which is not modelled).
 * - Errors are not observed while the DIMM is down (its host is off).
 * - A repair after a fail-stop installs a new DIMM: retired pages and the
 *   CE history are cleared; ownership is kept (it is the memory map of the
 *   host, which mechanisms manage).
 */
export class Dimm extends Component {
  readonly params: Readonly<DimmParams>;
  /** Number of pages: size / page size. The fault layer picks error pages uniformly in [0, pageCount). */
  readonly pageCount: number;

  // Ownership: parallel arrays sorted by start, ranges disjoint.
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly owners: string[] = [];
  private allocatedPages = 0;
  /** Retired pages, sorted ascending. */
  private readonly retired: number[] = [];

  private readonly ceHistory: ErrorHistory;
  private ueTotal = 0;

  private readonly ceListeners: CorrectableErrorListener[] = [];
  private readonly ueListeners: UncorrectableErrorListener[] = [];

  constructor(id: string, params: Partial<DimmParams> = {}) {
    super(id, "dimm");
    const p = { ...DEFAULT_DIMM_PARAMS, ...params };
    if (!(Number.isInteger(p.pageSizeBytes) && p.pageSizeBytes > 0)) {
      throw new ParameterError("page_size", `${id}: page size must be a positive whole number of bytes, got ${p.pageSizeBytes}`);
    }
    if (!(Number.isSafeInteger(p.sizeBytes) && p.sizeBytes > 0 && p.sizeBytes % p.pageSizeBytes === 0)) {
      throw new ParameterError("size", `${id}: size must be a positive whole number of pages of ${p.pageSizeBytes} bytes, got ${p.sizeBytes}`);
    }
    if (!(p.ceHistoryS > 0)) throw new ParameterError("ce_history", `${id}: CE history must be > 0 s, got ${p.ceHistoryS}`);
    this.params = p;
    this.pageCount = p.sizeBytes / p.pageSizeBytes;
    this.ceHistory = new ErrorHistory(p.ceHistoryS);
  }

  // ---- ownership ----

  /** Pages not owned by anyone (retired pages included). */
  get freePages(): number {
    return this.pageCount - this.allocatedPages;
  }

  /**
   * Gives `owner` the first run of `pages` contiguous free, non-retired
   * pages (first fit), or returns undefined when no gap is large enough
   * (fragmentation included: split the request to use several gaps).
   * `now` only dates the trace record (leave it out at build time).
   */
  allocate(owner: string, pages: number, now = 0): PageRange | undefined {
    if (!(Number.isInteger(pages) && pages > 0)) throw new RangeError(`${this.id}: pages must be a positive integer, got ${pages}`);
    let gapStart = 0;
    for (let i = 0; i <= this.starts.length; i++) {
      const gapEnd = i < this.starts.length ? this.starts[i]! : this.pageCount;
      const first = this.fitInGap(gapStart, gapEnd, pages);
      if (first !== undefined) {
        this.starts.splice(i, 0, first);
        this.ends.splice(i, 0, first + pages);
        this.owners.splice(i, 0, owner);
        this.allocatedPages += pages;
        if (this.trace.enabled) this.trace.record(now, this.id, "allocate", owner, { owner, first, count: pages });
        return { owner, first, count: pages };
      }
      if (i < this.ends.length) gapStart = this.ends[i]!;
    }
    return undefined;
  }

  /** Frees every page of `owner`; returns how many. `now` only dates the trace record. */
  release(owner: string, now = 0): number {
    let kept = 0;
    let released = 0;
    for (let i = 0; i < this.starts.length; i++) {
      const start = this.starts[i]!;
      const end = this.ends[i]!;
      if (this.owners[i] === owner) {
        released += end - start;
        continue;
      }
      this.starts[kept] = start;
      this.ends[kept] = end;
      this.owners[kept] = this.owners[i]!;
      kept++;
    }
    this.starts.length = this.ends.length = this.owners.length = kept;
    this.allocatedPages -= released;
    if (released > 0 && this.trace.enabled) this.trace.record(now, this.id, "release", owner, { owner, count: released });
    return released;
  }

  /** The owner of `page`, or undefined when it is free. O(log ranges). */
  ownerOf(page: number): string | undefined {
    this.checkPage(page);
    const i = lastIndexAtOrBelow(this.starts, page);
    return i >= 0 && page < this.ends[i]! ? this.owners[i] : undefined;
  }

  /** Pages held by `owner`. */
  pagesOf(owner: string): number {
    let pages = 0;
    for (let i = 0; i < this.owners.length; i++) if (this.owners[i] === owner) pages += this.ends[i]! - this.starts[i]!;
    return pages;
  }

  /** The ranges held by `owner`, in page order. */
  rangesOf(owner: string): PageRange[] {
    const ranges: PageRange[] = [];
    for (let i = 0; i < this.owners.length; i++) {
      if (this.owners[i] === owner) ranges.push({ owner, first: this.starts[i]!, count: this.ends[i]! - this.starts[i]! });
    }
    return ranges;
  }

  /** Every owned range, in page order. */
  ranges(): PageRange[] {
    return this.starts.map((first, i) => ({ owner: this.owners[i]!, first, count: this.ends[i]! - first }));
  }

  // ---- page retirement ----

  /**
   * Takes `page` out of service (page offlining): it is never allocated
   * again until the DIMM is replaced. Returns false if it already was.
   */
  retirePage(page: number, now: number): boolean {
    this.checkPage(page);
    if (indexOf(this.retired, page) >= 0) return false;
    insertSorted(this.retired, page);
    if (this.trace.enabled) this.trace.record(now, this.id, "page-retired", "retired", { page, owner: this.ownerOf(page) ?? null });
    return true;
  }

  isRetired(page: number): boolean {
    this.checkPage(page);
    return indexOf(this.retired, page) >= 0;
  }

  /** The retired pages, ascending. */
  retiredPages(): number[] {
    return this.retired.slice();
  }

  // ---- memory errors (called by the fault layer) ----

  /** Called on every burst of correctable errors. */
  onCorrectable(listener: CorrectableErrorListener): void {
    this.ceListeners.push(listener);
  }

  /** Called on every uncorrectable error (the machine-check signal). */
  onUncorrectable(listener: UncorrectableErrorListener): void {
    this.ueListeners.push(listener);
  }

  /** Correctable errors since the start (or since the DIMM was last replaced). */
  get ceCount(): number {
    return this.ceHistory.total;
  }

  /** Uncorrectable errors since the start (or since the DIMM was last replaced). */
  get ueCount(): number {
    return this.ueTotal;
  }

  /**
   * Fault: a burst of `count` correctable errors on `page` at `now` (calls
   * in time order). Corrected, nothing lost; counted and reported to
   * `onCorrectable` listeners. Ignored while the DIMM is down.
   */
  correctableErrors(now: number, page: number, count: number, cause: ChangeCause = "fault"): void {
    this.checkPage(page);
    if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`${this.id}: CE count must be a positive integer, got ${count}`);
    if (!this.up) return;
    if (now < this.ceHistory.latest) {
      throw new RangeError(`${this.id}: correctable errors out of time order (${now}s after ${this.ceHistory.latest}s)`);
    }
    this.ceHistory.add(now, count);
    if (this.trace.enabled) this.trace.record(now, this.id, "ce", cause, { page, count });
    if (this.ceListeners.length === 0) return;
    const event: CorrectableErrorEvent = { dimm: this, page, count, now };
    for (const listener of this.ceListeners) listener(event);
  }

  /**
   * Correctable errors in the window (now − window, now], for a predictor's
   * threshold ("10 in 24h"). `window` must not exceed `ceHistoryS`.
   */
  ceCountIn(now: number, window: number): number {
    if (!(window > 0 && window <= this.params.ceHistoryS)) {
      throw new RangeError(`${this.id}: CE window must be in (0, ${this.params.ceHistoryS}] s (the CE history), got ${window}`);
    }
    return this.ceHistory.countIn(now, window);
  }

  /** Correctable errors per second over the window (now − window, now]. */
  ceRate(now: number, window: number): number {
    return this.ceCountIn(now, window) / window;
  }

  /**
   * Fault: an uncorrectable error on `page` at `now`. Returns what a
   * machine-check handler reports (page, owner, whether it was retired) and
   * tells the `onUncorrectable` listeners; undefined while the DIMM is down
   * (nothing is observed).
   */
  uncorrectableError(now: number, page: number, cause: ChangeCause = "fault"): UncorrectableErrorEvent | undefined {
    this.checkPage(page);
    if (!this.up) return undefined;
    this.ueTotal++;
    const event: UncorrectableErrorEvent = { dimm: this, page, owner: this.ownerOf(page), retired: this.isRetired(page), now };
    if (this.trace.enabled) this.trace.record(now, this.id, "ue", cause, { page, owner: event.owner ?? null, retired: event.retired });
    for (const listener of this.ueListeners) listener(event);
    return event;
  }

  /** A repair after a fail-stop installs a new DIMM: no retired pages, no error history. */
  override restore(now: number, cause: ChangeCause): void {
    if (this.hasFailed) {
      this.retired.length = 0;
      this.ceHistory.clear();
      this.ueTotal = 0;
    }
    super.restore(now, cause);
  }

  // ---- internals ----

  private checkPage(page: number): void {
    if (!(Number.isInteger(page) && page >= 0 && page < this.pageCount)) {
      throw new RangeError(`${this.id}: page must be an integer in [0, ${this.pageCount}), got ${page}`);
    }
  }

  /** The first page of a run of `pages` non-retired pages inside [start, end), or undefined. */
  private fitInGap(start: number, end: number, pages: number): number | undefined {
    if (end - start < pages) return undefined;
    let from = start;
    // Retired pages inside the gap split it; they are few.
    for (let j = firstIndexAtOrAbove(this.retired, start); j < this.retired.length; j++) {
      const bad = this.retired[j]!;
      if (bad >= end) break;
      if (bad - from >= pages) return from;
      from = bad + 1;
    }
    return end - from >= pages ? from : undefined;
  }
}
