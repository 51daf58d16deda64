import type { EventHandle } from "../../engine/event-queue.js";
import type { TransferHandle } from "../../hardware/network.js";
import type { PrecursorSignal, WorkHandle } from "../../hardware/processor.js";
import { StatusSignal } from "../../hardware/status.js";
import { MeanTally } from "../mean-tally.js";
import type { MechanismContext, MechanismInstance, MechanismMetric } from "../mechanism.js";
import type { CheckpointConfig } from "./config.js";
import { moveImages, type ImageIoHandle, type ImagePart } from "./image-io.js";
import { dalyInterval, youngInterval } from "./interval.js";
import { jobMetrics } from "./results.js";
import type { JobWiring, NodeRec, Phase, Recovery, Slot } from "./state.js";

export type { JobWiring } from "./state.js";

/** Work below this (s) is no work: guards the last segment against rounding. */
const EPS = 1e-9;

/**
 * A distributed job with coordinated checkpoints, restarts, windowed
 * message logging and process migration (docs/mechanisms/checkpoint.md).
 * One state machine over the job's phases: every transition reads and
 * writes the same few fields (age, recovery, the slots' nodes), so it stays
 * in one file; its types are in state.ts, its metrics in results.ts.
 */
export class CheckpointJob implements MechanismInstance {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly nodes: NodeRec[] = [];
  private readonly slots: Slot[];
  private readonly processes: number;
  private phase: Phase = "stalled";
  /** Work (s) saved by the last complete checkpoint. */
  private committed = 0;
  /** Work (s) done since the last checkpoint by the processes that did not roll back. */
  private age = 0;
  /** The age at which the next checkpoint starts. */
  private checkpointAt = 0;
  private lastCheckpointEnd = 0;
  private deltaS: number;
  private recovery: Recovery | undefined;
  private work: { handles: WorkHandle[]; length: number; pending: number } | undefined;
  private io: ImageIoHandle | undefined;
  private timer: EventHandle | undefined;
  private migration: { slot: Slot; from: NodeRec; to: NodeRec; transfer: TransferHandle | undefined } | undefined;
  private phaseStart = 0;
  private pendingPrecursor: NodeRec | undefined;
  private completedAt: number | undefined;
  private readonly count = { failures: 0, checkpoints: 0, checkpointFailures: 0, restarts: 0, migrations: 0, logReplays: 0, fullRollbacks: 0 };
  private lostWork = 0;
  private checkpointTime = 0;
  private readonly intervals = new MeanTally();
  private readonly durations = new MeanTally();

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly config: CheckpointConfig,
    private readonly wiring: JobWiring,
  ) {
    this.service = new StatusSignal(name, true);
    this.services = { [name]: this.service };
    this.deltaS = wiring.deltaEstimateS;
    this.slots = wiring.slots.map((s, index) => ({ index, procs: s.procs, disk: s.disk, node: undefined }));
    this.processes = this.slots.reduce((a, s) => a + s.procs, 0);
    for (const proc of [...wiring.nodes, ...wiring.spares]) {
      const node: NodeRec = { proc, slot: undefined, up: true, suspect: false, retiring: false, reserved: false };
      this.nodes.push(node);
      proc.onChange((up, now) => (up ? this.nodeUp(node, now) : this.nodeDown(node, now)));
      proc.onPrecursor((signal) => this.precursor(node, signal));
    }
    this.slots.forEach((slot, i) => this.assign(slot, this.nodes[i]!));
    ctx.sim.schedule(0, () => {
      this.record(0, "job-start", "start", { processes: this.processes, work_s: config.work });
      this.newInterval(0);
      this.startSegment(0);
    });
  }

  // ---- bookkeeping ----

  private record(now: number, event: string, cause: string, detail?: Record<string, string | number | boolean | null>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.name, event, cause, detail);
  }

  private setPhase(phase: Phase, now: number): void {
    this.phase = phase;
    this.phaseStart = now;
    this.service.set(phase === "compute" || phase === "checkpoint" || phase === "done", now);
  }

  private assign(slot: Slot, node: NodeRec): void {
    slot.node = node;
    node.slot = slot;
  }

  /** The platform MTBF the interval policy uses now. */
  private mtbf(now: number): number {
    if (this.config.interval === "adaptive" && this.count.failures > 0) return now / this.count.failures;
    return this.config.mtbf ?? this.wiring.mtbfS;
  }

  /** Starts a checkpoint interval: τ from the policy, with δ the last measured checkpoint. */
  private newInterval(now: number): void {
    const c = this.config;
    const m = this.mtbf(now);
    const tau =
      c.interval === "fixed"
        ? c.tau!
        : m === Infinity
          ? c.work
          : c.interval === "young"
            ? youngInterval(this.deltaS, m)
            : dalyInterval(this.deltaS, m);
    this.intervals.add(tau);
    this.checkpointAt = this.age + tau;
  }

  private parts(slots: Iterable<Slot>): ImagePart[] {
    const out: ImagePart[] = [];
    for (const s of slots) out.push({ node: s.node!.proc, disk: s.disk, bytes: s.procs * this.config.state_per_process });
    return out;
  }

  // ---- computing and checkpointing ----

  private startSegment(now: number): void {
    if (this.pendingPrecursor !== undefined) {
      const node = this.pendingPrecursor;
      this.pendingPrecursor = undefined;
      if (node.slot !== undefined && node.up && this.tryMigration(node, now)) return;
    }
    const left = this.config.work - this.committed - this.age;
    const length = Math.min(this.checkpointAt - this.age, left);
    if (length <= EPS * this.config.work) {
      this.startCheckpoint(now);
      return;
    }
    this.setPhase("compute", now);
    const work = { handles: [] as WorkHandle[], length, pending: this.slots.length };
    this.work = work;
    const handlers = {
      done: (at: number) => {
        if (this.work === work && --work.pending === 0) this.segmentDone(at);
      },
      // A lost node is seen through its status signal (nodeDown), not here.
      aborted: () => {},
    };
    for (const slot of this.slots) work.handles.push(slot.node!.proc.execute(length, handlers));
  }

  private segmentDone(now: number): void {
    this.age += this.work!.length;
    this.work = undefined;
    this.startSegment(now);
  }

  private startCheckpoint(now: number): void {
    this.setPhase("checkpoint", now);
    this.record(now, "checkpoint-start", "interval", { work_done_s: this.committed + this.age });
    this.io = moveImages("write", this.parts(this.slots), this.wiring.network, {
      done: (at) => this.checkpointDone(at),
      failed: (at, reason) => this.checkpointFailed(at, reason),
    });
  }

  private checkpointDone(now: number): void {
    this.io = undefined;
    const duration = now - this.phaseStart;
    this.checkpointTime += duration;
    this.deltaS = duration;
    this.durations.add(duration);
    this.count.checkpoints++;
    this.committed += this.age;
    this.age = 0;
    this.lastCheckpointEnd = now;
    this.record(now, "checkpoint-end", "written", { duration_s: duration, committed_s: this.committed });
    if (this.committed >= this.config.work * (1 - EPS)) {
      this.completedAt = now;
      this.setPhase("done", now);
      this.record(now, "job-done", "complete", { completion_s: now });
      return;
    }
    this.newInterval(now);
    this.startSegment(now);
  }

  /**
   * The storage failed the checkpoint: the job carries on from where it is
   * and tries again after another interval; the final checkpoint, with no
   * work left to do meanwhile, is retried after a detection period.
   */
  private checkpointFailed(now: number, reason: string): void {
    this.io = undefined;
    this.checkpointTime += now - this.phaseStart;
    this.count.checkpointFailures++;
    this.record(now, "checkpoint-failed", reason);
    if (this.committed + this.age >= this.config.work * (1 - EPS)) {
      this.setPhase("stalled", now);
      this.timer = this.ctx.sim.schedule(this.config.detection, () => {
        this.timer = undefined;
        this.startCheckpoint(this.ctx.sim.now);
      });
      return;
    }
    this.newInterval(now);
    this.startSegment(now);
  }

  // ---- failures ----

  /** Stops whatever the job is doing (its progress kept) and leaves it stalled. */
  private interrupt(now: number, cause: string): void {
    switch (this.phase) {
      case "compute": {
        const w = this.work!;
        let remaining = 0;
        for (const h of w.handles) remaining = Math.max(remaining, h.remainingWork(now));
        for (const h of w.handles) h.cancel();
        this.age += w.length - remaining;
        this.work = undefined;
        break;
      }
      case "checkpoint":
        this.io!.cancel();
        this.io = undefined;
        this.checkpointTime += now - this.phaseStart;
        this.record(now, "checkpoint-aborted", cause);
        break;
      case "restart":
      case "replay":
        this.io?.cancel();
        this.io = undefined;
        this.ctx.sim.cancel(this.timer);
        this.timer = undefined;
        this.record(now, `${this.phase}-interrupted`, cause);
        break;
      case "migrate":
        this.abortMigration(now, cause);
        break;
      case "stalled":
        // A final checkpoint waiting to be retried.
        this.ctx.sim.cancel(this.timer);
        this.timer = undefined;
        break;
      case "waiting":
      case "done":
        break;
    }
    if (this.phase !== "done") this.setPhase("stalled", now);
  }

  private nodeDown(node: NodeRec, now: number): void {
    node.up = false;
    if (node.reserved) {
      // The migration target died: the job goes on where it was; the announced failure will strike later.
      this.abortMigration(now, `${node.proc.id} down`);
      this.startSegment(now);
      return;
    }
    node.retiring = false;
    if (node.slot === undefined || this.phase === "done") return;
    // Down again before its missed heartbeats were noticed: the pending timeout declares it, once.
    if (node.suspect) return;
    this.interrupt(now, `${node.proc.id} down`);
    if (node.proc.reportsOwnFailure) {
      this.failed(node, now, "reported");
      return;
    }
    // A hang, a silent failure, its host down: the missed heartbeats tell.
    node.suspect = true;
    this.ctx.sim.schedule(this.config.detection, () => {
      node.suspect = false;
      if (node.slot === undefined || this.phase === "done") return;
      this.failed(node, this.ctx.sim.now, "heartbeat timeout");
    });
  }

  private nodeUp(node: NodeRec, now: number): void {
    node.up = true;
    if (this.phase === "waiting") this.proceed(now);
  }

  /** A node of the job is declared failed: its processes have died; decide the rollback and recover. */
  private failed(node: NodeRec, now: number, how: string): void {
    const slot = node.slot!;
    node.slot = undefined;
    slot.node = undefined;
    this.count.failures++;
    this.record(now, "failure", how, { node: node.proc.id, processes: slot.procs });
    const log = this.config.log;
    const covered = log !== undefined && now - this.lastCheckpointEnd <= log.window;
    const share = (k: number) => k / this.processes;
    const r = this.recovery;
    if (r === undefined) {
      if (covered) {
        this.recovery = { kind: "local", slots: new Set([slot]), age: this.age };
        this.rollback(now, "local", this.age * share(slot.procs), slot.procs);
      } else {
        this.fullRollback(now, this.age);
      }
    } else if (r.kind === "local") {
      if (covered) {
        if (!r.slots.has(slot)) {
          r.slots.add(slot);
          this.rollback(now, "local", r.age * share(slot.procs), slot.procs);
        }
      } else {
        let rolled = 0;
        for (const s of r.slots) rolled += s.procs;
        this.recovery = undefined;
        this.fullRollback(now, r.age * share(this.processes - rolled));
      }
    }
    this.proceed(now);
  }

  private rollback(now: number, kind: "local" | "full", lost: number, procs: number): void {
    this.lostWork += lost;
    if (kind === "local") this.count.logReplays++;
    else this.count.fullRollbacks++;
    this.record(now, "rollback", kind, { lost_work_s: lost, processes: procs });
  }

  private fullRollback(now: number, lost: number): void {
    this.recovery = { kind: "full", slots: new Set(this.slots), age: 0 };
    this.age = 0;
    this.rollback(now, "full", lost, this.processes);
  }

  /** Finds nodes for the slots that lost theirs, then restarts; without one, waits for a repair. */
  private proceed(now: number): void {
    if (this.recovery === undefined) return;
    for (const slot of this.slots) {
      if (slot.node !== undefined) continue;
      const spare = this.nodes.find((n) => n.slot === undefined && n.up && !n.retiring && !n.reserved && !n.suspect);
      if (spare === undefined) continue;
      this.assign(slot, spare);
    }
    if (this.slots.some((s) => s.node === undefined || !s.node.up || s.node.suspect)) {
      if (this.phase !== "waiting") this.record(now, "waiting", "no node to restart on");
      this.setPhase("waiting", now);
      return;
    }
    this.startRestart(now);
  }

  private startRestart(now: number): void {
    const r = this.recovery!;
    this.setPhase("restart", now);
    this.count.restarts++;
    this.record(now, "restart-start", r.kind, { processes: [...r.slots].reduce((a, s) => a + s.procs, 0) });
    this.io = moveImages("read", this.parts(r.slots), this.wiring.network, {
      done: () => {
        this.io = undefined;
        this.timer = this.ctx.sim.schedule(this.config.restart, () => this.restartDone(this.ctx.sim.now));
      },
      failed: (at, reason) => {
        // The images cannot be read now (storage down): try again after a detection period.
        this.io = undefined;
        this.record(at, "restart-failed", reason);
        this.timer = this.ctx.sim.schedule(this.config.detection, () => this.startRestart(this.ctx.sim.now));
      },
    });
  }

  private restartDone(now: number): void {
    this.timer = undefined;
    const r = this.recovery!;
    this.record(now, "restart-end", r.kind);
    if (r.kind === "full") {
      this.recovery = undefined;
      this.newInterval(now);
      this.startSegment(now);
      return;
    }
    const log = this.config.log!;
    let procs = 0;
    for (const s of r.slots) procs += s.procs;
    const volume = r.age * procs * log.message_rate;
    this.setPhase("replay", now);
    this.record(now, "replay-start", "logged messages", { bytes: volume, processes: procs });
    this.timer = this.ctx.sim.schedule(volume / log.replay_rate, () => {
      this.timer = undefined;
      this.recovery = undefined;
      this.record(this.ctx.sim.now, "replay-end", "replayed");
      this.startSegment(this.ctx.sim.now);
    });
  }

  // ---- migration on a precursor ----

  private precursor(node: NodeRec, signal: PrecursorSignal): void {
    if (!this.config.migrate || this.wiring.spares.length === 0 || node.slot === undefined) return;
    if (this.phase === "compute") this.tryMigration(node, signal.now);
    else if (this.phase === "checkpoint") this.pendingPrecursor = node;
    else this.record(signal.now, "precursor-ignored", `job ${this.phase}`, { node: node.proc.id });
  }

  private tryMigration(node: NodeRec, now: number): boolean {
    const to = this.nodes.find((n) => n.slot === undefined && n.up && !n.retiring && !n.reserved && !n.suspect);
    if (to === undefined) {
      this.record(now, "precursor-no-spare", "no idle spare", { node: node.proc.id });
      return false;
    }
    const slot = node.slot!;
    this.interrupt(now, `precursor of ${node.proc.id}`);
    this.setPhase("migrate", now);
    to.reserved = true;
    const m = { slot, from: node, to, transfer: undefined as TransferHandle | undefined };
    this.migration = m;
    this.record(now, "migration-start", "precursor", { from: node.proc.id, to: to.proc.id, processes: slot.procs });
    const network = this.wiring.network!;
    m.transfer = network.transfer(network.nodeFor(node.proc)!, network.nodeFor(to.proc)!, slot.procs * this.config.state_per_process, {
      done: (at) => {
        m.transfer = undefined;
        this.timer = this.ctx.sim.schedule(slot.procs * this.config.remap, () => this.migrationDone(this.ctx.sim.now));
        this.record(at, "remap-start", "state copied", { processes: slot.procs });
      },
      failed: (at, reason) => {
        m.transfer = undefined;
        this.abortMigration(at, `transfer ${reason}`);
        this.startSegment(at);
      },
    });
    return true;
  }

  private migrationDone(now: number): void {
    this.timer = undefined;
    const m = this.migration!;
    this.migration = undefined;
    m.to.reserved = false;
    m.from.slot = undefined;
    m.from.retiring = true;
    this.assign(m.slot, m.to);
    this.count.migrations++;
    this.record(now, "migration-end", "remapped", { from: m.from.proc.id, to: m.to.proc.id });
    this.startSegment(now);
  }

  private abortMigration(now: number, cause: string): void {
    const m = this.migration;
    if (m === undefined) return;
    m.transfer?.cancel();
    this.ctx.sim.cancel(this.timer);
    this.timer = undefined;
    m.to.reserved = false;
    this.migration = undefined;
    this.record(now, "migration-aborted", cause, { from: m.from.proc.id, to: m.to.proc.id });
    this.setPhase("stalled", now);
  }

  // ---- results ----

  finish(): Record<string, MechanismMetric> {
    return jobMetrics({
      config: this.config,
      wiring: this.wiring,
      horizonS: this.ctx.horizonS,
      completedAt: this.completedAt,
      workDone: this.committed + this.age,
      lostWork: this.lostWork,
      checkpointTime: this.checkpointTime,
      counts: this.count,
      intervals: this.intervals,
      durations: this.durations,
    });
  }
}
