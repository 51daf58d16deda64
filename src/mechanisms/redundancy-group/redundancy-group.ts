import type { DistributionSpec } from "../../engine/distribution.js";
import { drawer } from "../../engine/distributions.js";
import type { EventHandle } from "../../engine/event-queue.js";
import { ModelReferenceError } from "../../hardware/inventory.js";
import { StatusSignal } from "../../hardware/status.js";
import type { MechanismContext, MechanismDefinition, MechanismInstance, MechanismMetric } from "../mechanism.js";
import { redundancyGroupConfig, type RedundancyGroupConfig } from "./config.js";
import { type Layout, resolveLayout } from "./layout.js";
import { WindowClock } from "../window-clock.js";
import { MeanTally, putMean } from "../mean-tally.js";

/**
 * Redundancy groups of storage-control programs: each
 * group is 1 active + N standby programs on distinct nodes, in priority
 * order. A program is live while its node is up. When the active's node goes
 * down, the group fails over to its highest-priority live standby, down for
 * the `failover` time; if that standby's node goes down meanwhile, the next
 * live one is tried. A group with no live member is in an outage until a
 * member's node comes back, whose program then becomes active at once.
 * Repaired members rejoin as standbys; with `failback: priority` the group
 * then moves back to its highest-priority live member (a planned switchover).
 */

/**
 * - `active`: a program on a live node serves (the group is up);
 * - `failover`: the active is lost and a standby is taking over, or a
 *   failback is moving the active back (down);
 * - `outage`: no member is on a live node (down).
 */
type Phase = "active" | "failover" | "outage";

class Group {
  phase: Phase = "active";
  /** Member index of the active program (phase `active`). */
  active = 0;
  /** Member index of the standby taking over (phase `failover`). */
  target = -1;
  takeover: EventHandle | undefined;
  /** The move in progress (phase `failover`) is a planned failback, not a failover. */
  failingBack = false;
  /** When the failover in progress began (the loss of the active), and whether inside the window. */
  failoverStartS = 0;
  failoverInWindow = false;
  /** Queued for the reconciliation at the end of the current instant. */
  queued = false;

  constructor(
    readonly index: number,
    readonly name: string,
    /** Node index of each member, highest priority first. */
    readonly members: readonly number[],
    readonly drawFailover: () => number,
    readonly drawFailback: () => number,
    /** Down time (failover or outage) in the window. */
    readonly down: WindowClock,
    /** Time in the window with fewer than two distinct live nodes hosting members. */
    readonly unprotected: WindowClock,
  ) {}
}

class RedundancyGroups implements MechanismInstance {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly groups: Group[];
  /** The groups with a member on each node (each group once). */
  private readonly groupsOn: Group[][];
  private readonly activesOn: number[];
  private groupsDown = 0;
  private maxActives = 0;
  /** True once the window has begun and maxActives holds the state at its start. */
  private windowOpen = false;
  private failovers = 0;
  private readonly failoverTime = new MeanTally();
  private outages = 0;
  private failbacks = 0;
  private readonly queue: Group[] = [];
  private reconcileScheduled = false;

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly layout: Layout,
    failover: DistributionSpec,
    /** The failback time, or undefined without failback. */
    private readonly failback: DistributionSpec | undefined,
  ) {
    this.service = new StatusSignal(name, true);
    this.services = { [name]: this.service };
    const { warmupS, horizonS } = ctx;
    this.groups = layout.placement.map((members, g) => {
      const groupName = layout.groupNames[g]!;
      const drawFailover = drawer(failover, () => ctx.streams.stream(`${name}/${groupName}/failover`));
      const drawFailback = failback ? drawer(failback, () => ctx.streams.stream(`${name}/${groupName}/failback`)) : () => 0;
      return new Group(g, groupName, members, drawFailover, drawFailback, new WindowClock(warmupS, horizonS), new WindowClock(warmupS, horizonS));
    });
    this.activesOn = layout.nodes.map(() => 0);
    this.groupsOn = layout.nodes.map(() => []);
    for (const group of this.groups) {
      this.activesOn[group.members[0]!]!++;
      for (const k of new Set(group.members)) this.groupsOn[k]!.push(group);
      this.updateProtection(group, 0);
    }
    layout.nodes.forEach((node, k) => {
      node.onChange((_up, now) => this.nodeChanged(k, now));
      if (!node.up) for (const group of this.groupsOn[k]!) this.enqueue(group);
    });
  }

  private nodeUp(group: Group, member: number): boolean {
    return this.layout.nodes[group.members[member]!]!.up;
  }

  private nodeId(group: Group, member: number): string {
    return this.layout.nodes[group.members[member]!]!.id;
  }

  private nodeChanged(k: number, now: number): void {
    for (const group of this.groupsOn[k]!) {
      this.updateProtection(group, now);
      this.enqueue(group);
    }
  }

  /**
   * Decisions wait until every change of the current instant has happened:
   * a rack failure takes its nodes down one listener call after the other,
   * and a failover must not pick a node that goes down at the same instant.
   * Simulated time does not advance meanwhile.
   */
  private enqueue(group: Group): void {
    if (!group.queued) {
      group.queued = true;
      this.queue.push(group);
    }
    if (this.reconcileScheduled) return;
    this.reconcileScheduled = true;
    this.ctx.sim.schedule(0, () => {
      this.reconcileScheduled = false;
      const groups = this.queue.splice(0).sort((a, b) => a.index - b.index);
      for (const group of groups) {
        group.queued = false;
        this.reconcile(group, this.ctx.sim.now);
      }
    });
  }

  private reconcile(group: Group, now: number): void {
    if (group.phase === "active") {
      if (this.nodeUp(group, group.active)) {
        this.maybeFailBack(group, now); // a standby's node changed: a failback at most
        return;
      }
      const lost = group.active;
      this.moveActive(group.members[lost]!, -1, now);
      const next = this.firstLive(group);
      if (next === undefined) {
        this.enterOutage(group, now, `${this.nodeId(group, lost)} down`);
        return;
      }
      group.failoverStartS = now;
      group.failoverInWindow = now >= this.ctx.warmupS && now < this.ctx.horizonS;
      if (group.failoverInWindow) this.failovers++;
      this.startFailover(group, next, now, "failover", `${this.nodeId(group, lost)} down`);
    } else if (group.phase === "failover") {
      if (this.nodeUp(group, group.target)) return;
      // The standby taking over was lost: try the next live one, with a fresh failover time.
      this.ctx.sim.cancel(group.takeover);
      group.takeover = undefined;
      const lost = group.target;
      if (group.failingBack) {
        // The failback target was lost: from now on this is a failover (the old active stopped serving).
        group.failingBack = false;
        group.failoverStartS = now;
        group.failoverInWindow = now >= this.ctx.warmupS && now < this.ctx.horizonS;
        if (group.failoverInWindow) this.failovers++;
      }
      const next = this.firstLive(group);
      if (next === undefined) {
        this.enterOutage(group, now, `${this.nodeId(group, lost)} down during failover`);
        return;
      }
      this.startFailover(group, next, now, "failover-retarget", `${this.nodeId(group, lost)} down during failover`);
    } else {
      const next = this.firstLive(group);
      if (next === undefined) return;
      // The first member back serves at once (nothing to take over from).
      if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId(group), "restored", `${this.nodeId(group, next)} up`, { node: this.nodeId(group, next) });
      this.takeOver(group, next, now);
    }
  }

  /** With `failback: priority`, moves an active group back to its highest-priority live member. */
  private maybeFailBack(group: Group, now: number): void {
    if (this.failback === undefined || group.phase !== "active") return;
    const best = this.firstLive(group);
    if (best === undefined || best >= group.active) return;
    const durationS = group.drawFailback();
    if (now >= this.ctx.warmupS && now < this.ctx.horizonS) this.failbacks++;
    if (this.ctx.trace.enabled) {
      this.ctx.trace.record(now, this.traceId(group), "failback", `${this.nodeId(group, best)} live`, { to: this.nodeId(group, best), failback_s: durationS });
    }
    this.moveActive(group.members[group.active]!, -1, now);
    if (durationS === 0) {
      this.takeOver(group, best, now);
      return;
    }
    group.target = best;
    group.failingBack = true;
    this.setPhase(group, "failover", now);
    group.takeover = this.ctx.sim.scheduleUnlessNever(durationS, () => {
      if (!this.nodeUp(group, group.target)) return; // lost at this instant: the queued reconcile turns the move into a failover
      group.takeover = undefined;
      group.failingBack = false;
      if (this.ctx.trace.enabled) this.ctx.trace.record(this.ctx.sim.now, this.traceId(group), "takeover", "failback", { node: this.nodeId(group, group.target) });
      this.takeOver(group, group.target, this.ctx.sim.now);
      this.maybeFailBack(group, this.ctx.sim.now); // a member of still higher priority came back meanwhile
    });
  }

  private firstLive(group: Group): number | undefined {
    for (let m = 0; m < group.members.length; m++) if (this.nodeUp(group, m)) return m;
    return undefined;
  }

  private startFailover(group: Group, member: number, now: number, event: string, cause: string): void {
    const durationS = group.drawFailover();
    if (this.ctx.trace.enabled) {
      this.ctx.trace.record(now, this.traceId(group), event, cause, { to: this.nodeId(group, member), failover_s: durationS });
    }
    group.target = member;
    if (durationS === 0) {
      this.completeFailover(group, now);
      return;
    }
    this.setPhase(group, "failover", now);
    group.takeover = this.ctx.sim.scheduleUnlessNever(durationS, () => {
      // The target's node went down at this very instant (its event ran first): no takeover onto a dead node,
      // which would put the group up and down again at one instant (two service outages); the reconcile queued
      // by that change retargets.
      if (this.nodeUp(group, group.target)) this.completeFailover(group, this.ctx.sim.now);
    });
  }

  private completeFailover(group: Group, now: number): void {
    group.takeover = undefined;
    if (group.failoverInWindow) {
      this.failoverTime.add(now - group.failoverStartS);
    }
    if (this.ctx.trace.enabled) {
      this.ctx.trace.record(now, this.traceId(group), "takeover", "failover", { node: this.nodeId(group, group.target), failover_s: now - group.failoverStartS });
    }
    this.takeOver(group, group.target, now);
    this.maybeFailBack(group, now); // a higher-priority member came back during the failover
  }

  private takeOver(group: Group, member: number, now: number): void {
    group.active = member;
    group.target = -1;
    this.moveActive(group.members[member]!, 1, now);
    this.setPhase(group, "active", now);
  }

  private enterOutage(group: Group, now: number, cause: string): void {
    if (now >= this.ctx.warmupS && now < this.ctx.horizonS) this.outages++;
    group.target = -1;
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.traceId(group), "outage", cause);
    this.setPhase(group, "outage", now);
  }

  private setPhase(group: Group, phase: Phase, now: number): void {
    const wasUp = group.phase === "active";
    group.phase = phase;
    const isUp = phase === "active";
    if (wasUp === isUp) return;
    if (isUp) {
      group.down.set(false, now);
      if (--this.groupsDown === 0) this.service.set(true, now);
    } else {
      group.down.set(true, now);
      if (this.groupsDown++ === 0) this.service.set(false, now);
    }
  }

  /** Unprotected: fewer than two distinct live nodes (two members on one node fall with it). */
  private updateProtection(group: Group, now: number): void {
    let firstLive = -1;
    let protectedNow = false;
    for (const k of group.members) {
      if (!this.layout.nodes[k]!.up) continue;
      if (firstLive < 0) firstLive = k;
      else if (k !== firstLive) {
        protectedNow = true;
        break;
      }
    }
    group.unprotected.set(!protectedNow, now);
  }

  /** Changes the actives on node k, keeping the maximum over the window. */
  private moveActive(k: number, delta: number, now: number): void {
    if (!this.windowOpen && now >= this.ctx.warmupS) this.openWindow();
    this.activesOn[k]! += delta;
    if (this.windowOpen && this.activesOn[k]! > this.maxActives) this.maxActives = this.activesOn[k]!;
  }

  /** The state that held at the start of the window, before its first change. */
  private openWindow(): void {
    this.windowOpen = true;
    this.maxActives = Math.max(...this.activesOn);
  }

  private traceId(group: Group): string {
    return `${this.name}.${group.name}`;
  }

  finish(): Record<string, MechanismMetric> {
    if (!this.windowOpen) this.openWindow();
    const window = this.ctx.horizonS - this.ctx.warmupS;
    const metrics: Record<string, MechanismMetric> = {};
    let minAvailability = 1;
    let unprotectedS = 0;
    for (const group of this.groups) {
      const availability = (window - group.down.totalS(this.ctx.horizonS)) / window;
      metrics[`${group.name}.availability`] = { value: availability, unit: "fraction" };
      minAvailability = Math.min(minAvailability, availability);
      unprotectedS += group.unprotected.totalS(this.ctx.horizonS);
    }
    metrics.min_availability = { value: minAvailability, unit: "fraction" };
    metrics.group_outages = { value: this.outages, unit: "count" };
    metrics.failovers = { value: this.failovers, unit: "count" };
    if (this.failback !== undefined) metrics.failbacks = { value: this.failbacks, unit: "count" };
    // Undefined, not 0, without a completed failover (like switchover_time_s).
    putMean(metrics, "failover_time_s", this.failoverTime, "s");
    metrics.max_actives_per_node = { value: this.maxActives, unit: "count" };
    metrics.placement_violations = { value: this.layout.violations, unit: "count" };
    metrics.unprotected_time_s = { value: unprotectedS, unit: "s" };
    return metrics;
  }
}

export const redundancyGroup: MechanismDefinition<RedundancyGroupConfig> = {
  type: "redundancy-group",
  summary: "groups of 1 active + N prioritised standby programs on distinct nodes; failover by priority, load after failover (case D)",
  configSchema: redundancyGroupConfig,
  metrics: [
    { name: "<group>.availability", unit: "fraction", description: "per group (g0, g1, ... or the listed names): fraction of the window the group had an active program (not failing over, not in outage)" },
    { name: "min_availability", unit: "fraction", description: "the lowest per-group availability" },
    { name: "group_outages", unit: "count", description: "entries of a group into an outage (no member on a live node) in the window, summed over groups", direction: "lower-is-better" },
    { name: "failovers", unit: "count", description: "failovers begun in the window (the active's node went down with a live standby left)", direction: "none" },
    { name: "failbacks", unit: "count", description: "with `failback: priority`: moves back to a higher-priority member begun in the window (absent without failback)", direction: "none" },
    { name: "failover_time_s", unit: "s", description: "mean time from the loss of the active to the takeover, over failovers begun in the window and completed (absent in a replication without one); pooled over events across replications, quantiles over events" },
    { name: "max_actives_per_node", unit: "count", description: "the most active programs on one node at any time in the window (load concentration after failovers)", direction: "lower-is-better" },
    { name: "placement_violations", unit: "count", description: "members sharing a node or fault domain with another member of their group (members minus distinct domains, summed over groups); 0 for the spread placer", direction: "lower-is-better" },
    { name: "unprotected_time_s", unit: "s", description: "group-seconds in the window with fewer than two distinct live nodes hosting members (one node failure from an outage, or in one), summed over groups", direction: "lower-is-better" },
  ],
  build(ctx, name, config) {
    const layout = resolveLayout(ctx.inventory, config);
    if (config.failback === "none" && config.failback_time !== undefined) {
      throw new ModelReferenceError("`failback_time` needs `failback: priority`", ["failback_time"]);
    }
    const failback = config.failback === "priority" ? (config.failback_time ?? { kind: "deterministic", value: 0 }) : undefined;
    return new RedundancyGroups(ctx, name, layout, config.failover, failback);
  },
};
