import type { EventHandle } from "../../engine/event-queue.js";
import type { Simulator } from "../../engine/simulator.js";
import type { Component } from "../../hardware/component.js";
import type { Network, TransferFailure, TransferHandle } from "../../hardware/network.js";

/** What the owner of a copy is told; at most one of `done`/`failed` is called, once, unless cancelled. */
export interface CopyEvents {
  /** The workload stops now: the final stop-and-copy begins. */
  paused(now: number): void;
  /** The target holds the whole state at `now`. */
  done(now: number, summary: CopySummary): void;
  /** The fabric failed the copy (a link down, a partition, no route). */
  failed(now: number, reason: TransferFailure): void;
}

export interface CopySummary {
  /** Pre-copy rounds before the stop-and-copy (0 for a timed copy). */
  rounds: number;
  /** Bytes sent over the fabric, all rounds and the stop-and-copy. */
  bytes: number;
  /** Whether the dirty set shrank below the pause budget (false: stopped by the round limit or because it stopped shrinking). */
  converged: boolean;
}

/** A state transfer in progress. */
export interface Copy {
  /** Stops it (frees the fabric); no event is called. */
  cancel(): void;
}

export interface PreCopyParams {
  memoryBytes: number;
  dirtyRateBytesPerS: number;
  maxPauseS: number;
  maxRounds: number;
}

/**
 * Pre-copy of a node's state over the fabric (Clark et al., NSDI 2005; the
 * QEMU/KVM algorithm). Round 1 sends the whole memory while the workload
 * keeps running; each later round sends what was dirtied during the round
 * before, dirty = min(memory, dirty_rate × round duration), at whatever rate
 * the fabric gave (max-min shared with other transfers). Before each round,
 * if the dirty set could be sent within `maxPauseS` at the last round's
 * rate, or it did not shrink (dirty_rate ≥ rate: no convergence), or
 * `maxRounds` rounds are done, the workload stops and the dirty set is sent
 * as the stop-and-copy (the pause).
 */
export class PreCopy implements Copy {
  private handle: TransferHandle | undefined;
  private rounds = 0;
  private bytesSent = 0;
  private roundStart = 0;
  private roundBytes = 0;
  private ended = false;

  constructor(
    private readonly network: Network,
    private readonly source: Component,
    private readonly target: Component,
    private readonly params: PreCopyParams,
    private readonly events: CopyEvents,
  ) {}

  start(now: number): void {
    this.send(this.params.memoryBytes, now, false);
  }

  cancel(): void {
    this.ended = true;
    this.handle?.cancel();
    this.handle = undefined;
  }

  private send(bytes: number, now: number, stopAndCopy: boolean, converged = false): void {
    this.roundStart = now;
    this.roundBytes = bytes;
    this.handle = this.network.transfer(this.source, this.target, bytes, {
      done: (at) => {
        if (this.ended) return;
        this.bytesSent += bytes;
        if (stopAndCopy) {
          this.ended = true;
          this.handle = undefined;
          this.events.done(at, { rounds: this.rounds, bytes: this.bytesSent, converged });
        } else {
          this.roundDone(at);
        }
      },
      failed: (at, reason) => {
        if (this.ended) return;
        this.ended = true;
        this.handle = undefined;
        this.events.failed(at, reason);
      },
    });
  }

  private roundDone(now: number): void {
    this.rounds++;
    const duration = now - this.roundStart;
    const p = this.params;
    const dirty = Math.min(p.memoryBytes, p.dirtyRateBytesPerS * duration);
    // The rate the fabric gave this round estimates the next one's (latency included, as a real sender measures it).
    const rate = duration > 0 ? this.roundBytes / duration : Infinity;
    const fits = dirty / rate <= p.maxPauseS;
    const shrinking = dirty < this.roundBytes;
    if (fits || !shrinking || this.rounds >= p.maxRounds) {
      this.events.paused(now);
      this.send(dirty, now, true, fits);
    } else {
      this.send(dirty, now, false);
    }
  }
}

/**
 * A copy of a drawn duration that does not use the fabric (`transfer_time`):
 * the workload is paused for all of it, like a switchover.
 */
export class TimedCopy implements Copy {
  private event: EventHandle | undefined;

  constructor(
    private readonly sim: Simulator,
    private readonly durationS: number,
    private readonly events: CopyEvents,
  ) {}

  start(now: number): void {
    this.events.paused(now);
    this.event = this.sim.scheduleUnlessNever(this.durationS, () => {
      this.event = undefined;
      this.events.done(this.sim.now, { rounds: 0, bytes: 0, converged: true });
    });
  }

  cancel(): void {
    this.sim.cancel(this.event);
    this.event = undefined;
  }
}
