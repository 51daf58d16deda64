import type { EventHandle } from "../../engine/event-queue.js";
import type { Component } from "../../hardware/component.js";
import type { Network } from "../../hardware/network.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext, MechanismInstance, MechanismMetric } from "../mechanism.js";
import { FailoverFigures } from "./figures.js";
import { HeartbeatSeam, type HeartbeatEvents } from "../heartbeat.js";
import { ClientRedirects } from "./clients.js";
import type { FileserverFailoverConfig } from "./config.js";
import { ReplicationStream, type Snapshot } from "../replication-stream.js";
import { ServedWrites, type WriteLoad } from "./write-load.js";

/**
 * What a file server is doing:
 * - `primary`: it serves the share read-write (in its own view);
 * - `replica`: it applies the other's snapshots and watches its heartbeats;
 * - `recovering`: back from a failure, it waits to hear the other before serving again;
 * - `stale`: it knows the other took over; its own unreplicated writes are discarded and it waits for a failback;
 * - `down`: its server (or its site) is down.
 */
export type ServerRole = "primary" | "replica" | "recovering" | "stale" | "down";

export const SRC = 0;
export const DST = 1;

/** A switch of the share to `target` in progress: a failover to the destination or a failback to the source. */
interface Switch {
  readonly kind: "unplanned" | "planned" | "failback";
  readonly target: number;
  /** When the clients lost the share (s): the failure, the last beat heard, or the quiescing of writes. */
  readonly lostAt: number;
  readonly rpoS: number;
  readonly lostBytes: number;
  readonly behind: number;
  /** When the failback began (failbacks only), s. */
  readonly startedAt: number;
  timer: EventHandle | undefined;
  readonly clientRto: number[];
}

export interface Wiring {
  readonly servers: readonly Component[];
  readonly nodes: readonly Component[];
  readonly network: Network;
  readonly load: WriteLoad;
  readonly promotion: () => number;
  readonly directoryUpdate: () => number;
  readonly phases: readonly number[];
}

/**
 * One fileserver-failover instance: the two servers' roles, the snapshot
 * stream, heartbeat-based detection, failover, failback and the figures
 * (docs/mechanisms/fileserver-failover.md).
 */
export class FileserverFailover implements MechanismInstance, HeartbeatEvents {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly seam: HeartbeatSeam;
  private readonly role: ServerRole[] = ["primary", "replica"];
  /** When each server last became primary (s), to settle two primaries after a partition: the later one wins. */
  private readonly primarySince = [0, -Infinity];
  private readonly wasPrimary = [false, false];
  private readonly writes: ServedWrites[];
  private readonly clients: ClientRedirects;
  /** The server the directory names, or undefined while a failover has not updated it yet. */
  private primary: number | undefined = SRC;
  private allPointed = true;
  private quiesced = false;
  private stream: ReplicationStream | undefined;
  /** The replica's newest complete snapshot: its point in time and the primary's byte count then. */
  private committed = { pit: 0, total: 0 };
  /** The destination's byte count when it became primary (what a failback replicates back starts there). */
  /** The destination's byte count already at the source (its count at the promotion, then what a failback shipped). */
  private reverseCommitted = 0;
  private reverse: ReplicationStream | undefined;
  private readonly downAt: (number | undefined)[] = [undefined, undefined];
  private readonly lastHeard = [0, 0];
  private behindAtSourceDown = 0;
  private switching: Switch | undefined;
  private failbackTimer: EventHandle | undefined;
  private readonly figures: FailoverFigures;

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly wiring: Wiring,
    private readonly config: FileserverFailoverConfig,
  ) {
    const timeoutS = config.missed * config.period;
    const timeouts = [0, 1].map(() => [timeoutS, timeoutS, timeoutS]);
    this.seam = new HeartbeatSeam(ctx.sim, wiring.network, wiring.nodes, { periodS: config.period, beatBytes: config.beat_size, timeoutS: timeouts }, this);
    this.writes = [0, 1].map(() => new ServedWrites(wiring.load));
    this.clients = new ClientRedirects(ctx.sim, wiring.phases, config.ttl);
    this.figures = new FailoverFigures(wiring.phases.length);
    this.service = new StatusSignal(name, false);
    this.services = { [name]: this.service };

    const [src, dst] = wiring.servers as [Component, Component];
    if (!src.up) this.role[SRC] = "down";
    if (!dst.up) this.role[DST] = "down";
    for (const i of [SRC, DST]) if (this.role[i] !== "down") this.seam.startSending(i, 0);
    if (this.role[SRC] === "primary") this.startStream();
    if (this.role[DST] === "replica") this.seam.watch(DST, SRC, 0);
    if (config.planned_failover_at !== undefined) ctx.sim.scheduleAt(config.planned_failover_at, () => this.plannedFailover());
    wiring.servers.forEach((s, i) => s.onChange((up, now) => (up ? this.serverBack(i, now) : this.serverLost(i, now))));
    this.refresh(0);
  }

  // ---- what the share's clients see ----

  /** Sets each server's share of the writes and the service from the roles and the directory. */
  private refresh(now: number): void {
    const p = this.primary;
    const serving = p !== undefined && this.role[p] === "primary" && !this.quiesced;
    const fraction = this.allPointed ? 1 : this.clients.redirected / this.clients.count;
    for (const i of [SRC, DST]) {
      const f = serving && i === p ? fraction : 0;
      if (this.writes[i]!.servedFraction !== f) this.writes[i]!.setFraction(f, now);
    }
    this.service.set(serving && this.allPointed, now);
  }

  // ---- replication ----

  private startStream(): void {
    this.stream?.stop();
    this.stream = new ReplicationStream(this.ctx.sim, this.wiring.network, this.wiring.nodes[SRC]!, this.wiring.nodes[DST]!, this.config.interval, (t) => this.writes[SRC]!.total(t), {
      committed: (s, at) => this.snapshotCommitted(s, at),
      accepting: () => this.role[DST] === "replica",
    }, this.committed.total);
  }

  private snapshotCommitted(s: Snapshot, now: number): void {
    this.committed = { pit: s.pit, total: s.total };
    const lagS = now - s.pit;
    if (now >= this.ctx.warmupS) {
      this.figures.snapshotLag(lagS);
    }
    this.record(now, "snapshot-committed", "replication", { pit: s.pit, bytes: s.bytes, lag_s: lagS });
  }

  // ---- servers failing and returning ----

  private serverLost(i: number, now: number): void {
    const was = this.role[i]!;
    this.role[i] = "down";
    this.downAt[i] = now;
    this.wasPrimary[i] = was === "primary";
    this.seam.stopSending(i);
    this.seam.unwatch(i);
    if (i === SRC && this.stream !== undefined) {
      this.behindAtSourceDown = this.stream.behind(now);
      this.stream.stop();
      this.stream = undefined;
    }
    const sw = this.switching;
    // A switch fails with its target, a failback also with the destination it copies from, and a
    // planned failover with the source before the destination is promoted (it becomes unplanned).
    if (sw !== undefined && (sw.target === i || (sw.kind === "failback" && i === DST) || (sw.kind === "planned" && i === SRC && this.role[DST] !== "primary"))) this.abortSwitch(now);
    if (i === SRC) this.cancelFailback();
    this.record(now, "server-down", this.wiring.servers[i]!.lastCause, { server: this.id(i), was });
    this.refresh(now);
  }

  private serverBack(i: number, now: number): void {
    this.downAt[i] = undefined;
    this.seam.startSending(i, now);
    if (i === DST) {
      // The destination keeps its data: a primary serves again, a replica watches the source.
      this.role[DST] = this.wasPrimary[DST] ? "primary" : "replica";
      if (this.role[DST] === "replica") this.seam.watch(DST, undefined, now);
    } else {
      this.role[SRC] = "recovering";
      this.seam.watch(SRC, undefined, now);
    }
    this.record(now, "server-up", this.wiring.servers[i]!.lastCause, { server: this.id(i), role: this.role[i]! });
    this.refresh(now);
  }

  // ---- what the heartbeats tell ----

  beatArrived(receiver: number, sender: number, now: number): void {
    this.lastHeard[receiver] = now;
    const mine = this.role[receiver];
    const theirs = this.role[sender];
    if (receiver === SRC) {
      if (mine === "recovering") {
        this.seam.unwatch(SRC);
        if (theirs === "primary") this.becomeStale(now, "destination-primary");
        else this.resumeSource(now);
      } else if (mine === "primary" && theirs === "primary" && this.primarySince[DST]! > this.primarySince[SRC]!) {
        this.becomeStale(now, "newer-primary");
      }
      return;
    }
    if (mine === "primary" && theirs === "stale") this.maybeFailback(now);
  }

  monitorExpired(monitor: number, now: number): void {
    if (monitor === SRC) {
      if (this.role[SRC] === "recovering") this.resumeSource(now);
      return;
    }
    if (this.role[DST] === "replica" && this.switching === undefined) this.unplannedFailover(now);
  }

  /** The source back with the destination still a replica (or silent): it serves again and resumes shipping. */
  private resumeSource(now: number): void {
    // A directory naming the destination says it took over while the source was away.
    if (this.primary === DST) {
      this.becomeStale(now, "directory-names-destination");
      return;
    }
    this.role[SRC] = "primary";
    this.primarySince[SRC] = now;
    if (this.primary === undefined) this.primary = SRC;
    this.startStream();
    this.record(now, "source-resumed", "no-takeover", {});
    this.refresh(now);
  }

  private becomeStale(now: number, cause: string): void {
    this.role[SRC] = "stale";
    this.stream?.stop();
    this.stream = undefined;
    this.record(now, "source-stale", cause, {});
    this.refresh(now);
  }

  // ---- failover ----

  private unplannedFailover(now: number): void {
    // The clients lost the share when the source failed, or (a partition: the source is alive but cut
    // off, with its clients) at the last beat the destination heard.
    const lostAt = this.downAt[SRC] ?? this.lastHeard[DST]!;
    const lostBytes = Math.max(0, this.writes[SRC]!.total(Math.max(lostAt, 0)) - this.committed.total);
    const behind = this.stream !== undefined ? this.stream.behind(lostAt) : this.behindAtSourceDown;
    this.stream?.stop();
    this.stream = undefined;
    this.primary = undefined;
    this.record(now, "detected", "heartbeat-timeout", { lost_at: lostAt, detection_s: now - lostAt });
    if (lostAt >= this.ctx.warmupS) this.figures.detected(now - lostAt);
    this.beginSwitch({ kind: "unplanned", target: DST, lostAt, rpoS: lostAt - this.committed.pit, lostBytes, behind, startedAt: lostAt }, now);
  }

  private plannedFailover(): void {
    const now = this.ctx.sim.now;
    if (this.role[SRC] !== "primary" || this.role[DST] !== "replica" || this.switching !== undefined || this.stream === undefined) {
      this.record(now, "planned-failover-skipped", "not-replicating", { source: this.role[SRC]!, destination: this.role[DST]! });
      return;
    }
    this.quiesced = true;
    this.seam.unwatch(DST);
    const sw: Switch = { kind: "planned", target: DST, lostAt: now, rpoS: 0, lostBytes: 0, behind: 0, startedAt: now, timer: undefined, clientRto: [] };
    this.switching = sw;
    this.record(now, "planned-failover", "scripted", {});
    this.refresh(now);
    const stream = this.stream;
    stream.finalSync((at) => {
      if (this.switching !== sw) return;
      stream.stop();
      this.stream = undefined;
      this.promote(sw, at);
    });
  }

  private beginSwitch(s: Omit<Switch, "timer" | "clientRto">, now: number): void {
    const sw: Switch = { ...s, timer: undefined, clientRto: [] };
    this.switching = sw;
    this.seam.unwatch(sw.target);
    this.refresh(now);
    this.promote(sw, now);
  }

  /** Promotion of the target's copy, then the directory update, then the clients one by one. */
  private promote(sw: Switch, now: number): void {
    this.seam.unwatch(sw.target);
    sw.timer = this.ctx.sim.scheduleAt(now + this.wiring.promotion(), () => {
      const at = this.ctx.sim.now;
      const t = sw.target;
      this.role[t] = "primary";
      this.primarySince[t] = at;
      if (t === DST) this.reverseCommitted = this.writes[DST]!.total(at);
      else {
        this.role[DST] = "replica";
        this.committed = { pit: at, total: this.writes[SRC]!.total(at) };
      }
      this.record(at, "promoted", sw.kind, { server: this.id(t) });
      sw.timer = this.ctx.sim.scheduleAt(at + this.wiring.directoryUpdate(), () => this.directoryUpdated(sw));
      this.refresh(at);
    });
  }

  private directoryUpdated(sw: Switch): void {
    const now = this.ctx.sim.now;
    sw.timer = undefined;
    this.primary = sw.target;
    this.quiesced = false;
    this.allPointed = false;
    if (sw.target === SRC) {
      this.startStream();
      this.seam.watch(DST, SRC, now);
    }
    this.record(now, "directory-updated", sw.kind, { server: this.id(sw.target) });
    this.clients.redirect((client, at) => {
      sw.clientRto[client] = at - sw.lostAt;
      this.record(at, "client-redirected", sw.kind, { client: `c${client}`, server: this.id(sw.target), rto_s: at - sw.lostAt });
      if (this.clients.redirected === this.clients.count) this.switchDone(sw, at);
      else this.refresh(at);
    });
    this.refresh(now);
  }

  private switchDone(sw: Switch, now: number): void {
    this.switching = undefined;
    this.allPointed = true;
    const counted = sw.startedAt >= this.ctx.warmupS;
    if (sw.kind === "failback") {
      if (counted) {
        this.figures.failback(now - sw.startedAt);
      }
      this.record(now, "failback-done", "all-clients-redirected", { failback_time_s: now - sw.startedAt });
    } else {
      if (counted) {
        this.figures.failover(sw);
      }
      this.record(now, "failover-done", sw.kind, { rpo_s: sw.rpoS, data_loss_bytes: sw.lostBytes, snapshots_behind: sw.behind, rto_max_s: now - sw.lostAt });
    }
    this.refresh(now);
  }

  /** A switch whose target (or, for a failback, whose source of data) failed: back to how things were. */
  private abortSwitch(now: number): void {
    const sw = this.switching!;
    this.ctx.sim.cancel(sw.timer);
    this.reverse?.stop();
    this.reverse = undefined;
    this.clients.cancel();
    this.switching = undefined;
    this.quiesced = false;
    if (sw.kind === "failback") {
      // The destination still holds every write: it serves again, all clients on it.
      this.allPointed = true;
      this.primary = DST;
      if (this.role[DST] !== "down") {
        this.role[DST] = "primary";
        this.primarySince[DST] = now;
        this.seam.unwatch(DST);
      }
    } else if (sw.kind === "planned" && this.role[DST] === "replica") {
      // The source failed during the final sync: the destination watches again, and detects it.
      this.seam.watch(DST, SRC, now);
    } else if (this.role[DST] === "primary") {
      // The destination was promoted and then failed before every client moved: it comes back as primary.
      this.wasPrimary[DST] = true;
    }
    this.record(now, "switch-aborted", sw.kind, { target: this.id(sw.target) });
  }

  // ---- failback ----

  private maybeFailback(now: number): void {
    if (!this.config.failback || this.switching !== undefined || this.failbackTimer !== undefined || !this.allPointed) return;
    this.failbackTimer = this.ctx.sim.scheduleAt(now + this.config.failback_delay, () => {
      this.failbackTimer = undefined;
      if (this.role[SRC] === "stale" && this.role[DST] === "primary" && this.switching === undefined) this.startFailback(this.ctx.sim.now);
    });
  }

  private cancelFailback(): void {
    this.ctx.sim.cancel(this.failbackTimer);
    this.failbackTimer = undefined;
  }

  /**
   * Failback: (1) the destination's changes since its promotion are shipped
   * to the source as snapshots (a reverse replication stream, which retries
   * after a link failure or a partition and keeps what arrived) while the
   * destination keeps serving, until the source has caught up; (2) writes
   * quiesce and a last snapshot of the delta is shipped; (3) the source is
   * promoted and the clients redirected. Nothing written is lost. A failback
   * abandoned by a failure resumes from what the source already holds.
   */
  private startFailback(now: number): void {
    const sw: Switch = { kind: "failback", target: SRC, lostAt: now, rpoS: 0, lostBytes: 0, behind: 0, startedAt: now, timer: undefined, clientRto: [] };
    this.switching = sw;
    this.record(now, "failback-start", "source-back", { reverse_bytes: this.writes[DST]!.total(now) - this.reverseCommitted });
    const [src, dst] = this.wiring.nodes as [Component, Component];
    const reverse = new ReplicationStream(this.ctx.sim, this.wiring.network, dst, src, this.config.interval, (t) => this.writes[DST]!.total(t), {
      committed: (snapshot, at) => {
        this.reverseCommitted = snapshot.total;
        this.record(at, "reverse-committed", "failback", { pit: snapshot.pit, bytes: snapshot.bytes });
      },
      accepting: () => this.switching !== undefined && this.switching.target === SRC && this.role[SRC] === "stale",
    }, this.reverseCommitted);
    this.reverse = reverse;
    reverse.finalSync((at) => {
      this.quiesced = true;
      this.refresh(at);
      // The clients are cut off from here to their redirect: that is when they lose the share.
      const quiesced: Switch = { ...sw, lostAt: at, clientRto: [] };
      this.switching = quiesced;
      this.record(at, "quiesced", "failback", { delta_bytes: this.writes[DST]!.total(at) - this.reverseCommitted });
      reverse.finalSync((t) => {
        reverse.stop();
        this.reverse = undefined;
        this.promote(quiesced, t);
      });
    });
  }

  private id(i: number): string {
    return this.wiring.servers[i]!.id;
  }

  private record(now: number, event: string, cause: string, detail: Record<string, string | number | boolean | null>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.name, event, cause, detail);
  }

  finish(): Record<string, MechanismMetric> {
    return this.figures.metrics();
  }
}
