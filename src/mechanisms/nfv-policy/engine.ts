import type { EventHandle } from "../../engine/event-queue.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext } from "../mechanism.js";
import { ChainAccounting, UtilizationMeter } from "./accounting.js";
import { PolicyAudit } from "./audit.js";
import type { Fleet, VnfInfo } from "./fleet.js";
import { chooseHost, admissible, PlacementView, type Policies } from "./policies.js";

/**
 * - `pending`: wanted, not placed (no admissible host yet: a shortfall);
 * - `deploying`: assigned to a host, being instantiated;
 * - `running`: serving on its host;
 * - `dead`: its host went down; the engine has not noticed yet, so it still
 *   holds its reservation;
 * - `gone`: retired, replaced or removed.
 */
type InstanceState = "pending" | "deploying" | "running" | "dead" | "gone";

export class Instance {
  state: InstanceState = "pending";
  host = -1;
  deploy: EventHandle | undefined;
  /** Restoring lost capacity: may use the headroom reserve. */
  recovery = false;
  /** Make before break: the instance this one replaces, retired once this one runs. */
  replaces: Instance | undefined;
  replacedBy: Instance | undefined;
  /** One of a surge's extra instances, removed when the surge ends. */
  surge = false;
  constructor(
    readonly vnf: VnfInfo,
    /** Creation order, unique within the entry: `<vnf>#<id>` in traces. */
    readonly id: number,
  ) {}
}

export interface EngineSettings {
  readonly policies: Policies;
  readonly rebalance: boolean;
  readonly drawDetection: () => number;
  readonly drawDeploy: () => number;
}

/**
 * The policy engine of one nfv-policy entry: it keeps each VNF's instances
 * deployed, re-places those lost with a host (seen after the detection
 * delay), drains degraded hosts, follows load surges, and reports capacity
 * shortfalls; the chains' ground-truth state is accounted on the side.
 */
export class NfvEngine {
  readonly service: StatusSignal;
  readonly view: PlacementView;
  readonly audit: PolicyAudit;
  readonly chains: ChainAccounting;
  readonly utilization: UtilizationMeter;
  /** Live (not gone) instances of each VNF, in creation order. */
  private readonly live: Instance[][];
  private readonly running: number[];
  /** Ground truth: running instances each VNF needs now (surges included). */
  private readonly required: number[];
  /** What the engine has been told of each host: seen up, seen degraded. */
  private readonly seenUp: boolean[];
  private readonly degraded: boolean[];
  /** Per host (and per surge source): the time of the last notice, so that notices keep their order. */
  private readonly lastNotice = new Map<string, number>();
  private nextId = 0;
  private reconcileScheduled = false;
  private inShortfall = false;
  private chainsDown = 0;
  deployActions = 0;
  shortfallEvents = 0;

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly fleet: Fleet,
    private readonly settings: EngineSettings,
  ) {
    this.view = new PlacementView(fleet);
    this.audit = new PolicyAudit(fleet, settings.policies);
    this.chains = new ChainAccounting(fleet.chains.length, ctx.warmupS, ctx.horizonS);
    this.utilization = new UtilizationMeter(ctx.warmupS, ctx.horizonS);
    this.live = fleet.vnfs.map(() => []);
    this.running = fleet.vnfs.map(() => 0);
    this.required = fleet.vnfs.map((v) => v.needed);
    this.seenUp = fleet.hosts.map(() => true);
    this.degraded = fleet.hosts.map(() => false);
    for (const h of fleet.hosts) if (h.component.up) this.utilization.change(0, 0, h.cpu);
    // The initial deployment is in place at time 0 (instances running, no deploy time).
    for (const vnf of fleet.vnfs) {
      for (let k = 0; k < vnf.instances; k++) {
        const inst = this.create(vnf);
        const h = chooseHost(this.view, settings.policies, vnf, false);
        if (h === undefined || !fleet.hosts[h]!.component.up) continue;
        this.reserve(inst, h, 0);
        inst.state = "running";
        this.running[vnf.index]!++;
        this.record(0, this.instanceId(inst), "placed", "initial deployment", { host: this.hostId(h) });
      }
    }
    for (let c = 0; c < fleet.chains.length; c++) this.chains.set(c, this.chainUp(c), 0);
    this.chainsDown = this.chains.up.filter((u) => !u).length;
    this.service = new StatusSignal(name, this.chainsDown === 0);
    fleet.hosts.forEach((host, h) => host.component.onChange((up, now) => (up ? this.hostBack(h, now) : this.hostLost(h, now))));
    if (this.live.some((list) => list.some((i) => i.state === "pending"))) this.scheduleReconcile();
  }

  // ---- ground truth ----

  private hostLost(h: number, now: number): void {
    this.utilization.change(now, -this.view.usedCpu[h]!, -this.fleet.hosts[h]!.cpu);
    for (const list of this.live) {
      for (const inst of list) {
        if (inst.host !== h || (inst.state !== "running" && inst.state !== "deploying")) continue;
        this.kill(inst);
      }
    }
    this.updateChains(now);
    this.notice(`host:${h}`, () => this.seenHost(h, false));
  }

  private hostBack(h: number, now: number): void {
    this.utilization.change(now, this.view.usedCpu[h]!, this.fleet.hosts[h]!.cpu);
    this.notice(`host:${h}`, () => this.seenHost(h, true));
  }

  private kill(inst: Instance): void {
    if (inst.state === "running") this.running[inst.vnf.index]!--;
    this.ctx.sim.cancel(inst.deploy);
    inst.deploy = undefined;
    inst.state = "dead";
  }

  /** A surge starts (+extra) or ends (−extra) now; the engine hears of it after the detection delay. */
  surge(vnf: VnfInfo, extra: number, source: string, now: number): void {
    this.required[vnf.index]! += extra;
    this.updateChains(now);
    this.notice(source, () => this.seenSurge(vnf, extra));
  }

  // ---- what the engine sees ----

  /** Runs `action` after a detection delay, never before the previous notice of the same source. */
  private notice(source: string, action: () => void): void {
    const at = Math.max(this.ctx.sim.now + this.settings.drawDetection(), this.lastNotice.get(source) ?? 0);
    this.lastNotice.set(source, at);
    this.ctx.sim.scheduleAt(at, action);
  }

  private seenHost(h: number, up: boolean): void {
    const now = this.ctx.sim.now;
    this.seenUp[h] = up;
    this.view.usable[h] = up && !this.degraded[h];
    this.record(now, `${this.name}.${this.hostId(h)}`, up ? "seen-up" : "seen-down", "status signal");
    if (!up) {
      for (const list of this.live) {
        for (const inst of [...list]) {
          if (inst.host !== h || inst.state !== "dead") continue;
          this.release(inst, now);
          if (inst.replacedBy !== undefined) {
            // Its replacement goes on, now as a restoration.
            inst.replacedBy.replaces = undefined;
            inst.replacedBy.recovery = true;
            this.drop(inst);
          } else {
            inst.state = "pending";
            inst.recovery = inst.replaces === undefined ? true : inst.recovery;
            this.record(now, this.instanceId(inst), "lost", `${this.hostId(h)} down`);
          }
        }
      }
    } else if (this.settings.rebalance) {
      this.rebalanceOnto(h, now);
    }
    this.scheduleReconcile();
  }

  /** The health probe's verdict on host h. */
  probed(h: number, degraded: boolean, now: number): void {
    if (degraded === this.degraded[h]) return;
    this.degraded[h] = degraded;
    this.view.usable[h] = this.seenUp[h]! && !degraded;
    this.record(now, `${this.name}.${this.hostId(h)}`, degraded ? "degraded" : "recovered", "health probe");
    for (const list of this.live) {
      for (const inst of [...list]) {
        if (inst.host !== h) continue;
        if (degraded && inst.replacedBy === undefined && (inst.state === "running" || inst.state === "deploying")) {
          const r = this.create(inst.vnf);
          r.replaces = inst;
          r.recovery = true;
          r.surge = inst.surge;
          inst.replacedBy = r;
        } else if (!degraded && inst.replacedBy !== undefined && inst.replacedBy.state === "pending") {
          this.drop(inst.replacedBy);
          inst.replacedBy = undefined;
        }
      }
    }
    if (!degraded && this.settings.rebalance) this.rebalanceOnto(h, now);
    this.scheduleReconcile();
  }

  private seenSurge(vnf: VnfInfo, extra: number): void {
    const now = this.ctx.sim.now;
    if (extra > 0) {
      for (let k = 0; k < extra; k++) this.create(vnf).surge = true;
      this.record(now, `${this.name}.${vnf.name}`, "surge", `+${extra} instances`);
    } else {
      const rank = (i: Instance) => ({ pending: 0, dead: 1, deploying: 2, running: 3, gone: 4 })[i.state];
      const extras = this.live[vnf.index]!.filter((i) => i.surge && i.replaces === undefined).sort((a, b) => rank(a) - rank(b) || b.id - a.id);
      for (const inst of extras.slice(0, -extra)) {
        if (inst.replacedBy !== undefined) this.retire(inst.replacedBy, now);
        this.retire(inst, now);
      }
      this.record(now, `${this.name}.${vnf.name}`, "surge-over", `${extra} instances`);
      this.updateChains(now);
    }
    this.scheduleReconcile();
  }

  // ---- decisions ----

  /** Placement waits until every notice of the current instant has been taken in (a rack's hosts one after the other). */
  private scheduleReconcile(): void {
    if (this.reconcileScheduled) return;
    this.reconcileScheduled = true;
    this.ctx.sim.schedule(0, () => {
      this.reconcileScheduled = false;
      this.reconcile(this.ctx.sim.now);
    });
  }

  private reconcile(now: number): void {
    const pending: Instance[] = [];
    for (const list of this.live) for (const inst of list) if (inst.state === "pending") pending.push(inst);
    let unplaced = 0;
    for (const inst of pending) {
      const h = chooseHost(this.view, this.settings.policies, inst.vnf, inst.recovery);
      if (h === undefined) {
        if (inst.replaces === undefined) unplaced++;
        continue;
      }
      this.startDeploy(inst, h, now);
    }
    if (unplaced > 0 && !this.inShortfall) {
      this.inShortfall = true;
      if (now >= this.ctx.warmupS && now < this.ctx.horizonS) this.shortfallEvents++;
      this.record(now, this.name, "shortfall", `${unplaced} instance(s) have no admissible host`, { unplaced });
    } else if (unplaced === 0 && this.inShortfall) {
      this.inShortfall = false;
      this.record(now, this.name, "shortfall-over", "every wanted instance placed");
    }
  }

  private startDeploy(inst: Instance, h: number, now: number): void {
    this.reserve(inst, h, now);
    inst.state = "deploying";
    if (now >= this.ctx.warmupS && now < this.ctx.horizonS) this.deployActions++;
    const durationS = this.settings.drawDeploy();
    this.record(now, this.instanceId(inst), "deploy", inst.replaces ? `replaces on ${this.hostId(inst.replaces.host)}` : inst.recovery ? "restore" : "scale", {
      host: this.hostId(h),
      deploy_s: durationS,
    });
    if (!this.fleet.hosts[h]!.component.up) {
      inst.state = "dead"; // sent to a host that is down but not yet seen so: lost with it
      return;
    }
    inst.deploy = this.ctx.sim.schedule(durationS, () => this.deployed(inst));
  }

  private deployed(inst: Instance): void {
    const now = this.ctx.sim.now;
    inst.deploy = undefined;
    inst.state = "running";
    this.running[inst.vnf.index]!++;
    this.record(now, this.instanceId(inst), "running", "deployed", { host: this.hostId(inst.host) });
    const old = inst.replaces;
    if (old !== undefined) {
      inst.replaces = undefined;
      this.retire(old, now);
    }
    this.updateChains(now);
    this.scheduleReconcile(); // retirements free room for pending instances
  }

  /**
   * Rebalance onto host r, seen usable again: move instances, one at a
   * time, from the host with the highest CPU share while the move leaves r
   * below that share (make before break: a replacement deployed on r).
   */
  private rebalanceOnto(r: number, now: number): void {
    if (!this.view.usable[r]) return;
    for (let moves = 0; moves < 10_000; moves++) {
      let from = -1;
      for (let h = 0; h < this.fleet.hosts.length; h++) {
        if (h !== r && this.view.usedCpu[h]! > 0 && (from < 0 || this.view.load(h) > this.view.load(from))) from = h;
      }
      if (from < 0) return;
      const candidate = this.live
        .flat()
        .find(
          (i) =>
            i.host === from &&
            i.state === "running" &&
            i.replacedBy === undefined &&
            admissible(this.view, this.settings.policies, i.vnf, r, false) &&
            this.view.load(r) + i.vnf.cpu / this.fleet.hosts[r]!.cpu < this.view.load(from) - 1e-9,
        );
      if (candidate === undefined) return;
      const replacement = this.create(candidate.vnf);
      replacement.replaces = candidate;
      replacement.surge = candidate.surge;
      candidate.replacedBy = replacement;
      this.record(now, this.instanceId(replacement), "rebalance", `from ${this.hostId(from)}`);
      this.startDeploy(replacement, r, now);
    }
  }

  // ---- bookkeeping ----

  private create(vnf: VnfInfo): Instance {
    const inst = new Instance(vnf, this.nextId++);
    this.live[vnf.index]!.push(inst);
    return inst;
  }

  private reserve(inst: Instance, h: number, now: number): void {
    this.audit.assign(h, inst.vnf, inst.recovery, this.view.usable[h]!);
    this.view.change(h, inst.vnf, 1);
    if (this.fleet.hosts[h]!.component.up) this.utilization.change(now, inst.vnf.cpu, 0);
    inst.host = h;
  }

  private release(inst: Instance, now: number): void {
    if (inst.host < 0) return;
    this.audit.release(inst.host, inst.vnf);
    this.view.change(inst.host, inst.vnf, -1);
    if (this.fleet.hosts[inst.host]!.component.up) this.utilization.change(now, -inst.vnf.cpu, 0);
    inst.host = -1;
  }

  /** Stops an instance and frees what it holds (a retirement after its replacement runs, or a surge's end). */
  private retire(inst: Instance, now: number): void {
    if (inst.state === "running" || inst.state === "deploying") this.kill(inst);
    this.release(inst, now);
    this.drop(inst);
  }

  private drop(inst: Instance): void {
    inst.state = "gone";
    if (inst.replaces !== undefined) inst.replaces.replacedBy = undefined;
    if (inst.replacedBy !== undefined) inst.replacedBy.replaces = undefined;
    const list = this.live[inst.vnf.index]!;
    list.splice(list.indexOf(inst), 1);
  }

  private chainUp(c: number): boolean {
    return this.fleet.chains[c]!.vnfs.every((v) => this.running[v]! >= this.required[v]!);
  }

  private updateChains(now: number): void {
    for (let c = 0; c < this.fleet.chains.length; c++) {
      const up = this.chainUp(c);
      if (!this.chains.set(c, up, now)) continue;
      this.record(now, `${this.name}.${this.fleet.chains[c]!.name}`, up ? "chain-up" : "chain-down", up ? "every VNF has its instances" : "a VNF lacks running instances");
      this.chainsDown += up ? -1 : 1;
    }
    this.service.set(this.chainsDown === 0, now);
  }

  private hostId(h: number): string {
    return h < 0 ? "-" : this.fleet.hosts[h]!.component.id;
  }

  private instanceId(inst: Instance): string {
    return `${this.name}.${inst.vnf.name}#${inst.id}`;
  }

  private record(now: number, component: string, event: string, cause: string, detail?: Record<string, string | number>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, component, event, cause, detail);
  }
}
