import type { Distribution } from "../../engine/distribution.js";
import { makeDistribution } from "../../engine/distributions.js";
import type { EventHandle } from "../../engine/event-queue.js";
import type { RandomStream } from "../../engine/random.js";
import type { Component } from "../../hardware/component.js";
import type { Network } from "../../hardware/network.js";
import type { PrecursorSignal, Processor } from "../../hardware/processor.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext, MechanismInstance, MechanismMetric } from "../mechanism.js";
import type { PredictorConfig, StandbyNodeConfig } from "./config.js";
import { IoDomains } from "./io-domains.js";
import { PreCopy, TimedCopy, type Copy, type CopySummary } from "./precopy.js";

/**
 * What a node is doing:
 * - `active`: runs a workload;
 * - `standby`: up and idle, ready to take one over;
 * - `reserved`: the target of a takeover in progress;
 * - `leaving`: the active node of a workload being failed over after it stopped (its repair held until the takeover ends);
 * - `down`: failed or otherwise not up, not part of a takeover.
 */
type Role = "active" | "standby" | "reserved" | "leaving" | "down";

interface Node {
  readonly proc: Processor;
  role: Role;
  /** The workload it runs (active), ran (leaving), or is the takeover target of (reserved). */
  workload: Workload | undefined;
}

interface ProactiveTakeover {
  readonly kind: "proactive";
  readonly source: Node;
  readonly target: Node;
  readonly copy: Copy;
  readonly startedAt: number;
  readonly inWindow: boolean;
  pausedAt: number | undefined;
}

interface ReactiveTakeover {
  readonly kind: "reactive";
  readonly source: Node | undefined;
  readonly target: Node;
  readonly stoppedAt: number;
  readonly inWindow: boolean;
  event: EventHandle | undefined;
}

/** One active node's work; the service needs every workload running. */
interface Workload {
  readonly index: number;
  node: Node | undefined;
  running: boolean;
  takeover: ProactiveTakeover | ReactiveTakeover | undefined;
  /** Pending detection of a node that stopped without saying so. */
  detection: EventHandle | undefined;
  stoppedAt: number;
}

/** Durations of completed actions: count and sum, for a mean. */
class Durations {
  n = 0;
  private sum = 0;
  add(x: number): void {
    this.n++;
    this.sum += x;
  }
  get mean(): number {
    return this.sum / this.n;
  }
}

export interface Wiring {
  nodes: readonly Processor[];
  standby: Processor;
  ioDomains: readonly [Component, Component];
  fabric: Network;
}

/**
 * The standby-node system: N active CPU nodes and one standby, two IO
 * domains, a fabric. See docs/mechanisms/standby-node.md for the model.
 */
export class StandbyNode implements MechanismInstance {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly nodes: Node[];
  private readonly workloads: Workload[] = [];
  /** Workloads with no node, in the order they lost theirs; each resumes on the first node back. */
  private readonly waiting: Workload[] = [];
  private readonly io: IoDomains;
  private readonly predictor: PredictorConfig | undefined;
  private readonly draw: {
    coverage: RandomStream;
    restart: () => number;
    recovery: () => number;
    transfer: (() => number) | undefined;
    recall: RandomStream;
  };
  private readonly count = {
    proactive: 0,
    aborted: 0,
    reactive: 0,
    uncovered: 0,
    unprotected: 0,
    precursors: 0,
    trueAlarms: 0,
    falseAlarms: 0,
    unserved: 0,
  };
  private readonly transferTime = new Durations();
  private readonly pause = new Durations();
  private readonly rounds = new Durations();
  private readonly failoverTime = new Durations();

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly config: StandbyNodeConfig,
    private readonly wiring: Wiring,
  ) {
    this.service = new StatusSignal(name, true);
    this.services = { [name]: this.service };
    const stream = (purpose: string) => ctx.streams.stream(`${name}/${purpose}`);
    const sampler = (dist: Distribution, s: RandomStream) => () => dist.sample(s);
    const restart = makeDistribution(config.restart);
    const recovery = config.uncovered_recovery ? makeDistribution(config.uncovered_recovery) : undefined;
    const transfer = config.transfer_time ? makeDistribution(config.transfer_time) : undefined;
    const recoveryStream = stream("uncovered-recovery");
    this.draw = {
      coverage: stream("coverage"),
      restart: sampler(restart, stream("restart")),
      recovery: () => (recovery ? recovery.sample(recoveryStream) : 0),
      transfer: transfer ? sampler(transfer, stream("transfer-time")) : undefined,
      recall: stream("predictor"),
    };
    this.predictor = config.predictor === "off" ? undefined : config.predictor;

    this.nodes = wiring.nodes.map((proc) => ({ proc, role: "standby" as Role, workload: undefined }));
    for (const node of this.nodes) {
      node.proc.holdRepairs();
      if (node.proc !== wiring.standby) {
        const w: Workload = { index: this.workloads.length, node, running: true, takeover: undefined, detection: undefined, stoppedAt: 0 };
        this.workloads.push(w);
        node.role = "active";
        node.workload = w;
      }
      node.proc.onChange((up, now) => (up ? this.nodeUp(node, now) : this.nodeDown(node, now)));
      // A node that stopped without failing (hung, or inside a down container) and then
      // fails gives no change event: its held repair is dispatched here.
      node.proc.onFailed((proc, now) => {
        if (node.role === "down") proc.dispatchRepair(now);
      });
      if (this.predictor) node.proc.onPrecursor((signal) => this.precursor(node, signal));
    }
    if (this.predictor) this.startFalseAlarms(this.predictor);

    const io = config.io_failover;
    this.io = new IoDomains(ctx.sim, name, wiring.ioDomains, makeDistribution(io), stream("io-failover"), ctx.trace, ctx.warmupS, (now) => this.update(now));
  }

  private inWindow(now: number): boolean {
    return now >= this.ctx.warmupS;
  }

  private record(now: number, event: string, cause: string, detail?: Record<string, string | number | boolean | null>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.name, event, cause, detail);
  }

  /** The service is up iff every workload runs and an IO domain carries IO. */
  private update(now: number): void {
    let up = this.io.up;
    for (const w of this.workloads) up &&= w.running;
    this.service.set(up, now);
  }

  // ---- node state changes ----

  private nodeDown(node: Node, now: number): void {
    switch (node.role) {
      case "standby":
        // Always noticed (the standby is monitored), no outage; repaired at once.
        node.role = "down";
        node.proc.dispatchRepair(now);
        return;
      case "reserved":
        this.targetLost(node, now);
        return;
      case "active":
        this.activeStopped(node, now);
        return;
      case "leaving":
      case "down":
        return;
    }
  }

  private nodeUp(node: Node, now: number): void {
    // A leaving node that comes back (a hang rebooted, a container back) waits for its takeover to end.
    if (node.role === "down") this.available(node, now);
  }

  /** `node` is up and free: a waiting workload resumes on it at once (case B's S0 → S1), otherwise it is the standby. */
  private available(node: Node, now: number): void {
    const w = this.waiting.shift();
    if (w === undefined) {
      node.role = "standby";
      node.workload = undefined;
      return;
    }
    this.assign(w, node);
    this.record(now, "resumed", `${node.proc.id} up`, { workload: w.index, node: node.proc.id });
    this.update(now);
  }

  private assign(w: Workload, node: Node): void {
    node.role = "active";
    node.workload = w;
    w.node = node;
    w.running = true;
  }

  /** A node no longer part of a workload: the standby if it is up, otherwise down with its repair dispatched. */
  private release(node: Node, now: number): void {
    node.workload = undefined;
    if (node.proc.up) {
      this.available(node, now);
    } else {
      node.role = "down";
      node.proc.dispatchRepair(now);
    }
  }

  private activeStopped(node: Node, now: number): void {
    const w = node.workload!;
    node.role = "leaving";
    w.running = false;
    w.stoppedAt = now;
    const t = w.takeover;
    if (t?.kind === "proactive") {
      // Died while being copied: the copy stream breaks at once; the target restarts the workload from its last state.
      t.copy.cancel();
      w.takeover = undefined;
      this.record(now, "transfer-aborted", `${node.proc.id} down`, { workload: w.index, from: node.proc.id, to: t.target.proc.id });
      if (t.inWindow) this.count.aborted++;
      this.startReactive(w, node, t.target, now);
    } else if (node.proc.reportsOwnFailure) {
      this.startReactive(w, node, undefined, now);
    } else {
      // A hang, a silent failure, a container down: found by the missed heartbeats.
      w.detection = this.ctx.sim.schedule(this.config.detection, () => {
        w.detection = undefined;
        this.startReactive(w, node, undefined, this.ctx.sim.now);
      });
    }
    this.update(now);
  }

  /** The target of a takeover went down. */
  private targetLost(node: Node, now: number): void {
    const w = node.workload!;
    const t = w.takeover!;
    node.workload = undefined;
    if (t.kind === "proactive") {
      this.abortProactive(w, now, `${node.proc.id} down`);
      node.role = "down";
      node.proc.dispatchRepair(now);
      return;
    }
    // The restart was cut short (case B: SO/UC → S0). The node that stopped first is repaired first.
    this.ctx.sim.cancel(t.event);
    w.takeover = undefined;
    this.record(now, "failover-aborted", `${node.proc.id} down`, { workload: w.index, to: node.proc.id });
    w.node = undefined;
    if (t.source) this.release(t.source, now);
    node.role = "down";
    node.proc.dispatchRepair(now);
    this.startReactive(w, undefined, undefined, now);
  }

  // ---- reactive failover ----

  /** A standby for a failover: an idle one, or one pre-empted from a proactive transfer (a real failure comes first). */
  private takeStandby(now: number): Node | undefined {
    const idle = this.nodes.find((n) => n.role === "standby");
    if (idle) return idle;
    const copying = this.nodes.find((n) => n.role === "reserved" && n.workload?.takeover?.kind === "proactive");
    if (!copying) return undefined;
    this.abortProactive(copying.workload!, now, "pre-empted by a failover");
    return copying.role === "standby" ? copying : undefined;
  }

  /**
   * Restarts workload `w` from its last state on `target` (or a standby).
   * Covered with probability `coverage` (a `restart`), otherwise an
   * `uncovered_recovery`; service down meanwhile. The stopped node's repair
   * starts when the takeover ends (case B's policy), or at once when there
   * is no node to take over.
   */
  private startReactive(w: Workload, source: Node | undefined, target: Node | undefined, now: number): void {
    const to = target ?? this.takeStandby(now);
    if (to === undefined) {
      if (this.inWindow(now) && source) this.count.unprotected++;
      this.record(now, "unprotected", source ? `${source.proc.id} down` : "no node", { workload: w.index });
      w.node = undefined;
      this.waiting.push(w);
      if (source) this.release(source, now);
      this.update(now);
      return;
    }
    const covered = this.draw.coverage.next() < this.config.coverage;
    const duration = covered ? this.draw.restart() : this.draw.recovery();
    const inWindow = this.inWindow(now);
    if (inWindow) {
      this.count.reactive++;
      if (!covered) this.count.uncovered++;
    }
    to.role = "reserved";
    to.workload = w;
    const t: ReactiveTakeover = { kind: "reactive", source, target: to, stoppedAt: w.stoppedAt, inWindow, event: undefined };
    w.takeover = t;
    this.record(now, covered ? "failover-start" : "uncovered-failure", source ? `${source.proc.id} down` : "retry", {
      workload: w.index,
      from: source?.proc.id ?? null,
      to: to.proc.id,
      duration,
    });
    t.event = this.ctx.sim.scheduleUnlessNever(duration, () => {
      const at = this.ctx.sim.now;
      w.takeover = undefined;
      this.assign(w, to);
      if (t.inWindow) this.failoverTime.add(at - t.stoppedAt);
      this.record(at, "takeover", covered ? "restarted" : "recovered", { workload: w.index, node: to.proc.id });
      if (source) this.release(source, at);
      this.update(at);
    });
  }

  // ---- prediction and proactive transfer ----

  private precursor(node: Node, signal: PrecursorSignal): void {
    if (node.role !== "active" || node.workload!.takeover) return;
    const now = signal.now;
    if (this.inWindow(now)) this.count.precursors++;
    if (this.draw.recall.next() >= this.predictor!.recall) {
      this.record(now, "missed-precursor", signal.cause, { node: node.proc.id });
      return;
    }
    if (this.inWindow(now)) this.count.trueAlarms++;
    this.startProactive(node, now, "predicted", { failure_at: signal.failureAt });
  }

  /**
   * False alarms: a Poisson process per node at rate recall·(1/precision − 1)/precursor_every,
   * counted only while the node is active, so that true/(true + false) = precision
   * when precursors arrive every `precursor_every` on average (docs/mechanisms/standby-node.md).
   */
  private startFalseAlarms(p: PredictorConfig): void {
    const rate = (p.recall * (1 / p.precision - 1)) / p.precursor_every;
    if (!(rate > 0)) return;
    const gap = makeDistribution({ kind: "exponential", mean: 1 / rate });
    for (const node of this.nodes) {
      const stream = this.ctx.streams.stream(`${this.name}/false-alarm/${node.proc.id}`);
      const tick = (): void => {
        const now = this.ctx.sim.now;
        if (node.role === "active" && node.workload!.takeover === undefined && node.workload!.running) {
          if (this.inWindow(now)) this.count.falseAlarms++;
          this.startProactive(node, now, "false-alarm");
        }
        this.ctx.sim.scheduleUnlessNever(gap.sample(stream), tick);
      };
      this.ctx.sim.scheduleUnlessNever(gap.sample(stream), tick);
    }
  }

  private startProactive(source: Node, now: number, cause: string, detail: Record<string, number> = {}): void {
    const w = source.workload!;
    const target = this.nodes.find((n) => n.role === "standby");
    if (target === undefined) {
      if (this.inWindow(now)) this.count.unserved++;
      this.record(now, "alarm-unserved", cause, { node: source.proc.id });
      return;
    }
    const inWindow = this.inWindow(now);
    if (inWindow) this.count.proactive++;
    target.role = "reserved";
    target.workload = w;
    const events = {
      paused: (at: number) => {
        t.pausedAt = at;
        w.running = false;
        this.record(at, "stop-and-copy", "pre-copy over", { workload: w.index });
        this.update(at);
      },
      done: (at: number, summary: CopySummary) => this.proactiveDone(w, t, at, summary),
      failed: (at: number, reason: string) => this.abortProactive(w, at, reason),
    };
    const copy = this.draw.transfer
      ? new TimedCopy(this.ctx.sim, this.draw.transfer(), events)
      : new PreCopy(this.wiring.fabric, source.proc, target.proc, {
          memoryBytes: this.config.memory,
          dirtyRateBytesPerS: this.config.dirty_rate,
          maxPauseS: this.config.max_pause,
          maxRounds: this.config.max_rounds,
        }, events);
    const t: ProactiveTakeover = { kind: "proactive", source, target, copy, startedAt: now, inWindow, pausedAt: undefined };
    w.takeover = t;
    this.record(now, "transfer-start", cause, { workload: w.index, from: source.proc.id, to: target.proc.id, ...detail });
    copy.start(now);
  }

  private proactiveDone(w: Workload, t: ProactiveTakeover, now: number, summary: CopySummary): void {
    w.takeover = undefined;
    if (t.inWindow) {
      this.transferTime.add(now - t.startedAt);
      this.pause.add(now - (t.pausedAt ?? now));
      if (this.draw.transfer === undefined) this.rounds.add(summary.rounds);
    }
    this.assign(w, t.target);
    this.record(now, "transfer-done", summary.converged ? "converged" : "not converged", {
      workload: w.index,
      node: t.target.proc.id,
      duration: now - t.startedAt,
      pause: now - (t.pausedAt ?? now),
      rounds: summary.rounds,
      bytes: summary.bytes,
    });
    this.release(t.source, now);
    this.update(now);
  }

  /** Gives up a proactive transfer: the workload keeps (or resumes) running on its node, the target is a standby again if up. */
  private abortProactive(w: Workload, now: number, reason: string): void {
    const t = w.takeover as ProactiveTakeover;
    t.copy.cancel();
    w.takeover = undefined;
    if (t.inWindow) this.count.aborted++;
    this.record(now, "transfer-aborted", reason, { workload: w.index, from: t.source.proc.id, to: t.target.proc.id });
    w.running = true;
    t.target.workload = undefined;
    t.target.role = t.target.proc.up ? "standby" : "down";
    this.update(now);
  }

  finish(): Record<string, MechanismMetric> {
    const c = this.count;
    const count = (value: number): MechanismMetric => ({ value, unit: "count" });
    const m: Record<string, MechanismMetric> = {
      proactive_transfers: count(c.proactive),
      aborted_transfers: count(c.aborted),
      reactive_failovers: count(c.reactive),
      uncovered_failures: count(c.uncovered),
      unprotected_failures: count(c.unprotected),
      io_failovers: count(this.io.failovers),
      precursors: count(c.precursors),
      true_alarms: count(c.trueAlarms),
      false_alarms: count(c.falseAlarms),
      unserved_alarms: count(c.unserved),
    };
    if (this.transferTime.n > 0) m.transfer_time_s = { value: this.transferTime.mean, unit: "s" };
    if (this.pause.n > 0) m.pause_s = { value: this.pause.mean, unit: "s" };
    if (this.rounds.n > 0) m.copy_rounds = { value: this.rounds.mean, unit: "count" };
    if (this.failoverTime.n > 0) m.failover_time_s = { value: this.failoverTime.mean, unit: "s" };
    return m;
  }
}
