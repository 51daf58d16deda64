import { drawer } from "../../engine/distributions.js";
import type { Component } from "../../hardware/component.js";
import { ModelReferenceError, resolveNetwork, containersOfKind, resolveExactlyOne } from "../../hardware/inventory.js";
import type { Network } from "../../hardware/network.js";
import { StatusSignal } from "../../hardware/status.js";
import { ReplicationStream } from "../replication-stream.js";
import type { MechanismContext, MechanismDefinition, MechanismInstance, MechanismMetric } from "../mechanism.js";
import { HeartbeatSeam, type HeartbeatEvents } from "../heartbeat.js";
import { cloudDrConfig, type CloudDrConfig } from "./config.js";
import { Deployment } from "./deployment.js";
import { formatAddress, formatCidr } from "./ip.js";
import { networkObjects, translate, type Translation } from "./translation.js";

const REPLICATOR = 0;
const RECOVERY = 1;

interface Wiring {
  readonly site: Component;
  readonly replicator: Component;
  readonly nodes: readonly Component[];
  readonly network: Network;
  readonly translation: Translation;
  readonly objects: readonly string[];
}

/** One cloud-dr instance: replication, detection, declaration, translation, environment, deployment (docs/mechanisms/cloud-dr.md). */
class CloudDr implements MechanismInstance, HeartbeatEvents {
  readonly services: Record<string, StatusSignal>;
  private readonly service: StatusSignal;
  private readonly seam: HeartbeatSeam;
  private stream: ReplicationStream | undefined;
  private committedPit = 0;
  private siteDownAt: number | undefined;
  private lastHeard = 0;
  /** When the primary was lost, once the alarm has been raised (one disaster per replication). */
  private lostAt: number | undefined;
  private declaredAt: number | undefined;
  private environmentAt: number | undefined;
  private readonly recoveredAt: (number | undefined)[];
  private readonly drawDeclare: () => number;
  private readonly drawObject: () => number;
  private readonly deployment: Deployment;

  constructor(
    private readonly ctx: MechanismContext,
    private readonly name: string,
    private readonly wiring: Wiring,
    private readonly config: CloudDrConfig,
  ) {
    const timeoutS = config.missed * config.period;
    this.seam = new HeartbeatSeam(ctx.sim, wiring.network, wiring.nodes, { periodS: config.period, beatBytes: 64, timeoutS: [0, 1].map(() => [timeoutS, timeoutS, timeoutS]) }, this);
    this.service = new StatusSignal(name, wiring.site.up);
    this.services = { [name]: this.service };
    this.recoveredAt = config.servers.map(() => undefined);
    this.drawDeclare = drawer(config.declare_delay, () => ctx.streams.stream(`${name}/declare`));
    this.drawObject = drawer(config.object_time, () => ctx.streams.stream(`${name}/objects`));
    const names = config.servers.map((s) => s.name);
    const boots = config.servers.map((s, i) => drawer(s.boot ?? (s.os === "linux" ? config.linux_boot : config.windows_boot), () => ctx.streams.stream(`${name}/boot/${names[i]}`)));
    this.deployment = new Deployment(
      ctx.sim,
      config.servers.map((s, i) => ({ dependsOn: s.depends_on.map((d) => names.indexOf(d)), bootS: boots[i]! })),
      config.parallelism,
      {
        launched: (i, now) => this.record(now, "server-launch", "deploy", { server: names[i]!, address: formatAddress(wiring.translation.servers[i]!.address) }),
        running: (i, now) => this.serverRunning(i, now),
      },
    );
    if (wiring.replicator.up) this.startReplication(0);
    this.seam.watch(RECOVERY, REPLICATOR, 0);
    wiring.replicator.onChange((up, now) => (up ? this.replicatorBack(now) : this.replicatorLost(now)));
    wiring.site.onChange((up, now) => this.siteChanged(up, now));
  }

  // ---- replication and the primary site ----

  private startReplication(now: number): void {
    this.seam.startSending(REPLICATOR, now);
    const rate = this.config.write_rate;
    this.stream = new ReplicationStream(this.ctx.sim, this.wiring.network, this.wiring.nodes[REPLICATOR]!, this.wiring.nodes[RECOVERY]!, this.config.checkpoint, (t) => rate * t, {
      committed: (s) => {
        this.committedPit = s.pit;
      },
      accepting: () => this.lostAt === undefined,
    }, rate * this.committedPit);
  }

  private replicatorLost(now: number): void {
    this.seam.stopSending(REPLICATOR);
    this.stream?.stop();
    this.stream = undefined;
    this.record(now, "replicator-down", this.wiring.replicator.lastCause, {});
  }

  private replicatorBack(now: number): void {
    // After a declared disaster the recovery is one way: the returning primary is not replicated again.
    if (this.lostAt === undefined) this.startReplication(now);
  }

  private siteChanged(up: boolean, now: number): void {
    if (!up) this.siteDownAt = now;
    else this.siteDownAt = undefined;
    // Before a declaration the primary's servers serve whenever the site is up; after it, only the recovered ones do.
    if (this.lostAt === undefined) this.service.set(up, now);
  }

  beatArrived(_receiver: number, _sender: number, now: number): void {
    this.lastHeard = now;
  }

  monitorExpired(monitor: number, now: number): void {
    if (monitor !== RECOVERY || this.lostAt !== undefined) return;
    // The primary was lost when its site went down or, if it is up but cut off, at the last beat heard.
    const lostAt = this.siteDownAt ?? this.lastHeard;
    this.lostAt = lostAt;
    this.stream?.stop();
    this.stream = undefined;
    this.service.set(false, now);
    this.record(now, "disaster-alarm", "heartbeat-timeout", { lost_at: lostAt, rpo_s: lostAt - this.committedPit });
    this.ctx.sim.scheduleAt(now + this.drawDeclare(), () => this.declare());
  }

  // ---- recovery ----

  private declare(): void {
    const now = this.ctx.sim.now;
    this.declaredAt = now;
    const t = this.wiring.translation;
    this.record(now, "disaster-declared", "operator", { conflicts: t.conflicts.length });
    for (const s of t.subnets) this.record(now, "subnet-translated", "subnet-map", { subnet: s.name, from: formatCidr(s.from), to: formatCidr(s.to) });
    for (const c of t.conflicts) this.record(now, "translation-conflict", c.kind, { name: c.name, mapped: c.mapped, with: c.with, to: c.to });
    this.createObject(0);
  }

  /** The recovery environment's objects, one after another. */
  private createObject(k: number): void {
    const objects = this.wiring.objects;
    if (k === objects.length) {
      this.environmentAt = this.ctx.sim.now;
      this.record(this.ctx.sim.now, "environment-ready", "created", { objects: objects.length });
      this.deployment.start();
      return;
    }
    this.ctx.sim.scheduleAt(this.ctx.sim.now + this.drawObject(), () => {
      this.record(this.ctx.sim.now, "object-created", "environment", { object: objects[k]! });
      this.createObject(k + 1);
    });
  }

  private serverRunning(i: number, now: number): void {
    this.recoveredAt[i] = now;
    this.record(now, "server-running", "booted", { server: this.config.servers[i]!.name, rto_s: now - this.lostAt! });
    if (this.deployment.allRunning) {
      this.service.set(true, now);
      this.record(now, "site-recovered", "all-servers-running", { rto_s: now - this.lostAt! });
    }
  }

  private record(now: number, event: string, cause: string, detail: Record<string, string | number | boolean | null>): void {
    if (this.ctx.trace.enabled) this.ctx.trace.record(now, this.name, event, cause, detail);
  }

  finish(): Record<string, MechanismMetric> {
    const t = this.wiring.translation;
    const metrics: Record<string, MechanismMetric> = {
      translation_conflicts: { value: t.conflicts.length, unit: "count" },
      // 0 or 1 (one disaster per replication): its mean over replications is the probability of one.
      disasters: { value: 0, unit: "count" },
    };
    const lost = this.lostAt;
    if (lost === undefined || lost < this.ctx.warmupS) return metrics;
    metrics.disasters = { value: 1, unit: "count" };
    metrics.rpo_s = { value: lost - this.committedPit, unit: "s" };
    metrics.data_loss_bytes = { value: this.config.write_rate * (lost - this.committedPit), unit: "bytes" };
    metrics.detection_time_s = { value: this.declaredAt !== undefined ? this.declaredAt - lost : this.ctx.sim.now - lost, unit: "s" };
    metrics.network_objects_created = { value: this.environmentAt !== undefined ? this.wiring.objects.length : 0, unit: "count" };
    if (this.environmentAt !== undefined) metrics.environment_time_s = { value: this.environmentAt - lost, unit: "s" };
    const by = this.config.recovered_by ?? Infinity;
    metrics.servers_recovered = { value: this.recoveredAt.filter((r) => r !== undefined && r - lost <= by + 1e-9).length, unit: "count" };
    if (this.deployment.allRunning) metrics.rto_s = { value: Math.max(...(this.recoveredAt as number[])) - lost, unit: "s" };
    this.config.servers.forEach((s, i) => {
      const r = this.recoveredAt[i];
      if (r !== undefined) metrics[`${s.name}.rto_s`] = { value: r - lost, unit: "s" };
    });
    return metrics;
  }
}

export const cloudDr: MechanismDefinition<CloudDrConfig> = {
  type: "cloud-dr",
  summary: "a primary site's servers replicated to a cloud recovery site; on a site disaster the IP configuration is translated (conflicts remapped), the environment created and the servers deployed in dependency order with bounded parallelism",
  configSchema: cloudDrConfig,
  metrics: [
    { name: "rto_s", unit: "s", description: "time from the loss of the primary site to the last server running at the recovery site (the site's RTO; absent without a disaster in the window or before it completes)" },
    { name: "<server>.rto_s", unit: "s", description: "per server: time from the loss of the primary to that server running at the recovery site" },
    { name: "rpo_s", unit: "s", description: "time from the newest checkpoint complete at the recovery site to the loss of the primary (the data-loss window)" },
    { name: "data_loss_bytes", unit: "bytes", description: "writes of that window: write_rate × rpo_s" },
    { name: "servers_recovered", unit: "count", description: "servers running at the recovery site within recovered_by of the disaster (by the end of the run without it): sweep recovered_by for the recovery curve", direction: "higher-is-better" },
    { name: "translation_conflicts", unit: "count", description: "subnets and addresses whose mapped place was in use at the recovery site (or already given) and that were remapped", direction: "none" },
    { name: "network_objects_created", unit: "count", description: "network objects of the recovery environment created (network, subnets, route tables)", direction: "none" },
    { name: "detection_time_s", unit: "s", description: "time from the loss of the primary to the declaration of the disaster (heartbeat alarm plus declare_delay)" },
    { name: "environment_time_s", unit: "s", description: "time from the loss of the primary to the recovery environment being ready" },
    { name: "disasters", unit: "count", description: "1 in a replication whose disaster fell in the window, else 0", direction: "none" },
  ],
  build(ctx, name, config) {
    const site = resolveExactlyOne(ctx.inventory, config.site, "site", "one component");
    if (site.kind !== "site") throw new ModelReferenceError(`${site.id} is a ${site.kind}; the primary is a component of kind site`, ["site"]);
    const replicator = resolveExactlyOne(ctx.inventory, config.replicator, "replicator", "one component");
    const recovery = resolveExactlyOne(ctx.inventory, config.recovery, "recovery", "one component");
    if (!containersOfKind(replicator, "site").includes(site)) throw new ModelReferenceError(`the replicator ${replicator.id} is not in the primary site ${site.id}; give it in: ${site.id} (or in a host of it)`, ["replicator"]);
    if (containersOfKind(recovery, "site").includes(site)) throw new ModelReferenceError(`the recovery node ${recovery.id} is in the primary site ${site.id}; a site disaster would take it too`, ["recovery"]);
    const network = resolveNetwork(ctx.networks, config.network, ["network"]);
    const nodes = [replicator, recovery].map((c, i) => {
      const node = network.nodeFor(c);
      if (node === undefined) throw new ModelReferenceError(`${c.id} cannot reach network "${config.network}": neither it nor a container of it is joined by a link of that network`, [i === 0 ? "replicator" : "recovery"]);
      return node;
    });
    const translation = translate(config);
    return new CloudDr(ctx, name, { site, replicator, nodes, network, translation, objects: networkObjects(translation) }, config);
  },
};
