import { drawer } from "../../engine/distributions.js";
import type { MechanismContext, MechanismDefinition, MechanismInstance, MechanismMetric } from "../mechanism.js";
import { putMean } from "../mean-tally.js";
import { nfvPolicyConfig, type NfvPolicyConfig } from "./config.js";
import { NfvEngine } from "./engine.js";
import { type Fleet, resolveFleet } from "./fleet.js";
import { HostProbe } from "../host-probe.js";

/**
 * Network-function virtualisation policy management (ONAP's policy
 * framework is the analogue): hosts with CPU and memory run
 * VNF instances that form service chains. An event (a host failure or
 * return seen through its status signal after a detection delay, a host
 * degraded by fail-slow as a health probe tells, a load surge) triggers an
 * allocation policy (which hosts) and a deployment policy (which instance
 * where); each deployment takes a time. See docs/mechanisms/nfv-policy.md.
 */
class NfvPolicy implements MechanismInstance {
  readonly services;
  private readonly engine: NfvEngine;

  constructor(
    ctx: MechanismContext,
    name: string,
    private readonly fleet: Fleet,
    config: NfvPolicyConfig,
  ) {
    const stream = (purpose: string) => () => ctx.streams.stream(`${name}/${purpose}`);
    this.engine = new NfvEngine(ctx, name, fleet, {
      policies: { allocation: config.allocation, deployment: config.deployment, headroom: config.headroom / 100 },
      rebalance: config.rebalance,
      drawDetection: drawer(config.detection_delay, stream("detection")),
      drawDeploy: drawer(config.deploy_time, stream("deploy")),
    });
    this.services = { [name]: this.engine.service };
    const settings = { periodS: config.probe_period, workS: config.probe_work, slowThreshold: config.slow_threshold };
    for (const host of fleet.hosts) {
      new HostProbe(ctx.sim, host.processors, settings, (degraded, now) => this.engine.probed(host.index, degraded, now)).start();
    }
    config.surges.forEach((s, i) => {
      const vnf = fleet.vnfs.find((v) => v.name === s.vnf)!;
      const source = `surge:${i}`;
      const drawDuration = drawer(s.duration, stream(`surge/${i}/duration`));
      const begin = () => {
        this.engine.surge(vnf, s.extra, source, ctx.sim.now);
        ctx.sim.scheduleUnlessNever(drawDuration(), () => {
          this.engine.surge(vnf, -s.extra, source, ctx.sim.now);
          if (drawGap !== undefined) ctx.sim.scheduleUnlessNever(drawGap(), begin);
        });
      };
      const every = s.every === undefined ? undefined : typeof s.every === "number" ? ({ kind: "exponential", mean: s.every } as const) : s.every;
      const drawGap = every === undefined ? undefined : drawer(every, stream(`surge/${i}/every`));
      if (drawGap !== undefined) ctx.sim.scheduleUnlessNever(drawGap(), begin);
      const at = s.at === undefined ? [] : typeof s.at === "number" ? [s.at] : s.at;
      for (const t of at) ctx.sim.scheduleAt(t, begin);
    });
  }

  finish(): Record<string, MechanismMetric> {
    const e = this.engine;
    const metrics: Record<string, MechanismMetric> = {};
    let sum = 0;
    this.fleet.chains.forEach((chain, c) => {
      const a = e.chains.availability(c);
      sum += a;
      metrics[`${chain.name}.chain_availability`] = { value: a, unit: "fraction" };
    });
    metrics.chain_availability = { value: sum / this.fleet.chains.length, unit: "fraction" };
    metrics.chain_outages = { value: e.chains.outages, unit: "count" };
    putMean(metrics, "time_to_restore_s", e.chains.restore, "s");
    metrics.deploy_actions = { value: e.deployActions, unit: "count" };
    metrics.capacity_shortfall_events = { value: e.shortfallEvents, unit: "count" };
    metrics.policy_violations = { value: e.audit.violations, unit: "count" };
    metrics.utilization = { value: e.utilization.utilization(), unit: "fraction" };
    return metrics;
  }
}

export const nfvPolicy: MechanismDefinition<NfvPolicyConfig> = {
  type: "nfv-policy",
  summary: "VNF service chains on NFVI hosts: on a host failure, degradation or load surge an allocation policy picks hosts and a deployment policy places instances; chain availability, time to restore, shortfalls",
  configSchema: nfvPolicyConfig,
  metrics: [
    { name: "<chain>.chain_availability", unit: "fraction", description: "per chain: fraction of the window each of its VNFs had its needed running instances" },
    { name: "chain_availability", unit: "fraction", description: "mean of the per-chain availabilities (chain-time up over chain-time)" },
    { name: "chain_outages", unit: "count", description: "chain outages begun in the window, summed over chains", direction: "lower-is-better" },
    { name: "time_to_restore_s", unit: "s", description: "mean duration of the chain outages begun in the window (detection + placement + deployment, or waiting for capacity); absent without one" },
    { name: "deploy_actions", unit: "count", description: "instance deployments started in the window (restorations, scale-outs, drains of degraded hosts, rebalancing)", direction: "none" },
    { name: "capacity_shortfall_events", unit: "count", description: "times in the window a placement round left a wanted instance without an admissible host (each episode once, until every instance is placed)", direction: "lower-is-better" },
    { name: "policy_violations", unit: "count", description: "placements breaking a rule (over capacity, anti-affinity, headroom reserve, a host seen down or degraded), by an independent ledger; 0 for the built-in policies", direction: "lower-is-better" },
    { name: "utilization", unit: "fraction", description: "CPU reserved by instances on working hosts over those hosts' CPU capacity, time-averaged over the window", direction: "none" },
  ],
  build(ctx, name, config) {
    return new NfvPolicy(ctx, name, resolveFleet(ctx.inventory, config), config);
  },
};
