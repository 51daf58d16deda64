import type { EventHandle } from "../../engine/event-queue.js";
import type { Component } from "../../hardware/component.js";
import type { Dimm } from "../../hardware/memory.js";
import { WindowClock } from "../window-clock.js";
import type { PreCopyMigration } from "./precopy.js";

/** The owner name of the hypervisor's pages on every host's DIMMs. */
export const HYPERVISOR = "hypervisor";

/**
 * A VM's life as the VM manager tracks it:
 * - `running`: on its host (possibly being pre-copied to a target);
 * - `paused`: in its stop-and-copy (the blackout);
 * - `booting`: restarted on a host after a crash, not running yet;
 * - `down`: crashed, waiting for the manager to restart it.
 */
export type VmState = "running" | "paused" | "booting" | "down";

export class Vm {
  state: VmState = "running";
  host: HostState | undefined;
  /** The migration in progress out of its host, and its target (which holds a reservation). */
  migration: PreCopyMigration | undefined;
  target: HostState | undefined;
  /** The boot in progress after a restart. */
  boot: EventHandle | undefined;
  /** Down (blackout, crashed, booting) time in the window. */
  readonly down: WindowClock;

  constructor(
    readonly id: string,
    readonly index: number,
    readonly memoryBytes: number,
    readonly pages: number,
    readonly dirtyRateBytesPerS: number,
    warmupS: number,
    horizonS: number,
  ) {
    this.down = new WindowClock(warmupS, horizonS);
  }
}

/** A host as the VM manager knows it: its hypervisor, its memory map, its evacuation. */
export class HostState {
  /** The hypervisor runs (false from a crash it knows of until the host is back). */
  running = true;
  /** The hardware stopped and the manager has not seen it back yet. */
  lost = false;
  /** The manager's pending "heartbeats stopped" timer: one per host, restarted by each stop. */
  detection: EventHandle | undefined = undefined;
  /** Out of service: being evacuated or in maintenance; never a target. */
  drained = false;
  /** The maintenance time is over (the host returns once its last VM has left). */
  maintenanceOver = false;
  maintenance: EventHandle | undefined;
  /** Time of its last uncorrectable error (placement avoids recent ones). */
  lastUeAt = -Infinity;
  /** Not a target before this time (a migration to it just failed: the manager suspects it). */
  avoidUntil = -Infinity;
  /** Migrations out of this host in progress. */
  outgoing = 0;
  /** VMs waiting to migrate out (evacuation), in order. */
  readonly queue: Vm[] = [];
  /** VMs whose pages are on this host: running, paused or booting here, or migrating in (reserved). */
  readonly resident = new Set<Vm>();

  constructor(
    readonly index: number,
    readonly host: Component,
    readonly dimms: readonly Dimm[],
  ) {}

  get id(): string {
    return this.host.id;
  }

  /** Pages free on its DIMMs. */
  freePages(): number {
    let free = 0;
    for (const d of this.dimms) free += d.freePages;
    return free;
  }

  /** Pages in all (every DIMM). */
  totalPages(): number {
    let pages = 0;
    for (const d of this.dimms) pages += d.pageCount;
    return pages;
  }

  /**
   * Gives `owner` `pages` pages spread over the DIMMs (interleaved, in
   * proportion to their free pages; a request that no gap fits is split).
   * Returns false, holding nothing, when they do not fit.
   */
  allocate(owner: string, pages: number, now: number): boolean {
    if (this.freePages() < pages) return false;
    let left = pages;
    const free = this.freePages();
    for (let i = 0; i < this.dimms.length && left > 0; i++) {
      const d = this.dimms[i]!;
      const share = i === this.dimms.length - 1 ? left : Math.min(left, Math.round((pages * d.freePages) / free));
      left -= allocateSplit(d, owner, share, now);
    }
    // Rounding or fragmentation left some: any DIMM with room takes it.
    for (let i = 0; i < this.dimms.length && left > 0; i++) left -= allocateSplit(this.dimms[i]!, owner, Math.min(left, this.dimms[i]!.freePages), now);
    if (left === 0) return true;
    this.release(owner, now);
    return false;
  }

  release(owner: string, now: number): void {
    for (const d of this.dimms) d.release(owner, now);
  }

  /** The page owner at `page` of `dimm`, from the memory map. */
  ownerOf(dimm: Dimm, page: number): string | undefined {
    return dimm.ownerOf(page);
  }
}

/**
 * Allocates up to `pages` pages of `owner` on `dimm`, in one run if a gap
 * fits it, else gap by gap in page order (the free runs between owned
 * ranges and retired pages); returns how many it got.
 */
function allocateSplit(dimm: Dimm, owner: string, pages: number, now: number): number {
  if (pages <= 0) return 0;
  if (dimm.allocate(owner, pages, now) !== undefined) return pages;
  let got = 0;
  for (const gap of freeRuns(dimm)) {
    const want = Math.min(gap, pages - got);
    // First fit takes this run: every earlier one is full by now, or smaller than `gap`.
    if (want > 0 && dimm.allocate(owner, want, now) !== undefined) got += want;
    if (got === pages) break;
  }
  return got;
}

/** The lengths of the runs of free, non-retired pages of `dimm`, in page order. */
function freeRuns(dimm: Dimm): number[] {
  const runs: number[] = [];
  const retired = dimm.retiredPages();
  let r = 0;
  const addGap = (start: number, end: number) => {
    let from = start;
    while (r < retired.length && retired[r]! < end) {
      const bad = retired[r++]!;
      if (bad < from) continue;
      if (bad > from) runs.push(bad - from);
      from = bad + 1;
    }
    if (end > from) runs.push(end - from);
  };
  let at = 0;
  for (const range of dimm.ranges()) {
    if (range.first > at) addGap(at, range.first);
    at = range.first + range.count;
  }
  addGap(at, dimm.pageCount);
  return runs;
}
