import type { EventHandle } from "../engine/event-queue.js";
import type { Simulator } from "../engine/simulator.js";
import type { Component } from "../hardware/component.js";
import type { Network, TransferHandle } from "../hardware/network.js";

/** A snapshot of the share: its point in time and the bytes written since the previous one. */
export interface Snapshot {
  /** Point in time (s): the data written up to here. */
  readonly pit: number;
  /** The sending server's byte count at `pit`. */
  readonly total: number;
  /** Bytes it carries (written since the previous snapshot). */
  readonly bytes: number;
}

/** What the replication stream tells its owner. */
export interface SnapshotEvents {
  /** Snapshot `s` is complete at the destination at `now` (its last byte arrived). */
  committed(s: Snapshot, now: number): void;
  /** Whether the receiver still applies snapshots of this stream (false once it has been promoted). */
  accepting(): boolean;
}

/**
 * Periodic snapshots of the share from one server to the other: one every
 * `intervalS` at multiples of it (a schedule, like a cron-driven policy),
 * each shipped as a bulk transfer over the network after the previous one
 * has arrived. A snapshot that takes longer than the interval makes the
 * next ones queue, so the lag grows while the write rate exceeds the
 * bandwidth. A failed transfer (a link down, a partition, the receiver
 * down) is retried at the next snapshot time, then the queue ships in order.
 */
export class ReplicationStream {
  private readonly queue: Snapshot[] = [];
  private tick: EventHandle | undefined;
  private inFlight: TransferHandle | undefined;
  private waitingRetry = false;
  private lastTotal: number;
  private stopped = false;
  /** Called once every snapshot taken so far has committed (a planned switch's final sync). */
  private drained: ((now: number) => void) | undefined;
  private readonly handlers = {
    done: (now: number) => this.arrived(now),
    failed: () => {
      this.inFlight = undefined;
      this.waitingRetry = true;
    },
  };

  constructor(
    private readonly sim: Simulator,
    private readonly network: Network,
    private readonly from: Component,
    private readonly to: Component,
    private readonly intervalS: number,
    /** The sending server's running byte count. */
    private readonly written: (t: number) => number,
    private readonly events: SnapshotEvents,
    /** The byte count already at the receiver when the stream starts (its baseline). */
    baselineTotal: number,
  ) {
    this.lastTotal = baselineTotal;
    this.scheduleTick(sim.now);
  }

  /** Snapshots taken at or before `t` that have not committed. */
  behind(t: number): number {
    return this.queue.filter((s) => s.pit <= t).length;
  }

  /** Takes a last snapshot now (writes have been quiesced) and calls `done` once all have committed. */
  finalSync(done: (now: number) => void): void {
    this.drained = done;
    this.take(this.sim.now);
  }

  /** Ends the stream: no further snapshots; one in flight is abandoned. */
  stop(): void {
    this.stopped = true;
    this.sim.cancel(this.tick);
    this.tick = undefined;
    this.inFlight?.cancel();
    this.inFlight = undefined;
    this.drained = undefined;
  }

  private scheduleTick(now: number): void {
    const next = (Math.floor(now / this.intervalS) + 1) * this.intervalS;
    this.tick = this.sim.scheduleAt(next, () => {
      this.take(this.sim.now);
      this.scheduleTick(this.sim.now);
    });
  }

  private take(now: number): void {
    if (this.stopped) return;
    const total = this.written(now);
    this.queue.push({ pit: now, total, bytes: total - this.lastTotal });
    this.lastTotal = total;
    if (this.waitingRetry) this.waitingRetry = false;
    this.pump();
  }

  private pump(): void {
    if (this.stopped || this.inFlight !== undefined || this.waitingRetry) return;
    const head = this.queue[0];
    if (head === undefined) return;
    this.inFlight = this.network.transfer(this.from, this.to, head.bytes, this.handlers);
  }

  private arrived(now: number): void {
    this.inFlight = undefined;
    if (!this.events.accepting()) {
      this.stop();
      return;
    }
    const s = this.queue.shift()!;
    this.events.committed(s, now);
    if (this.queue.length === 0 && this.drained !== undefined) {
      const done = this.drained;
      this.drained = undefined;
      done(now);
      return;
    }
    this.pump();
  }
}
