import type { Distribution } from "../../engine/distribution.js";
import { makeDistribution } from "../../engine/distributions.js";
import type { RandomStream } from "../../engine/random.js";
import type { Component } from "../../hardware/component.js";
import type { Network } from "../../hardware/network.js";
import type { Processor } from "../../hardware/processor.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext, MechanismInstance, MechanismMetric } from "../mechanism.js";
import type { StandbyNodeConfig } from "./config.js";
import { IoDomains } from "./io-domains.js";
import { PreCopy, TimedCopy, type CopySummary } from "./precopy.js";
import { FailurePredictor } from "./predictor.js";
import { type Node, type ProactiveTakeover, type ReactiveTakeover, type Role, type Workload } from "./state.js";
import { MeanTally, putMean } from "../mean-tally.js";

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
  private readonly predictor: FailurePredictor<Node> | undefined;
  private readonly draw: {
    coverage: RandomStream;
    restart: () => number;
    recovery: () => number;
    transfer: (() => number) | undefined;
  };
  private readonly count = {
    proactive: 0,
    aborted: 0,
    reactive: 0,
    uncovered: 0,
    unprotected: 0,
    unserved: 0,
  };
  private readonly transferTime = new MeanTally();
  private readonly pause = new MeanTally();
  private readonly rounds = new MeanTally();
  private readonly failoverTime = new MeanTally();

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
    };

    this.nodes = wiring.nodes.map((proc) => ({ proc, role: "standby" as Role, workload: undefined, pendingAlarm: undefined }));
    for (const node of this.nodes) {
      node.proc.holdRepairs();
      if (node.proc !== wiring.standby) {
        const w: Workload = { index: this.workloads.length, node, running: true, takeover: undefined, stoppedAt: 0 };
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
    }
    this.predictor =
      config.predictor === undefined
        ? undefined
        : new FailurePredictor(ctx, name, config.predictor, this.nodes, {
            watching: (node) => node.role === "active" && node.workload!.takeover === undefined,
            alarm: (node, now, cause, detail) => this.startProactive(node, now, cause, detail),
          });
    this.io = new IoDomains(ctx.sim, name, wiring.ioDomains, makeDistribution(config.io_failover), stream("io-failover"), ctx.trace, ctx.warmupS, (now) =>
      this.update(now),
    );
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
      this.servePendingAlarm(now);
      return;
    }
    this.assign(w, node);
    this.record(now, "resumed", `${node.proc.id} up`, { workload: w.index, node: node.proc.id });
    this.update(now);
  }

  private assign(w: Workload, node: Node): void {
    node.pendingAlarm = undefined;
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
      // Nothing cancels it: the workload stays stopped until a failover, whatever the node does meanwhile.
      this.ctx.sim.schedule(this.config.detection, () => {
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

  // ---- proactive transfer (on an alarm of the predictor) ----

  /**
   * A standby is idle again: an alarm that found none is served now if its node still runs a
   * workload, since the predicted failure has not struck it yet (it would no longer be active).
   */
  private servePendingAlarm(now: number): void {
    const node = this.nodes.find((n) => n.pendingAlarm !== undefined && n.role === "active" && n.workload!.takeover === undefined);
    if (node === undefined) return;
    const { cause, detail } = node.pendingAlarm!;
    node.pendingAlarm = undefined;
    this.startProactive(node, now, cause, detail);
  }

  private startProactive(source: Node, now: number, cause: "predicted" | "false-alarm", detail: Record<string, number> = {}): void {
    const w = source.workload!;
    const target = this.nodes.find((n) => n.role === "standby");
    if (target === undefined) {
      if (this.inWindow(now)) this.count.unserved++;
      this.record(now, "alarm-unserved", cause, { node: source.proc.id });
      source.pendingAlarm = { cause, detail: { ...detail, raised_at: now } };
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
      precursors: count(this.predictor?.counts.precursors ?? 0),
      true_alarms: count(this.predictor?.counts.trueAlarms ?? 0),
      false_alarms: count(this.predictor?.counts.falseAlarms ?? 0),
      unserved_alarms: count(c.unserved),
    };
    putMean(m, "transfer_time_s", this.transferTime, "s");
    putMean(m, "pause_s", this.pause, "s");
    putMean(m, "copy_rounds", this.rounds, "count");
    putMean(m, "failover_time_s", this.failoverTime, "s");
    return m;
  }
}
