import type { EventHandle } from "../../engine/event-queue.js";
import type { RandomStream } from "../../engine/random.js";
import type { MessageHandlers, TransferHandle } from "../../hardware/network.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext } from "../mechanism.js";
import { MeanTally } from "../mean-tally.js";
import { WindowClock } from "../window-clock.js";
import type { SelfMigrationConfig } from "./config.js";
import type { Fleet, ObjectSpec } from "./fleet.js";
import { HostAgent, type HostAnnouncement, type ObjectAnnouncement } from "./host-agent.js";

type Reason = "predicted" | "degraded" | "capability" | "overload";
type Phase = "idle" | "waiting" | "requesting" | "backoff" | "transferring" | "switching";

/** An announcement on its way to one host. */
type Addressed = (HostAnnouncement | ObjectAnnouncement) & { readonly to: number };

interface Request {
  readonly kind: "request" | "reply";
  readonly object: number;
  readonly target: number;
  readonly serial: number;
  readonly accepted: boolean;
}

/** One self-determining service object. */
class ServiceObject {
  host: number;
  phase: Phase = "idle";
  /** The open search: hosts that refused (without replacement), probes sent, rounds waited for a candidate. */
  searching = false;
  refused = new Set<number>();
  probes = 0;
  rounds = 0;
  heardCandidate = false;
  target = -1;
  serial = 0;
  /** The serial of the accepted request whose reservation this object has claimed (its transfer started). */
  claimed = -1;
  timer: EventHandle | undefined;
  transfer: TransferHandle | undefined;
  requestedAt = 0;
  arrivedAt = 0;
  unsettled = false;
  /** When it last left each host, for ping-pong. */
  readonly leftAt = new Map<number, number>();
  readonly down: WindowClock;
  upNow = true;

  constructor(
    readonly spec: ObjectSpec,
    readonly choose: RandomStream,
    readonly drawBackoff: () => number,
    readonly drawSwitch: () => number,
    warmupS: number,
    horizonS: number,
  ) {
    this.host = spec.home;
    this.down = new WindowClock(warmupS, horizonS);
  }
}

export interface SwarmSettings {
  readonly config: SelfMigrationConfig;
  readonly phaseOf: (id: string) => number;
  readonly stream: (purpose: string) => RandomStream;
  readonly draw: (spec: SelfMigrationConfig["switch_time"], purpose: string) => () => number;
}

/**
 * Hosts that announce their capability parameters and objects that
 * announce their type and needs, evaluate their host each period and
 * migrate themselves (request, transfer of code + state, final switch),
 * with no central manager (docs/mechanisms/self-migration.md).
 */
export class Swarm {
  readonly service: StatusSignal;
  readonly agents: HostAgent[];
  readonly objects: ServiceObject[];
  private readonly cfg: SelfMigrationConfig;
  private readonly loadLow: number;
  private readonly staleS: number;
  private objectsDown = 0;
  private unsettledCount = 0;
  private episodeStart = 0;
  migrations = 0;
  failedMigrations = 0;
  pingPong = 0;
  announceMessages = 0;
  readonly migrationTime = new MeanTally();
  readonly convergence = new MeanTally();
  readonly probesPerMigration = new MeanTally();
  readonly roundsToCandidate = new MeanTally();
  private readonly announceHandlers: MessageHandlers<Addressed>;
  private readonly requestHandlers: MessageHandlers<Request>;

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly fleet: Fleet,
    settings: SwarmSettings,
  ) {
    this.cfg = settings.config;
    this.loadLow = this.cfg.load_low ?? this.cfg.load_high;
    this.staleS = this.cfg.stale_after * this.cfg.announce_period;
    this.agents = fleet.hosts.map((h) => new HostAgent(h));
    this.objects = fleet.objects.map(
      (o) => new ServiceObject(o, settings.stream(`${o.id}/choose`), settings.draw(this.cfg.retry_backoff, `${o.id}/backoff`), settings.draw(this.cfg.switch_time, `${o.id}/switch`), ctx.warmupS, ctx.horizonS),
    );
    for (const o of this.objects) this.agents[o.host]!.take(o.spec, 1);
    this.announceHandlers = {
      delivered: (_now, a) => this.heard(a),
      dropped: () => {},
    };
    this.requestHandlers = {
      delivered: (now, m) => (m.kind === "request" ? this.requested(m, now) : this.replied(m, now)),
      dropped: () => {}, // the requester's timeout notices
    };
    for (const o of this.objects) this.refreshUp(o, 0);
    this.service = new StatusSignal(name, this.objectsDown === 0);
    const period = this.cfg.announce_period;
    this.agents.forEach((agent, h) => {
      agent.spec.component.onChange((_up, now) => this.hostChanged(h, now));
      for (const p of agent.spec.processors) p.onChange((_up, now) => this.hostChanged(h, now));
      for (const p of agent.spec.processors) {
        p.onPrecursor((signal) => {
          agent.predicted = true;
          agent.predictedUntil = Math.max(agent.predictedUntil, signal.failureAt + period);
          this.record(signal.now, `${name}.${agent.spec.component.id}`, "predicted", `precursor on ${p.id}`, { failure_at_s: signal.failureAt });
          // A false alarm lapses one period after the announced time if the host is still up.
          ctx.sim.scheduleAt(signal.failureAt + period, () => {
            if (agent.up && ctx.sim.now >= agent.predictedUntil) agent.predicted = false;
          });
        });
      }
      const phase = this.cfg.phases === "aligned" ? 0 : settings.phaseOf(agent.spec.component.id) * period;
      ctx.sim.scheduleAt(phase, () => this.hostTick(h));
    });
    for (const o of this.objects) {
      const phase = this.cfg.phases === "aligned" ? period / 2 : settings.phaseOf(o.spec.id) * period;
      ctx.sim.scheduleAt(phase, () => this.objectTick(o));
    }
  }

  // ---- announcements ----

  private hostTick(h: number): void {
    const now = this.ctx.sim.now;
    const agent = this.agents[h]!;
    if (agent.up) this.broadcast(h, agent.announcement(now), now);
    this.ctx.sim.scheduleAt(now + this.cfg.announce_period, () => this.hostTick(h));
  }

  private broadcast(from: number, a: HostAnnouncement | ObjectAnnouncement, now: number): void {
    const src = this.agents[from]!.spec.component;
    for (let r = 0; r < this.agents.length; r++) {
      if (r === from) continue;
      this.fleet.network.send(src, this.agents[r]!.spec.component, this.cfg.announce_size, this.announceHandlers, { ...a, to: r } satisfies Addressed);
      if (now >= this.ctx.warmupS && now < this.ctx.horizonS) this.announceMessages++;
    }
  }

  private heard(a: Addressed): void {
    const agent = this.agents[a.to]!;
    if (a.kind === "host") agent.heardHosts.set(a.host, a);
    else agent.heardObjects.set(a.object, a);
  }

  private objectTick(o: ServiceObject): void {
    const now = this.ctx.sim.now;
    this.ctx.sim.scheduleAt(now + this.cfg.announce_period, () => this.objectTick(o));
    if (!this.agents[o.host]!.up || o.phase === "switching") return; // a down object announces and decides nothing
    this.broadcast(o.host, { kind: "object", object: o.spec.index, type: o.spec.type, host: o.host, at: now }, now);
    this.evaluate(o, now, true);
  }

  // ---- decisions ----

  /** Why the object should leave its host now, if it should. */
  private reason(o: ServiceObject, now: number): Reason | undefined {
    const agent = this.agents[o.host]!;
    if (agent.predicted) return "predicted";
    if (!agent.hasFeatures(o.spec.features)) return "capability";
    // Hysteresis: a degraded or overloaded host is not left before min_residence after arriving (a host
    // whose health or load flaps would otherwise bounce the object back and forth).
    if (o.arrivedAt > 0 && now - o.arrivedAt < this.cfg.min_residence) return undefined;
    if (agent.degraded) return "degraded";
    if (agent.load() > this.cfg.load_high + 1e-9) return "overload";
    return undefined;
  }

  private evaluate(o: ServiceObject, now: number, newRound: boolean): void {
    const why = this.reason(o, now);
    this.setUnsettled(o, why !== undefined, now);
    if (why === undefined) {
      if (o.phase === "waiting") this.endSearch(o);
      return;
    }
    if (o.phase !== "idle" && o.phase !== "waiting") return; // a request or a migration is under way
    if (!o.searching) {
      o.searching = true;
      o.refused.clear();
      o.probes = 0;
      o.rounds = 1;
      o.heardCandidate = false;
      this.record(now, this.objectId(o), "leave", why, { host: this.hostId(o.host) });
    } else if (newRound) {
      o.rounds++;
    }
    this.probe(o, now);
  }

  private candidates(o: ServiceObject, now: number): number[] {
    const agent = this.agents[o.host]!;
    const out: number[] = [];
    const withReplacement = this.cfg.probing === "with-replacement";
    for (const [h, a] of agent.heardHosts) {
      if (h === o.host || now - a.at > this.staleS + 1e-9) continue;
      if (!withReplacement && o.refused.has(h)) continue;
      if (this.cfg.choose === "announced-fit" && !this.fits(o, a, now)) continue;
      out.push(h);
    }
    return out.sort((x, y) => x - y);
  }

  private fits(o: ServiceObject, a: HostAnnouncement, now: number): boolean {
    if (!a.healthy || a.freeCpu + 1e-9 < o.spec.cpu || a.freeMemory + 1e-9 < o.spec.memoryBytes) return false;
    if (!o.spec.features.every((f) => a.features.includes(f))) return false;
    const after = a.capacityCpu > 0 ? a.load + o.spec.cpu / a.capacityCpu : Infinity;
    if (after > this.loadLow + 1e-9) return false;
    for (const peer of this.agents[o.host]!.heardObjects.values()) {
      if (peer.host === a.host && peer.type === o.spec.type && peer.object !== o.spec.index && now - peer.at <= this.staleS + 1e-9) return false;
    }
    return true;
  }

  private probe(o: ServiceObject, now: number): void {
    const found = this.candidates(o, now);
    if (found.length === 0) {
      o.phase = "waiting"; // until the next round's announcements
      return;
    }
    if (!o.heardCandidate) {
      o.heardCandidate = true;
      if (now >= this.ctx.warmupS && now < this.ctx.horizonS) this.roundsToCandidate.add(o.rounds);
    }
    const target = found[Math.min(found.length - 1, Math.floor(o.choose.next() * found.length))]!;
    o.probes++;
    o.target = target;
    o.phase = "requesting";
    o.requestedAt = now;
    const serial = ++o.serial;
    this.record(now, this.objectId(o), "request", `probe ${o.probes}`, { to: this.hostId(target) });
    this.fleet.network.send(this.agents[o.host]!.spec.component, this.agents[target]!.spec.component, this.cfg.request_size, this.requestHandlers, {
      kind: "request",
      object: o.spec.index,
      target,
      serial,
      accepted: false,
    });
    o.timer = this.ctx.sim.schedule(this.cfg.request_timeout, () => {
      o.timer = undefined;
      if (o.phase === "requesting" && o.serial === serial) this.failed(o, "timeout", this.ctx.sim.now);
    });
  }

  /** At the target: admit or refuse, and reply. An admitted object's room is held until its transfer starts, or a timeout. */
  private requested(m: Request, now: number): void {
    const agent = this.agents[m.target]!;
    const o = this.objects[m.object]!;
    if (!agent.up) return; // no agent running there to answer: the requester times out
    const accepted = agent.admit(o.spec, this.loadLow);
    if (accepted) {
      // The lease lapses unless the object claimed it (its reply was lost, or came after its timeout).
      this.ctx.sim.schedule(2 * this.cfg.request_timeout, () => {
        if (o.claimed !== m.serial) agent.unreserve(o.spec);
      });
    }
    this.record(now, `${this.name}.${agent.spec.component.id}`, accepted ? "accept" : "refuse", this.objectId(o));
    this.fleet.network.send(agent.spec.component, this.agents[o.host]!.spec.component, this.cfg.request_size, this.requestHandlers, { ...m, kind: "reply", accepted });
  }

  private replied(m: Request, now: number): void {
    const o = this.objects[m.object]!;
    if (o.phase !== "requesting" || o.serial !== m.serial) return; // too late: timed out already
    this.ctx.sim.cancel(o.timer);
    o.timer = undefined;
    if (!m.accepted) {
      this.failed(o, "refused", now);
      return;
    }
    o.phase = "transferring";
    o.claimed = m.serial;
    const from = this.agents[o.host]!.spec.component;
    const to = this.agents[m.target]!.spec.component;
    o.transfer = this.fleet.network.transfer(from, to, o.spec.bytes, {
      done: (t) => this.transferred(o, t),
      failed: (t, reason) => {
        this.agents[m.target]!.unreserve(o.spec);
        this.failed(o, `transfer ${reason}`, t);
      },
    });
  }

  private failed(o: ServiceObject, why: string, now: number): void {
    if (now >= this.ctx.warmupS && now < this.ctx.horizonS) this.failedMigrations++;
    o.refused.add(o.target);
    this.record(now, this.objectId(o), "failed", why, { to: this.hostId(o.target) });
    o.phase = "backoff";
    o.timer = this.ctx.sim.schedule(o.drawBackoff(), () => {
      o.timer = undefined;
      o.phase = "idle";
      if (this.agents[o.host]!.up) this.evaluate(o, this.ctx.sim.now, false);
    });
  }

  private transferred(o: ServiceObject, now: number): void {
    o.transfer = undefined;
    o.phase = "switching";
    this.refreshUp(o, now);
    this.ctx.sim.schedule(o.drawSwitch(), () => this.arrive(o, this.ctx.sim.now));
  }

  private arrive(o: ServiceObject, now: number): void {
    const from = o.host;
    const to = o.target;
    this.agents[from]!.take(o.spec, -1);
    this.agents[to]!.unreserve(o.spec, true); // the target's reservation becomes the residence
    o.leftAt.set(from, now);
    o.host = to;
    o.arrivedAt = now;
    o.phase = "idle";
    const inWindow = now >= this.ctx.warmupS && now < this.ctx.horizonS;
    const left = o.leftAt.get(to);
    const pingPong = left !== undefined && now - left <= this.cfg.ping_pong_window;
    if (inWindow) {
      this.migrations++;
      this.migrationTime.add(now - o.requestedAt);
      this.probesPerMigration.add(o.probes);
      if (pingPong) this.pingPong++;
    }
    this.record(now, this.objectId(o), "migrated", `from ${this.hostId(from)}`, { host: this.hostId(to), probes: o.probes, ...(pingPong ? { ping_pong: 1 } : {}) });
    this.endSearch(o);
    this.refreshUp(o, now);
    if (this.agents[to]!.up) this.evaluate(o, now, false);
  }

  private endSearch(o: ServiceObject): void {
    o.searching = false;
    o.phase = "idle";
  }

  // ---- ground truth ----

  private hostChanged(h: number, now: number): void {
    const agent = this.agents[h]!;
    if (agent.up && !agent.wasUp) agent.predicted = false; // back after a failure: a new life
    agent.wasUp = agent.up;
    for (const o of this.objects) if (o.host === h) this.refreshUp(o, now);
  }

  /** The probe's verdict on host h. */
  probed(h: number, degraded: boolean, now: number): void {
    const agent = this.agents[h]!;
    if (agent.degraded === degraded) return;
    agent.degraded = degraded;
    this.record(now, `${this.name}.${agent.spec.component.id}`, degraded ? "degraded" : "recovered", "health probe");
  }

  private refreshUp(o: ServiceObject, now: number): void {
    const up = this.agents[o.host]!.up && o.phase !== "switching";
    if (up === o.upNow) return;
    o.upNow = up;
    o.down.set(!up, now);
    this.record(now, this.objectId(o), up ? "up" : "down", up ? `running on ${this.hostId(o.host)}` : o.phase === "switching" ? "final switch" : `${this.hostId(o.host)} down`);
    this.objectsDown += up ? -1 : 1;
    this.service?.set(this.objectsDown === 0, now);
  }

  private setUnsettled(o: ServiceObject, unsettled: boolean, now: number): void {
    if (o.unsettled === unsettled) return;
    o.unsettled = unsettled;
    if (unsettled && this.unsettledCount++ === 0) this.episodeStart = now;
    if (!unsettled && --this.unsettledCount === 0 && this.episodeStart >= this.ctx.warmupS && this.episodeStart < this.ctx.horizonS) {
      this.convergence.add(now - this.episodeStart);
    }
  }

  /**
   * The ledger's consistency, for tests: each host's CPU and memory in use
   * equal its residents' needs plus its reservations'. Returns the hosts
   * where they do not.
   */
  ledgerErrors(): string[] {
    const errors: string[] = [];
    this.agents.forEach((agent, h) => {
      let cpu = 0;
      let memory = 0;
      for (const o of this.objects) {
        const n = (o.host === h ? 1 : 0) + (agent.reservations.get(o.spec.index) ?? 0);
        cpu += n * o.spec.cpu;
        memory += n * o.spec.memoryBytes;
      }
      if (Math.abs(cpu - agent.usedCpu) > 1e-6 || Math.abs(memory - agent.usedMemory) > 1e-3) errors.push(`${agent.spec.component.id}: in use ${agent.usedCpu} cores, accounted ${cpu}`);
    });
    return errors;
  }

  availability(): number {
    const window = this.ctx.horizonS - this.ctx.warmupS;
    let sum = 0;
    for (const o of this.objects) sum += (window - o.down.totalS(this.ctx.horizonS)) / window;
    return sum / this.objects.length;
  }

  private objectId(o: ServiceObject): string {
    return `${this.name}.${o.spec.id}`;
  }

  private hostId(h: number): string {
    return h < 0 ? "-" : this.agents[h]!.spec.component.id;
  }

  private record(now: number, component: string, event: string, cause: string, detail?: Record<string, string | number>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, component, event, cause, detail);
  }
}
