import type { IoRequest } from "./disk-queues.js";
/** The pieces the array's state machine passes around: a failed disk's rebuild, a reconstruction step, and the policy that picks rebuild targets. */

/** One failed disk's rebuild: its members still to restore. */
export interface RebuildRecord {
  readonly disk: number;
  readonly failedAt: number;
  readonly total: number;
  remaining: number;
  nextProgress: number;
}

/** One stripe reconstruction (or move) in flight: reads of its sources, writes of its targets. */
export interface Step {
  readonly stripe: number;
  readonly lane: number;
  /** Members written, with their target disk and chunk. */
  readonly members: number[];
  readonly targets: { disk: number; chunk: number }[];
  /** Members read (their disks). */
  readonly sources: number[];
  readonly requests: IoRequest[];
  pending: number;
  /** Members missing when it was issued (a move: −1). */
  readonly missingAtStart: number;
  /** Bad extents the reads reported, per source member. */
  bad: { member: number; extents: readonly number[] }[];
  readonly move: boolean;
}

/** How the array picks where a missing member is rebuilt: classic slots and spares, or distributed spare chunks. */
export interface TargetPolicy {
  /** The lane (classic group, or 0) of a stripe. */
  laneOf(stripe: number): number;
  readonly lanes: number;
  /** Where member m of stripe s can be rebuilt now, or undefined (wait). `reserved`: disks already chosen in this step. */
  target(stripe: number, member: number, reserved: readonly number[]): { disk: number; chunk: number } | undefined;
  /** A disk went down, after `members` (s·width + m), its members of stripes not lost, were marked missing. */
  diskDown(disk: number, now: number, members: readonly number[]): void;
  /** A disk came back (an empty replacement). */
  diskUp(disk: number, now: number): void;
}

