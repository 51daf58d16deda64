import type { EventHandle } from "../engine/event-queue.js";
import type { Simulator } from "../engine/simulator.js";
import type { Component } from "../hardware/component.js";
import type { MessageHandlers, Network } from "../hardware/network.js";

/**
 * What the heartbeat stream tells the rest of the mechanism: nothing else
 * about individual beats crosses this seam.
 */
export interface HeartbeatEvents {
  /** A beat sent by `sender` while it was sending reached `receiver`'s node at `now`. */
  beatArrived(receiver: number, sender: number, now: number): void;
  /** `monitor` was watching and no beat reached it before its deadline. */
  monitorExpired(monitor: number, now: number): void;
}

export interface HeartbeatSettings {
  /** Heartbeat period T, s. */
  readonly periodS: number;
  /** Size of one beat, bytes. */
  readonly beatBytes: number;
  /**
   * `timeoutS[m][s]`: how long monitor m waits after a beat from sender s
   * before it expires; `timeoutS[m][n]` (n = number of processes) is the
   * wait of a monitor that has heard no one yet.
   */
  readonly timeoutS: readonly (readonly number[])[];
}

/** Ties between an arrival and an expiry at "the same" instant go to the arrival, up to rounding: see `expiryOf`. */
const TIMER_PRIORITY = 1;

/**
 * The heartbeat stream of one ras-fallback instance: the seam that owns
 * every beat. It keeps the senders' periodic schedules (beat j of a sender
 * started at t0 leaves at t0 + j·T), hands each beat to the network
 * (`Network.send` to every other process: loss, latency, link failures and
 * partitions act on it there), and keeps each monitor's deadline (last beat
 * received + timeout), with one pending timer per monitor that re-arms
 * lazily instead of being rescheduled per beat.
 *
 * The rest of the mechanism sees only `startSending`/`stopSending`,
 * `watch`/`expireAt`/`unwatch`, and the two events of `HeartbeatEvents`. This
 * is where a fast-forward of uneventful beats goes (docs/mechanisms/ras-fallback.md):
 * while nothing else changes, a run of delivered beats only pushes a
 * deadline forward, so it can be skipped by drawing where the next loss run
 * of length ≥ k starts.
 */
export class HeartbeatSeam {
  private readonly n: number;
  private readonly sendTimer: (EventHandle | undefined)[];
  private readonly sendStart: number[];
  private readonly sendIndex: number[];
  private readonly sendTask: (() => void)[];
  private readonly watching: boolean[];
  /** Per monitor: when it expires unless a beat arrives first, s (deadline plus rounding slack). */
  private readonly expiry: number[];
  private readonly timer: (EventHandle | undefined)[];
  private readonly timerAt: number[];
  private readonly timerTask: (() => void)[];
  private readonly handlers: MessageHandlers<number>;
  /** Beats handed to the network, over the whole run (for benchmarks and the docs' cost figures). */
  beatsSent = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly network: Network,
    /** Per process: the network node its beats leave from and arrive at. */
    private readonly nodes: readonly Component[],
    private readonly settings: HeartbeatSettings,
    private readonly events: HeartbeatEvents,
  ) {
    const n = nodes.length;
    this.n = n;
    this.sendTimer = new Array<EventHandle | undefined>(n).fill(undefined);
    this.sendStart = new Array<number>(n).fill(0);
    this.sendIndex = new Array<number>(n).fill(0);
    this.watching = new Array<boolean>(n).fill(false);
    this.expiry = new Array<number>(n).fill(Infinity);
    this.timer = new Array<EventHandle | undefined>(n).fill(undefined);
    this.timerAt = new Array<number>(n).fill(Infinity);
    this.sendTask = nodes.map((_, i) => () => this.beat(i));
    this.timerTask = nodes.map((_, i) => () => this.timerFired(i));
    this.handlers = {
      delivered: (now, code) => this.arrived(code % n, Math.floor(code / n), now),
      dropped: () => {}, // a lost beat is simply not there: the monitor's deadline notices
    };
  }

  // ---- senders ----

  /** `sender` starts beating at `now`: one beat at once, then every period. Harmless when already sending. */
  startSending(sender: number, now: number): void {
    if (this.sendTimer[sender] !== undefined) return;
    this.sendStart[sender] = now;
    this.sendIndex[sender] = 0;
    this.sendTimer[sender] = this.sim.scheduleAt(now, this.sendTask[sender]!);
  }

  /** `sender` stops: no further beats (beats already in flight still arrive). */
  stopSending(sender: number): void {
    this.sim.cancel(this.sendTimer[sender]);
    this.sendTimer[sender] = undefined;
  }

  isSending(sender: number): boolean {
    return this.sendTimer[sender] !== undefined;
  }

  private beat(sender: number): void {
    const from = this.nodes[sender]!;
    const bytes = this.settings.beatBytes;
    for (let r = 0; r < this.n; r++) {
      if (r === sender) continue;
      this.network.send(from, this.nodes[r]!, bytes, this.handlers, sender * this.n + r);
      this.beatsSent++;
    }
    // Absolute times from the start, so that no rounding accumulates over millions of beats.
    const next = ++this.sendIndex[sender]!;
    this.sendTimer[sender] = this.sim.scheduleAt(this.sendStart[sender]! + next * this.settings.periodS, this.sendTask[sender]!);
  }

  private arrived(receiver: number, sender: number, now: number): void {
    if (this.watching[receiver]) this.setExpiry(receiver, now + this.settings.timeoutS[receiver]![sender]!);
    this.events.beatArrived(receiver, sender, now);
  }

  // ---- monitors ----

  /**
   * `monitor` starts (or keeps) watching, with a deadline of now + its
   * timeout after a beat from `lastSender` (or the no-one-heard timeout).
   */
  watch(monitor: number, lastSender: number | undefined, now: number): void {
    this.watching[monitor] = true;
    this.setExpiry(monitor, now + this.settings.timeoutS[monitor]![lastSender ?? this.n]!);
  }

  /**
   * `monitor` expires at `time` (≥ now) unless a beat arrives first, if that
   * is sooner than its deadline: a failure report shortens its wait, never
   * lengthens it. Returns whether it did.
   */
  expireAt(monitor: number, time: number): boolean {
    if (this.watching[monitor] && expiryOf(time) >= this.expiry[monitor]!) return false;
    this.watching[monitor] = true;
    this.setExpiry(monitor, time);
    return true;
  }

  /** `monitor` stops watching; its pending timer, if any, will find nothing to do. */
  unwatch(monitor: number): void {
    this.watching[monitor] = false;
    this.expiry[monitor] = Infinity;
  }

  private setExpiry(monitor: number, deadline: number): void {
    const at = expiryOf(deadline);
    this.expiry[monitor] = at;
    // Lazy re-arming: a pending timer at or before the new expiry stays and
    // re-arms when it fires; only an earlier expiry needs a new event.
    if (this.timer[monitor] !== undefined && this.timerAt[monitor]! <= at) return;
    this.sim.cancel(this.timer[monitor]);
    this.timerAt[monitor] = at;
    this.timer[monitor] = this.sim.scheduleAt(Math.max(at, this.sim.now), this.timerTask[monitor]!, TIMER_PRIORITY);
  }

  private timerFired(monitor: number): void {
    this.timer[monitor] = undefined;
    this.timerAt[monitor] = Infinity;
    if (!this.watching[monitor]) return;
    const now = this.sim.now;
    const at = this.expiry[monitor]!;
    if (now < at) {
      this.timerAt[monitor] = at;
      this.timer[monitor] = this.sim.scheduleAt(at, this.timerTask[monitor]!, TIMER_PRIORITY);
      return;
    }
    this.watching[monitor] = false;
    this.expiry[monitor] = Infinity;
    this.events.monitorExpired(monitor, now);
  }
}

/**
 * The instant a monitor with this deadline expires. A timeout of k·T after
 * an arrival falls on the arrival of the beat sent k periods later, and the
 * two instants are computed along different floating-point paths
 * ((t₀ + jT + d) + kT versus t₀ + (j+k)T + d), so they may differ by a few
 * ulps. An arrival at the deadline counts as on time (C2's "no beat in
 * (t − kT, t]"): the expiry is a hair after the deadline (2⁻⁴⁰ of the time,
 * about 30 µs after a year, plus 1 ns) and, at an exact tie, the timer's
 * event runs after arrivals (a higher priority number).
 */
export function expiryOf(deadline: number): number {
  return deadline + Math.abs(deadline) * 2 ** -40 + 1e-9;
}
