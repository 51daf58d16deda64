import type { EventHandle } from "../../engine/event-queue.js";
import type { Simulator } from "../../engine/simulator.js";
import type { Component } from "../../hardware/component.js";
import type { Network, TransferFailure, TransferHandle } from "../../hardware/network.js";

/** The pre-copy parameters of one VM's migration, in SI units. */
export interface PreCopyParams {
  /** Guest memory, bytes: a whole number of pages. */
  memoryBytes: number;
  pageBytes: number;
  /** Bytes/s the guest dirties while it runs, each dirtied byte distinct. */
  dirtyRateBytesPerS: number;
  /** Most pre-copy rounds, round 0 included (n_max). */
  maxRounds: number;
  /** Stop-and-copy once the pre-copy rounds have sent this many times the memory (Infinity: no cap). */
  maxDataFactor: number;
  /** Stop-and-copy once the dirty set is at most this many bytes (V_thd). */
  stopThresholdBytes: number;
  /** Stop-and-copy once the dirty set could be sent in this time at the last round's rate (0: off). */
  maxDowntimeS: number;
  /** From the stop-and-copy's last byte to the VM running on the target (T_resume). */
  resumeS: number;
}

/** Why the pre-copy stopped and the stop-and-copy began. */
export type StopReason = "converged" | "round-limit" | "data-cap";

export interface MigrationSummary {
  /** Pre-copy rounds done before the stop-and-copy, round 0 included (n of case G). */
  rounds: number;
  /** Bytes sent: every round, the stop-and-copy included once it is done. */
  bytes: number;
  startedAt: number;
  /** When the VM stopped for the stop-and-copy (undefined before). */
  pausedAt: number | undefined;
  stopReason: StopReason | undefined;
}

/** What the owner of a migration hears; after `done` or `failed` nothing more, and nothing at all once cancelled. */
export interface MigrationEvents {
  /** Pre-copy round `index` (0: the whole memory) starts sending `bytes`. */
  round(now: number, index: number, bytes: number): void;
  /** The VM stops: the stop-and-copy of `bytes` begins (the blackout). */
  paused(now: number, bytes: number, reason: StopReason): void;
  /** The VM runs on the target at `now`. */
  done(now: number, summary: MigrationSummary): void;
  /** The network failed a round (an endpoint down, no route, a partition); the VM is still on the source. */
  failed(now: number, reason: TransferFailure, summary: MigrationSummary): void;
}

/**
 * Pre-copy live migration of one VM (Clark et al., "Live Migration of
 * Virtual Machines", NSDI 2005; the model of case G: Liu et al., HPDC 2011;
 * Akoush et al., MASCOTS 2010). Round 0 sends the whole memory while the
 * guest runs; each later round sends the pages dirtied during the round
 * before, min(pages, ⌈dirty_rate × its duration / page⌉), each a bulk
 * transfer over the network at whatever rate max-min sharing gives it then.
 * Before each round the pre-copy stops if the dirty set is at most
 * `stopThresholdBytes`, or could be sent within `maxDowntimeS` at the rate
 * the last round got, or `maxRounds` rounds are done, or the rounds have
 * sent `maxDataFactor` × the memory; the VM then stops and the dirty set is
 * sent (stop-and-copy), and it runs on the target `resumeS` later.
 *
 * A round's duration is measured from its start to its last byte's
 * arrival, as a sender sees it (the path latency included once per round).
 */
export class PreCopyMigration {
  private handle: TransferHandle | undefined;
  private resumeEvent: EventHandle | undefined;
  private ended = false;
  private readonly pages: number;
  private roundStart = 0;
  private roundBytes = 0;
  readonly summary: MigrationSummary;

  constructor(
    private readonly sim: Simulator,
    private readonly network: Network,
    private readonly source: Component,
    private readonly target: Component,
    private readonly params: Readonly<PreCopyParams>,
    private readonly events: MigrationEvents,
  ) {
    this.pages = params.memoryBytes / params.pageBytes;
    if (!Number.isInteger(this.pages)) throw new RangeError(`memory ${params.memoryBytes} B is not a whole number of ${params.pageBytes} B pages`);
    this.summary = { rounds: 0, bytes: 0, startedAt: sim.now, pausedAt: undefined, stopReason: undefined };
  }

  start(): void {
    this.summary.startedAt = this.sim.now;
    this.send(this.params.memoryBytes, false);
  }

  /** Stops the migration now (frees the network); no event is called. */
  cancel(): void {
    this.ended = true;
    this.handle?.cancel();
    this.handle = undefined;
    this.sim.cancel(this.resumeEvent);
    this.resumeEvent = undefined;
  }

  /** Bytes sent so far, the round in flight included: what an interruption wastes. */
  bytesSent(): number {
    const inFlight = this.handle?.active ? this.roundBytes - this.handle.remaining() : 0;
    return this.summary.bytes + inFlight;
  }

  get active(): boolean {
    return !this.ended;
  }

  private send(bytes: number, stopAndCopy: boolean): void {
    const now = this.sim.now;
    this.roundStart = now;
    this.roundBytes = bytes;
    if (!stopAndCopy) this.events.round(now, this.summary.rounds, bytes);
    this.handle = this.network.transfer(this.source, this.target, bytes, {
      done: (at) => {
        if (this.ended) return;
        this.handle = undefined;
        this.summary.bytes += bytes;
        if (stopAndCopy) this.finish();
        else this.roundDone(at);
      },
      failed: (at, reason) => {
        if (this.ended) return;
        this.ended = true;
        this.handle = undefined;
        this.events.failed(at, reason, this.summary);
      },
    });
  }

  private roundDone(now: number): void {
    const p = this.params;
    this.summary.rounds++;
    const duration = now - this.roundStart;
    // Whole pages, rounded up; a count that is whole up to the rounding of the clock (80.00000001,
    // a round's duration taken as a difference of times near 3600 s) is that whole number.
    const exact = (p.dirtyRateBytesPerS * duration) / p.pageBytes;
    const dirtyPages = Math.min(this.pages, Math.ceil(exact - 1e-6));
    const dirty = dirtyPages * p.pageBytes;
    const rate = duration > 0 ? this.roundBytes / duration : Infinity;
    const reason: StopReason | undefined =
      dirty <= p.stopThresholdBytes || dirty <= rate * p.maxDowntimeS
        ? "converged"
        : this.summary.bytes >= p.maxDataFactor * p.memoryBytes
          ? "data-cap"
          : this.summary.rounds >= p.maxRounds
            ? "round-limit"
            : undefined;
    if (reason === undefined) {
      this.send(dirty, false);
      return;
    }
    this.summary.pausedAt = now;
    this.summary.stopReason = reason;
    this.events.paused(now, dirty, reason);
    if (this.ended) return; // the owner cancelled it from `paused`
    this.send(dirty, true);
  }

  /** The stop-and-copy's last byte has arrived: the VM runs on the target `resumeS` later. */
  private finish(): void {
    const done = () => {
      this.resumeEvent = undefined;
      this.ended = true;
      this.events.done(this.sim.now, this.summary);
    };
    if (this.params.resumeS > 0) this.resumeEvent = this.sim.schedule(this.params.resumeS, done);
    else done();
  }
}
