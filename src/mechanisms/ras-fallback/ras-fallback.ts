import { makeDistribution } from "../../engine/distributions.js";
import type { EventHandle } from "../../engine/event-queue.js";
import type { Component } from "../../hardware/component.js";
import { ModelReferenceError, resolveNetwork } from "../../hardware/inventory.js";
import type { Network } from "../../hardware/network.js";
import { Processor } from "../../hardware/processor.js";
import type { MessageHandlers } from "../../hardware/network.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext, MechanismDefinition, MechanismInstance, MechanismMetric } from "../mechanism.js";
import { rasFallbackConfig, type RasFallbackConfig } from "./config.js";
import { HeartbeatSeam, type HeartbeatEvents } from "../heartbeat.js";
import { WindowClock } from "../window-clock.js";
import { MeanTally, putMean } from "../mean-tally.js";

/**
 * What a RAS process is doing:
 * - `down`: its processor is down or hung (sends nothing, hears nothing);
 * - `standby`: watching for beats, its monitor armed;
 * - `taking-over`: it has decided to become active and is starting up (takeover_delay);
 * - `active`: serving, and beating every period to every other process.
 */
export type ProcessState = "down" | "standby" | "taking-over" | "active";

/** Why a process starts to take over. */
type TakeoverKind = "timeout" | "report" | "failback";

/** The default missed-beat threshold k: WSFC `SameSubnetThreshold` (Windows Server Failover Clustering's default). */
const DEFAULT_MISSED = 5;

interface Wiring {
  processors: readonly Processor[];
  /** Per process, the network node its messages leave from and arrive at (the processor or its host). */
  nodes: readonly Component[];
  network: Network;
  /** The first standby's timeout, s. */
  timeoutS: number;
  /** Extra wait per further position in line, s. */
  skewS: number;
}

class RasFallback implements MechanismInstance, HeartbeatEvents {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly seam: HeartbeatSeam;
  private readonly n: number;
  private readonly state: ProcessState[];
  /** Per process: the active it last heard a beat (or a failure report) from. */
  private readonly lastHeard: (number | undefined)[];
  /** Per process: when it stopped being active by failing, until a detection of that failure is counted. */
  private readonly failedActiveAt: (number | undefined)[];
  /** Per process: true when its monitor was shortened by a failure report since the last beat. */
  private readonly reported: boolean[];
  private readonly takeoverTimer: (EventHandle | undefined)[];
  /** Failure reports; the payload is failed · n + receiver. */
  private readonly reportHandlers: MessageHandlers<number> = {
    delivered: (now, key) => this.reportArrived(key % this.n, Math.floor(key / this.n), now),
    dropped: () => {},
  };
  private readonly drawTakeoverDelay: () => number;
  private activeCount = 0;
  private readonly serving: WindowClock;
  private readonly splitBrain: WindowClock;
  private readonly tally = { takeovers: 0, falseTakeovers: 0, selfReported: 0, failbacks: 0, stepDowns: 0 };
  private readonly detectionLatency = new MeanTally();
  readonly notes: string[] = [];

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly wiring: Wiring,
    private readonly config: RasFallbackConfig,
  ) {
    const { processors, nodes, network, timeoutS, skewS } = wiring;
    const n = processors.length;
    this.n = n;
    this.state = new Array<ProcessState>(n).fill("down");
    this.lastHeard = new Array<number | undefined>(n).fill(undefined);
    this.failedActiveAt = new Array<number | undefined>(n).fill(undefined);
    this.reported = new Array<boolean>(n).fill(false);
    this.takeoverTimer = new Array<EventHandle | undefined>(n).fill(undefined);
    this.serving = new WindowClock(ctx.warmupS, ctx.horizonS);
    this.splitBrain = new WindowClock(ctx.warmupS, ctx.horizonS);

    const delay = config.takeover_delay;
    if (delay.kind === "deterministic") {
      this.drawTakeoverDelay = () => delay.value;
    } else {
      const dist = makeDistribution(delay);
      const stream = ctx.streams.stream(`${name}/takeover`);
      this.drawTakeoverDelay = () => dist.sample(stream);
    }

    // A beat that takes longer to arrive than the timeout: every standby takes over at once, always.
    let slowest = 0;
    for (const a of nodes) {
      for (const b of nodes) slowest = Math.max(slowest, (network.route(a, b) ?? []).reduce((sum, link) => sum + link.latency, 0));
    }
    if (timeoutS <= slowest) {
      this.notes.push(
        `mechanism "${name}": the heartbeat timeout (${timeoutS} s) is not longer than the latency of the path between its processes (${slowest} s): ` +
          `standbys will take over before a beat can arrive; is a unit missing (e.g. timeout: 3s, a link latency: 50us)?`,
      );
    }

    // timeouts[m][s]: monitor m's wait after a beat from s, by m's position in line behind s.
    const timeouts = processors.map((_, m) => Array.from({ length: n + 1 }, (_, s) => timeoutS + skewS * linePosition(m, s < n ? s : undefined)));
    this.seam = new HeartbeatSeam(ctx.sim, network, nodes, { periodS: config.period, beatBytes: config.beat_size, timeoutS: timeouts }, this);

    // At t = 0 the first responsive process in priority order is active; the others watch it.
    const first = processors.findIndex((p) => p.responsive);
    this.service = new StatusSignal(name, false);
    this.services = { [name]: this.service };
    processors.forEach((p, i) => {
      if (!p.responsive) return;
      if (i === first) {
        this.becomeActive(i, 0, "initial");
      } else {
        this.state[i] = "standby";
        this.lastHeard[i] = first;
        this.seam.watch(i, first, 0);
      }
    });
    processors.forEach((p, i) => p.onChange((up, now) => (up ? this.processorBack(i, now) : this.processorLost(i, now))));
  }

  // ---- processors ----

  private processorLost(i: number, now: number): void {
    const was = this.state[i]!;
    this.state[i] = "down";
    this.seam.unwatch(i);
    if (was === "taking-over") {
      this.ctx.sim.cancel(this.takeoverTimer[i]);
      this.takeoverTimer[i] = undefined;
    }
    if (was === "active") {
      this.seam.stopSending(i);
      this.failedActiveAt[i] = now;
      this.changeActives(-1, now);
      if (this.config.self_report && this.wiring.processors[i]!.reportsOwnFailure) this.reportFailure(i);
    }
    this.record(now, "process-down", this.wiring.processors[i]!.lastCause, { process: this.id(i), was });
  }

  /** A processor back (repaired, rebooted after a hang, its host back): the process boots as a standby that has heard no one. */
  private processorBack(i: number, now: number): void {
    this.state[i] = "standby";
    this.lastHeard[i] = undefined;
    this.reported[i] = false;
    this.seam.watch(i, undefined, now);
    this.record(now, "process-up", this.wiring.processors[i]!.lastCause, { process: this.id(i) });
  }

  // ---- what the heartbeat seam reports ----

  beatArrived(receiver: number, sender: number, now: number): void {
    switch (this.state[receiver]) {
      case "standby":
        this.lastHeard[receiver] = sender;
        this.reported[receiver] = false;
        if (this.config.return === "preempt" && sender > receiver) this.beginTakeover(receiver, now, "failback");
        return;
      case "taking-over":
        this.lastHeard[receiver] = sender;
        return;
      case "active":
        // Split brain ends when the lower-priority active hears the higher one (VRRP: the higher priority wins).
        if (sender < receiver) this.stepDown(receiver, sender, now);
        return;
      default:
        return; // down: a hung process on a live host hears nothing
    }
  }

  monitorExpired(monitor: number, now: number): void {
    if (this.state[monitor] !== "standby") return;
    this.detect(monitor, now, this.reported[monitor] ? "report" : "timeout");
  }

  // ---- failure reports ----

  /**
   * The last gasp of a processor that fail-stops while responsive: a
   * message to every other process over the heartbeat network, sent as the
   * processor stops (`Network.sendLastGasp`), so it is timed, queued, lost
   * and cut off by partitions like a beat; a standby it does not reach falls
   * back on its timeout.
   */
  private reportFailure(failed: number): void {
    const { network, nodes } = this.wiring;
    for (let r = 0; r < this.n; r++) {
      if (r !== failed) network.sendLastGasp(nodes[failed]!, nodes[r]!, this.config.beat_size, this.reportHandlers, failed * this.n + r);
    }
  }

  private reportArrived(receiver: number, failed: number, now: number): void {
    if (this.state[receiver] !== "standby") return;
    // A report about an active this standby does not follow (one it never heard, or one it stopped
    // hearing when another took over) says nothing about the one it watches.
    const followed = this.lastHeard[receiver];
    if (followed !== undefined && followed !== failed) return;
    // The first in line takes over at once; the others still wait their skew for the first one's beats.
    const position = linePosition(receiver, failed);
    if (position === 0) {
      this.lastHeard[receiver] = failed;
      this.seam.unwatch(receiver);
      this.detect(receiver, now, "report");
    } else if (this.seam.expireAt(receiver, now + this.wiring.skewS * position)) {
      this.lastHeard[receiver] = failed;
      this.reported[receiver] = true;
    }
  }

  // ---- transitions ----

  /** A standby has decided that the active it watched is gone (timeout or report). */
  private detect(i: number, now: number, cause: TakeoverKind): void {
    const watched = this.lastHeard[i];
    // False (the issue: "the active one was alive"): some process was serving and the one this standby
    // followed was not down; its beats were lost or cut off. The detection of a hung or failed active is
    // true even while another, cut-off process is active too (a split brain of three).
    const followedDown = watched !== undefined && this.state[watched] === "down";
    const wrong = this.activeCount > 0 && !followedDown;
    const counted = now >= this.ctx.warmupS;
    let latencyS: number | undefined;
    if (!wrong && watched !== undefined && this.failedActiveAt[watched] !== undefined) {
      // Per failure of an active process, the first detection of it.
      latencyS = now - this.failedActiveAt[watched]!;
      this.failedActiveAt[watched] = undefined;
    }
    if (counted) {
      this.tally.takeovers++;
      if (wrong) this.tally.falseTakeovers++;
      if (cause === "report") this.tally.selfReported++;
      if (latencyS !== undefined) {
        this.detectionLatency.add(latencyS);
      }
    }
    if (this.ctx.trace.enabled) {
      const detail: Record<string, string | number | boolean | null> = { process: this.id(i), watched: watched === undefined ? null : this.id(watched), false: wrong };
      if (latencyS !== undefined) detail.latency_s = latencyS;
      this.ctx.trace.record(now, this.name, "detected", cause, detail);
    }
    this.beginTakeover(i, now, cause);
  }

  private beginTakeover(i: number, now: number, kind: TakeoverKind): void {
    this.seam.unwatch(i);
    if (kind === "failback") {
      if (now >= this.ctx.warmupS) this.tally.failbacks++;
      this.record(now, "failback", "preempt", { process: this.id(i), from: this.id(this.lastHeard[i]!) });
    }
    const delayS = this.drawTakeoverDelay();
    if (delayS === 0) {
      this.becomeActive(i, now, kind);
      return;
    }
    this.state[i] = "taking-over";
    this.takeoverTimer[i] = this.ctx.sim.scheduleUnlessNever(delayS, () => {
      this.takeoverTimer[i] = undefined;
      this.becomeActive(i, this.ctx.sim.now, kind);
    });
  }

  private becomeActive(i: number, now: number, kind: TakeoverKind | "initial"): void {
    this.state[i] = "active";
    this.failedActiveAt[i] = undefined;
    this.changeActives(1, now);
    this.seam.startSending(i, now);
    this.record(now, "active", kind, { process: this.id(i), actives: this.activeCount });
  }

  private stepDown(i: number, heard: number, now: number): void {
    this.seam.stopSending(i);
    this.state[i] = "standby";
    this.lastHeard[i] = heard;
    this.reported[i] = false;
    this.changeActives(-1, now);
    this.seam.watch(i, heard, now);
    if (now >= this.ctx.warmupS) this.tally.stepDowns++;
    this.record(now, "step-down", "higher-priority-active", { process: this.id(i), heard: this.id(heard) });
  }

  private changeActives(delta: number, now: number): void {
    this.activeCount += delta;
    this.service.set(this.activeCount > 0, now);
    this.serving.set(this.activeCount > 0, now);
    this.splitBrain.set(this.activeCount >= 2, now);
  }

  private id(i: number): string {
    return this.wiring.processors[i]!.id;
  }

  private record(now: number, event: string, cause: string, detail: Record<string, string | number | boolean | null>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.name, event, cause, detail);
  }

  finish(): Record<string, MechanismMetric> {
    const now = this.ctx.sim.now;
    const windowS = this.ctx.horizonS - this.ctx.warmupS;
    const t = this.tally;
    const metrics: Record<string, MechanismMetric> = {
      availability: { value: this.serving.totalS(now) / windowS, unit: "fraction" },
      takeovers: { value: t.takeovers, unit: "count" },
      false_takeovers: { value: t.falseTakeovers, unit: "count" },
      self_reported: { value: t.selfReported, unit: "count" },
      failbacks: { value: t.failbacks, unit: "count" },
      step_downs: { value: t.stepDowns, unit: "count" },
      split_brain_s: { value: this.splitBrain.totalS(now), unit: "s" },
    };
    // Undefined, not 0, in a replication without a detected failure (like mttr_s without outages).
    putMean(metrics, "detection_latency_s", this.detectionLatency, "s");
    return metrics;
  }
}

/**
 * Position in line of process m behind the active s it last heard (s
 * undefined: behind no one): how many other processes of higher priority
 * than m there are, s excluded. The first in line has position 0 and the
 * plain timeout; each further position adds one skew.
 */
function linePosition(m: number, s: number | undefined): number {
  return s !== undefined && s < m ? m - 1 : m;
}

/** The processors of `processes`, in priority order, each with the path of the reference that named it. */
function resolveProcessors(ctx: MechanismContext, config: RasFallbackConfig): { processors: Processor[]; paths: (string | number)[][] } {
  const refs = typeof config.processes === "string" ? [config.processes] : config.processes;
  const pathOf = (i: number) => (typeof config.processes === "string" ? ["processes"] : ["processes", i]);
  const processors: Processor[] = [];
  const paths: (string | number)[][] = [];
  refs.forEach((ref, i) => {
    for (const c of ctx.inventory.resolve(ref, pathOf(i))) {
      if (!(c instanceof Processor)) {
        throw new ModelReferenceError(`"${ref}" names ${c.id}, a ${c.kind}; a RAS process runs on a processor (kind: processor)`, pathOf(i));
      }
      if (processors.includes(c)) throw new ModelReferenceError(`${c.id} is listed twice; each processor runs one RAS process`, pathOf(i));
      processors.push(c);
      paths.push(pathOf(i));
    }
  });
  if (processors.length < 2) {
    throw new ModelReferenceError(`ras-fallback needs at least two processes (one active, one standby), got ${processors.length}`, ["processes"]);
  }
  return { processors, paths };
}

/** The first standby's timeout: `timeout`, or `missed` periods (default 5). */
function timeoutOf(config: RasFallbackConfig): number {
  if (config.timeout !== undefined && config.missed !== undefined) {
    throw new ModelReferenceError(`give either missed (${config.missed} beats) or timeout (${config.timeout} s), not both`, ["timeout"]);
  }
  if (config.timeout === undefined) return (config.missed ?? DEFAULT_MISSED) * config.period;
  if (config.timeout < config.period) {
    throw new ModelReferenceError(
      `the timeout (${config.timeout} s) is shorter than the heartbeat period (${config.period} s), so the standby would take over between two beats that arrive on time; expected a timeout ≥ the period (or missed: k)`,
      ["timeout"],
    );
  }
  return config.timeout;
}

export const rasFallback: MechanismDefinition<RasFallbackConfig> = {
  type: "ras-fallback",
  summary: "RAS processes on independent processors: heartbeats every T, the next in line takes over after k missed beats or a failure report; split brain on lost beats",
  configSchema: rasFallbackConfig,
  metrics: [
    { name: "availability", unit: "fraction", description: "fraction of the window with at least one process active (the RAS service's own availability)" },
    { name: "detection_latency_s", unit: "s", description: "mean time from the failure of an active process to its first detection by a standby, over detections in the window (absent in a replication without one); pooled over events across replications, quantiles over events" },
    { name: "takeovers", unit: "count", description: "standbys that decided to take over (timeout or failure report) in the window, false ones included", direction: "none" },
    { name: "false_takeovers", unit: "count", description: "takeovers decided in the window while the active the standby followed was alive (its beats were lost or cut off) and some process was active", direction: "lower-is-better" },
    { name: "self_reported", unit: "count", description: "takeovers in the window triggered by a failure report rather than a timeout", direction: "none" },
    { name: "failbacks", unit: "count", description: "takeovers in the window by a standby that heard a lower-priority active (return: preempt): a returned process taking its role back, or a standby during a split brain", direction: "none" },
    { name: "step_downs", unit: "count", description: "active processes that stood down on hearing a higher-priority active (end of a split brain or of a failback) in the window", direction: "none" },
    { name: "split_brain_s", unit: "s", description: "time in the window with two or more processes active", direction: "lower-is-better" },
  ],
  build(ctx, name, config) {
    const { processors, paths } = resolveProcessors(ctx, config);
    const network = resolveNetwork(ctx.networks, config.network, ["network"]);
    const nodes = processors.map((p, i) => {
      const node = network.nodeFor(p);
      if (node === undefined) {
        throw new ModelReferenceError(
          `${p.id} cannot reach network "${config.network}": neither it nor a container of it (its host) is joined by a link of that network; add a link with connects: [${p.id}, ...] and network: ${config.network}`,
          paths[i]!,
        );
      }
      return node;
    });
    const timeoutS = timeoutOf(config);
    const skewS = config.skew ?? config.period;
    return new RasFallback(ctx, name, { processors, nodes, network, timeoutS, skewS }, config);
  },
};
