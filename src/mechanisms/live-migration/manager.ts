import type { EventHandle } from "../../engine/event-queue.js";
import { drawer } from "../../engine/distributions.js";
import type { RandomStream } from "../../engine/random.js";
import type { Network, TransferFailure } from "../../hardware/network.js";
import type { CorrectableErrorEvent, UncorrectableErrorEvent } from "../../hardware/memory.js";
import { StatusSignal } from "../../hardware/status.js";
import { MeanTally, putMean } from "../mean-tally.js";
import type { MechanismContext, MechanismInstance, MechanismMetric } from "../mechanism.js";
import type { LiveMigrationConfig } from "./config.js";
import { HYPERVISOR, type HostState, type Vm } from "./fleet.js";
import { PreCopyMigration, type MigrationSummary, type PreCopyParams } from "./precopy.js";

/** The wired fleet: hosts with their memory maps, VMs placed on them, the network between. */
export interface Fleet {
  readonly hosts: readonly HostState[];
  readonly vms: readonly Vm[];
  readonly network: Network;
  readonly pageBytes: number;
}

/**
 * The VM manager of a fleet of hosts (docs/mechanisms/live-migration.md).
 *
 * It hears what a hypervisor hears: the machine-check signal of each
 * uncorrectable error (the DIMM's report, with the page), the correctable
 * error reports, a guest that dies; a host that stops is noticed
 * `detection` later (its heartbeats stop). It never reads a host's state to
 * decide: the hardware's truth only decides what happens to the VMs (a VM on
 * a host that is down is down).
 */
export class LiveMigrationManager implements MechanismInstance {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly vmsById = new Map<string, Vm>();
  private downVms = 0;
  /** Crashed VMs with no host to restart on yet. */
  private readonly homeless: Vm[] = [];
  /** A retry of placement when the next quarantine or suspicion ends. */
  private retryEvent: EventHandle | undefined;
  private readonly kernelStream: RandomStream;
  private readonly drawMaintenance: () => number;
  private readonly drawReboot: () => number;
  private readonly drawRestart: () => number;

  private ues = 0;
  private ueContained = 0;
  private vmsLost = 0;
  private hostCrashes = 0;
  private evacuations = 0;
  private interrupted = 0;
  private wastedBytes = 0;
  private migrations = 0;
  private readonly blackout = new MeanTally();
  private readonly migrationTime = new MeanTally();
  private readonly migrationBytes = new MeanTally();
  private readonly rounds = new MeanTally();

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly config: LiveMigrationConfig,
    private readonly fleet: Fleet,
  ) {
    this.service = new StatusSignal(name, true);
    this.services = { [name]: this.service };
    for (const vm of fleet.vms) this.vmsById.set(vm.id, vm);
    const { streams } = ctx;
    this.kernelStream = streams.stream(`${name}/kernel`);
    this.drawMaintenance = drawer(config.maintenance, () => streams.stream(`${name}/maintenance`));
    this.drawReboot = drawer(config.host_reboot, () => streams.stream(`${name}/reboot`));
    this.drawRestart = drawer(config.vm_restart, () => streams.stream(`${name}/restart`));
    for (const hs of fleet.hosts) {
      hs.host.onChange((up, now) => (up ? this.hostBack(hs, now) : this.hostStopped(hs, now)));
      for (const dimm of hs.dimms) {
        dimm.onUncorrectable((e) => this.uncorrectable(hs, e));
        if (config.policy === "proactive") dimm.onCorrectable((e) => this.correctable(hs, e));
      }
    }
  }

  // ---- signals ----

  /** The machine-check signal of an uncorrectable error, with its address. */
  private uncorrectable(hs: HostState, e: UncorrectableErrorEvent): void {
    const now = e.now;
    if (!hs.running) return; // the hypervisor is rebooting: nobody handles the signal
    if (now >= this.ctx.warmupS) this.ues++;
    hs.lastUeAt = now;
    this.record(now, hs.id, "ue-signalled", "machine check", { dimm: e.dimm.id, page: e.page });
    if (e.retired) {
      // Poisoned before: its contents were already gone; nothing more is lost.
      this.contained(hs, now, "poisoned before", undefined);
      return;
    }
    const owner = hs.ownerOf(e.dimm, e.page);
    e.dimm.retirePage(e.page, now);
    // A new UE ends the migrations out of this host in progress (the copy read a bad page or the host is failing).
    for (const vm of [...hs.resident]) if (vm.host === hs && vm.migration !== undefined) this.endMigration(vm, now, "ue on source", false);
    if (owner === HYPERVISOR) {
      this.hypervisorCrash(hs, now);
      return;
    }
    const vm = owner === undefined ? undefined : this.vmsById.get(owner);
    if (vm === undefined) this.contained(hs, now, "free page", undefined);
    else if (vm.host !== hs) {
      // The page was reserved for a VM migrating in: that copy is abandoned; the VM runs on at its source.
      if (vm.migration !== undefined) this.endMigration(vm, now, "ue on target", true);
      this.contained(hs, now, "incoming copy", vm.id);
    } else if (this.kernelStream.next() < this.config.kernel_fraction) {
      this.record(now, hs.id, "vm-crash", "ue in guest kernel", { vm: vm.id });
      this.vmDied(vm, now, "ue in guest kernel");
      this.restart(vm, now);
    } else {
      this.contained(hs, now, "vm page poisoned", vm.id);
    }
    if (this.config.policy !== "none") this.evacuate(hs, now, "ue");
    else this.pump(hs, now);
  }

  /** A correctable-error report (proactive policy): the DIMM's CE count in the window against the threshold. */
  private correctable(hs: HostState, e: CorrectableErrorEvent): void {
    if (!hs.running || hs.drained) return;
    const count = e.dimm.ceCountIn(e.now, this.config.ce_window);
    if (count < this.config.ce_threshold) return;
    // A host with nothing on it has nothing to evacuate; placement keeps VMs off it while it is over the threshold.
    if (!this.fleet.vms.some((vm) => vm.host === hs && vm.state !== "down")) return;
    this.record(e.now, hs.id, "ce-threshold", "predicted failure", { dimm: e.dimm.id, ce: count });
    this.evacuate(hs, e.now, "ce threshold");
  }

  private contained(hs: HostState, now: number, cause: string, vm: string | undefined): void {
    if (now >= this.ctx.warmupS) this.ueContained++;
    this.record(now, hs.id, "contained", cause, vm === undefined ? undefined : { vm });
  }

  // ---- crashes ----

  /** A UE in a hypervisor page: the host crashes with every VM on it, and reboots. */
  private hypervisorCrash(hs: HostState, now: number): void {
    hs.running = false;
    if (now >= this.ctx.warmupS) this.hostCrashes++;
    this.record(now, hs.id, "host-crash", "ue in hypervisor page");
    this.killResidents(hs, now, "host crash");
    this.noticeLoss(hs);
    this.ctx.sim.schedule(this.drawReboot(), () => {
      const at = this.ctx.sim.now;
      if (!hs.host.up) return; // the hardware went down meanwhile: it comes back with the repair
      hs.running = true;
      hs.lost = false;
      this.record(at, hs.id, "rebooted", "hypervisor up");
      this.retryWaiting(at);
    });
  }

  /** The hardware stopped (a fault, a container down): every VM on it stops now; the manager notices `detection` later. */
  private hostStopped(hs: HostState, now: number): void {
    if (!hs.running) return; // already down as far as the VMs go (a hypervisor crash)
    hs.running = false;
    if (now >= this.ctx.warmupS) this.hostCrashes++;
    this.record(now, hs.id, "host-crash", hs.host.lastCause);
    for (const vm of hs.resident) {
      if (vm.host !== hs || vm.state === "down") continue;
      // A migration out of it fails by the network (the source is down); the VM is lost.
      this.ctx.sim.cancel(vm.boot);
      vm.boot = undefined;
      this.vmDied(vm, now, "host down");
    }
    this.noticeLoss(hs);
  }

  /**
   * The manager notices a stopped host `detection` after its latest stop (a
   * host down again before that restarts the wait: one timer per host) and
   * restarts its dead VMs elsewhere; a host already back by then is not
   * marked lost.
   */
  private noticeLoss(hs: HostState): void {
    this.ctx.sim.cancel(hs.detection);
    hs.detection = this.ctx.sim.schedule(this.config.detection, () => {
      hs.detection = undefined;
      const at = this.ctx.sim.now;
      if (!hs.running) {
        hs.lost = true;
        this.record(at, hs.id, "host-lost", "heartbeats stopped");
      }
      this.restartDeadOf(hs, at);
    });
  }

  private hostBack(hs: HostState, now: number): void {
    hs.lost = false;
    if (hs.running) return;
    hs.running = true;
    hs.queue.length = 0;
    this.record(now, hs.id, "host-back", "repaired");
    this.retryWaiting(now);
  }

  /** Every VM on `hs` dies; migrations into it are abandoned (their VMs run on at their sources). */
  private killResidents(hs: HostState, now: number, cause: string): void {
    hs.queue.length = 0;
    for (const vm of [...hs.resident]) {
      if (vm.host === hs) {
        if (vm.migration !== undefined) this.endMigration(vm, now, cause, false);
        this.ctx.sim.cancel(vm.boot);
        vm.boot = undefined;
        this.vmDied(vm, now, cause);
      } else if (vm.migration !== undefined) {
        this.endMigration(vm, now, "target crashed", false);
      }
    }
  }

  /** The VM stops running (crashed, or its host stopped): counted as lost once. */
  private vmDied(vm: Vm, now: number, cause: string): void {
    if (vm.state === "down") return;
    this.ctx.sim.cancel(vm.boot);
    vm.boot = undefined;
    vm.state = "down";
    if (now >= this.ctx.warmupS) this.vmsLost++;
    this.markDown(vm, now, cause);
  }

  /** Restarts the dead VMs that were on `hs` on other hosts. */
  private restartDeadOf(hs: HostState, now: number): void {
    for (const vm of [...hs.resident]) if (vm.host === hs && vm.state === "down") this.restart(vm, now);
  }

  /** Boots a dead VM on another host (not its old one), or waits for room. */
  private restart(vm: Vm, now: number): void {
    const old = vm.host;
    const target = this.reserve(vm, old, now) ?? this.reserve(vm, old, now, 1) ?? this.reserve(vm, old, now, 2);
    if (target === undefined) {
      if (!this.homeless.includes(vm)) this.homeless.push(vm);
      this.record(now, vm.id, "no-target", "no host with room");
      this.retryLater(now);
      return;
    }
    if (old !== undefined) {
      old.release(vm.id, now);
      old.resident.delete(vm);
    }
    vm.host = target;
    vm.state = "booting";
    this.record(now, vm.id, "restart", "crashed", { host: target.id });
    vm.boot = this.ctx.sim.schedule(this.drawRestart(), () => {
      vm.boot = undefined;
      const at = this.ctx.sim.now;
      if (!target.running) {
        // The new host stopped before it was noticed: the boot failed; try another.
        vm.state = "down";
        target.avoidUntil = at + this.config.detection;
        this.restart(vm, at);
        return;
      }
      vm.state = "running";
      this.markUp(vm, at, "booted");
      this.pumpIfDrained(target, at);
    });
    if (old !== undefined) this.afterLeaving(old, now);
  }

  // ---- evacuation ----

  /** Takes `hs` out of service and migrates its VMs away; it returns after its maintenance, once empty. */
  private evacuate(hs: HostState, now: number, cause: string): void {
    if (hs.drained) return;
    hs.drained = true;
    hs.maintenanceOver = false;
    if (now >= this.ctx.warmupS) this.evacuations++;
    this.record(now, hs.id, "evacuate", cause);
    hs.queue.length = 0;
    for (const vm of this.fleet.vms) if (vm.host === hs && vm.state === "running" && vm.migration === undefined) hs.queue.push(vm);
    hs.maintenance = this.ctx.sim.schedule(this.drawMaintenance(), () => {
      hs.maintenance = undefined;
      hs.maintenanceOver = true;
      this.tryReturn(hs, this.ctx.sim.now);
    });
    this.pump(hs, now);
  }

  /** Starts queued migrations out of `hs`, up to the concurrency limit. */
  private pump(hs: HostState, now: number): void {
    if (!hs.running) return;
    while (hs.outgoing < this.config.concurrent_migrations && hs.queue.length > 0) {
      const vm = hs.queue[0]!;
      if (vm.host !== hs || vm.state !== "running" || vm.migration !== undefined) {
        hs.queue.shift();
        continue;
      }
      const target = this.reserve(vm, hs, now);
      if (target === undefined) {
        this.record(now, vm.id, "no-target", "no host with room");
        this.retryLater(now);
        return; // retried when room appears
      }
      hs.queue.shift();
      this.startMigration(vm, hs, target, now);
    }
  }

  private pumpIfDrained(hs: HostState, now: number): void {
    if (hs.drained) {
      for (const vm of this.fleet.vms) if (vm.host === hs && vm.state === "running" && !hs.queue.includes(vm)) hs.queue.push(vm);
      this.pump(hs, now);
    }
  }

  /**
   * Placement: the host with the most free memory that is not known to be
   * down, in service, not `exclude`, without a UE in the last
   * `ue_quarantine`, not over the CE threshold (`proactive`), and not
   * suspected after a failed request; its pages are reserved for `vm`.
   * A crashed VM is better anywhere than nowhere: for a restart (`relax`
   * 1) a quarantined or over-threshold host is taken when no other is,
   * and then (2) a drained one, which evacuates it again once it runs.
   */
  private reserve(vm: Vm, exclude: HostState | undefined, now: number, relax = 0): HostState | undefined {
    const candidates = this.fleet.hosts.filter(
      (h) =>
        h !== exclude &&
        !h.lost &&
        (relax >= 2 || !h.drained) &&
        (relax >= 1 || (h.lastUeAt + this.config.ue_quarantine <= now && !this.overCeThreshold(h, now))) &&
        h.avoidUntil <= now &&
        h.freePages() >= vm.pages,
    );
    candidates.sort((a, b) => b.freePages() - a.freePages() || a.index - b.index);
    for (const h of candidates) {
      if (!h.running) {
        // A host that is down, not yet noticed, refuses the request (the connection's timeout is not modelled).
        h.avoidUntil = now + this.config.detection;
        continue;
      }
      if (h.allocate(vm.id, vm.pages, now)) {
        h.resident.add(vm);
        return h;
      }
    }
    return undefined;
  }

  /**
   * Placement failed: try again when a host's quarantine or suspicion ends
   * (the other ways room appears, a host returning or a VM leaving, retry by themselves).
   */
  private retryLater(now: number): void {
    let next = Infinity;
    for (const h of this.fleet.hosts) {
      const quarantineEnd = h.lastUeAt + this.config.ue_quarantine;
      if (quarantineEnd > now) next = Math.min(next, quarantineEnd);
      if (h.avoidUntil > now) next = Math.min(next, h.avoidUntil);
    }
    if (next === Infinity || (this.ctx.sim.timeOf(this.retryEvent) ?? Infinity) <= next) return;
    this.ctx.sim.cancel(this.retryEvent);
    this.retryEvent = this.ctx.sim.scheduleAt(next, () => {
      this.retryEvent = undefined;
      this.retryWaiting(this.ctx.sim.now);
    });
  }

  /** `proactive`: a DIMM of `hs` has reported `ce_threshold` CEs within `ce_window` (the CE log a predictor reads). */
  private overCeThreshold(hs: HostState, now: number): boolean {
    if (this.config.policy !== "proactive") return false;
    return hs.dimms.some((d) => d.ceCountIn(now, this.config.ce_window) >= this.config.ce_threshold);
  }

  private startMigration(vm: Vm, source: HostState, target: HostState, now: number): void {
    const c = this.config;
    const params: PreCopyParams = {
      memoryBytes: vm.pages * this.fleet.pageBytes,
      pageBytes: this.fleet.pageBytes,
      dirtyRateBytesPerS: vm.dirtyRateBytesPerS,
      maxRounds: c.max_rounds,
      maxDataFactor: c.max_data_factor,
      stopThresholdBytes: c.stop_threshold,
      maxDowntimeS: c.max_downtime,
      resumeS: c.resume,
    };
    source.outgoing++;
    vm.target = target;
    this.record(now, vm.id, "migrate-start", `${source.id} → ${target.id}`, { from: source.id, to: target.id });
    vm.migration = new PreCopyMigration(this.ctx.sim, this.fleet.network, source.host, target.host, params, {
      round: (at, index, bytes) => this.record(at, vm.id, "precopy-round", `round ${index}`, { round: index, bytes }),
      paused: (at, bytes, reason) => {
        vm.state = "paused";
        this.markDown(vm, at, "stop-and-copy");
        this.record(at, vm.id, "stop-and-copy", reason, { bytes });
      },
      done: (at, summary) => this.migrated(vm, source, target, summary, at),
      failed: (at, reason) => this.migrationFailed(vm, at, reason),
    });
    vm.migration.start();
  }

  private migrated(vm: Vm, source: HostState, target: HostState, s: MigrationSummary, now: number): void {
    if (!target.running) {
      // The target stopped during the resume, after the last byte: the VM never ran there.
      this.endMigration(vm, now, "target down", true, true);
      return;
    }
    source.outgoing--;
    source.release(vm.id, now);
    source.resident.delete(vm);
    vm.host = target;
    vm.target = undefined;
    vm.migration = undefined;
    vm.state = "running";
    this.markUp(vm, now, "migrated");
    if (s.startedAt >= this.ctx.warmupS) {
      this.migrations++;
      const blackout = now - s.pausedAt!;
      this.blackout.add(blackout);
      this.migrationTime.add(now - s.startedAt);
      this.migrationBytes.add(s.bytes);
      this.rounds.add(s.rounds);
    }
    this.record(now, vm.id, "migrated", s.stopReason ?? "converged", { to: target.id, rounds: s.rounds, bytes: s.bytes, blackout_s: now - s.pausedAt! });
    this.pumpIfDrained(target, now);
    this.afterLeaving(source, now);
    this.pump(source, now);
  }

  private migrationFailed(vm: Vm, now: number, reason: TransferFailure): void {
    this.endMigration(vm, now, reason, true, true);
  }

  /**
   * Ends `vm`'s migration in progress: counted as interrupted with the bytes
   * it wasted, the target's reservation freed. A VM paused for its
   * stop-and-copy runs on at the source if the source still runs. When the
   * migration software on the source is alive, the VM is queued again (a
   * target that failed a transfer is avoided until a detection time has passed).
   */
  private endMigration(vm: Vm, now: number, cause: string, avoidTarget: boolean, byNetwork = false): void {
    const migration = vm.migration!;
    const source = vm.host!;
    const target = vm.target!;
    if (migration.summary.startedAt >= this.ctx.warmupS) {
      this.interrupted++;
      this.wastedBytes += migration.bytesSent();
    }
    if (!byNetwork) migration.cancel();
    vm.migration = undefined;
    vm.target = undefined;
    source.outgoing--;
    target.release(vm.id, now);
    target.resident.delete(vm);
    if (avoidTarget) target.avoidUntil = now + this.config.detection;
    this.record(now, vm.id, "migration-interrupted", cause, { to: target.id });
    const sourceAlive = source.running && source.host.up;
    if (vm.state === "paused") {
      if (sourceAlive) {
        vm.state = "running";
        this.markUp(vm, now, "resumed on source");
      } else this.vmDied(vm, now, "source down");
    }
    if (sourceAlive && vm.state === "running" && source.drained) {
      source.queue.unshift(vm);
      // Not from inside a UE's handling or a cancellation: at this instant, after it.
      this.ctx.sim.schedule(0, () => this.pump(source, this.ctx.sim.now));
    }
    if (byNetwork) this.retryWaiting(now);
  }

  /** A VM left `hs` (migrated or restarted elsewhere): room appeared there, and it may be ready to return. */
  private afterLeaving(hs: HostState, now: number): void {
    this.tryReturn(hs, now);
    this.retryWaiting(now);
  }

  private tryReturn(hs: HostState, now: number): void {
    if (!hs.drained || !hs.maintenanceOver) return;
    for (const vm of hs.resident) if (vm.host === hs) return;
    hs.drained = false;
    this.record(now, hs.id, "in-service", "maintenance done");
    this.retryWaiting(now);
  }

  /** Room may have appeared: restart homeless VMs, resume evacuations waiting for a target. */
  private retryWaiting(now: number): void {
    if (this.homeless.length > 0) {
      for (const vm of this.homeless.splice(0)) if (vm.state === "down") this.restart(vm, now);
    }
    for (const hs of this.fleet.hosts) if (hs.drained && hs.queue.length > 0 && hs.outgoing < this.config.concurrent_migrations) this.pump(hs, now);
  }

  // ---- accounting ----

  private markDown(vm: Vm, now: number, cause: string): void {
    if (vm.down.on) return;
    vm.down.set(true, now);
    this.downVms++;
    this.service.set(false, now);
    this.record(now, vm.id, "down", cause);
  }

  private markUp(vm: Vm, now: number, cause: string): void {
    if (!vm.down.on) return;
    vm.down.set(false, now);
    this.downVms--;
    if (this.downVms === 0) this.service.set(true, now);
    this.record(now, vm.id, "up", cause);
  }

  private record(now: number, row: string, event: string, cause: string, detail?: Record<string, string | number>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, `${this.name}/${row}`, event, cause, detail);
  }

  finish(): Record<string, MechanismMetric> {
    const { warmupS, horizonS } = this.ctx;
    const window = horizonS - warmupS;
    let downS = 0;
    for (const vm of this.fleet.vms) downS += vm.down.totalS(horizonS);
    const metrics: Record<string, MechanismMetric> = {
      vm_availability: { value: window > 0 ? 1 - downS / (this.fleet.vms.length * window) : 1, unit: "fraction" },
      vms_lost: { value: this.vmsLost, unit: "count" },
      host_crashes: { value: this.hostCrashes, unit: "count" },
      ues: { value: this.ues, unit: "count" },
      ue_contained: { value: this.ueContained, unit: "count" },
      evacuations: { value: this.evacuations, unit: "count" },
      migrations: { value: this.migrations, unit: "count" },
      migrations_interrupted: { value: this.interrupted, unit: "count" },
      wasted_bytes: { value: this.wastedBytes, unit: "bytes" },
    };
    putMean(metrics, "blackout_s", this.blackout, "s");
    putMean(metrics, "migration_time_s", this.migrationTime, "s");
    putMean(metrics, "migration_bytes", this.migrationBytes, "bytes");
    putMean(metrics, "rounds", this.rounds, "count");
    return metrics;
  }
}
