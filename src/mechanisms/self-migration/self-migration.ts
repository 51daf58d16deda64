import type { DistributionSpec } from "../../engine/distribution.js";
import { makeDistribution } from "../../engine/distributions.js";
import { HostProbe } from "../host-probe.js";
import type { MechanismDefinition, MechanismInstance, MechanismMetric } from "../mechanism.js";
import { putMean } from "../mean-tally.js";
import { selfMigrationConfig, type SelfMigrationConfig } from "./config.js";
import { resolveFleet } from "./fleet.js";
import { Swarm } from "./swarm.js";

/**
 * Self-determining service objects: hosts announce their capability
 * parameters, objects announce their service type and needs, evaluate
 * their host each period (predicted to fail, degraded, a needed capability
 * gone, load above a threshold) and migrate themselves to a host that
 * accepts them, with no central manager. See docs/mechanisms/self-migration.md.
 */
export class SelfMigration implements MechanismInstance {
  readonly services;

  /** The live state of the replication (hosts' agents, objects), for tests and library users. */
  constructor(readonly swarm: Swarm) {
    this.services = { [swarm.service.id]: swarm.service };
  }

  finish(): Record<string, MechanismMetric> {
    const s = this.swarm;
    const metrics: Record<string, MechanismMetric> = {
      availability: { value: s.availability(), unit: "fraction" },
      migrations: { value: s.migrations, unit: "count" },
      failed_migrations: { value: s.failedMigrations, unit: "count" },
      ping_pong: { value: s.pingPong, unit: "count" },
      announce_messages: { value: s.announceMessages, unit: "count" },
    };
    putMean(metrics, "migration_time_s", s.migrationTime, "s");
    putMean(metrics, "convergence_time_s", s.convergence, "s");
    putMean(metrics, "probes_per_migration", s.probesPerMigration, "count");
    putMean(metrics, "rounds_to_candidate", s.roundsToCandidate, "count");
    return metrics;
  }
}

export const selfMigration: MechanismDefinition<SelfMigrationConfig> = {
  type: "self-migration",
  summary: "service objects that announce their needs, hear hosts' capabilities over the network and migrate themselves (request, code + state transfer, switch) with no central manager; ping-pong, convergence (case K)",
  configSchema: selfMigrationConfig,
  metrics: [
    { name: "availability", unit: "fraction", description: "mean over the objects of the fraction of the window each was running (its host up, not in its final switch)" },
    { name: "migrations", unit: "count", description: "migrations completed in the window", direction: "none" },
    { name: "migration_time_s", unit: "s", description: "mean time from the accepted request to the end of the switch, over migrations completed in the window; absent without one" },
    { name: "failed_migrations", unit: "count", description: "requests refused or unanswered and transfers failed, in the window", direction: "lower-is-better" },
    { name: "ping_pong", unit: "count", description: "migrations in the window back to a host the object left less than `ping_pong_window` ago", direction: "lower-is-better" },
    { name: "convergence_time_s", unit: "s", description: "mean duration of the episodes begun in the window during which some object met its criterion to leave, until none did; absent without one" },
    { name: "announce_messages", unit: "count", description: "announcement messages sent in the window (hosts' and objects', one per receiving host)", direction: "lower-is-better" },
    { name: "probes_per_migration", unit: "count", description: "mean requests a completed migration took (the random probing of case K); absent without one", direction: "lower-is-better" },
    { name: "rounds_to_candidate", unit: "count", description: "mean evaluation rounds of a search until its object had heard of a candidate host (1 if it knew one at once); absent without one", direction: "lower-is-better" },
  ],
  build(ctx, name, config) {
    const fleet = resolveFleet(ctx.inventory, ctx.networks, config);
    const draw = (spec: DistributionSpec, purpose: string): (() => number) => {
      if (spec.kind === "deterministic") return () => spec.value;
      const d = makeDistribution(spec);
      const rng = ctx.streams.stream(`${name}/${purpose}`);
      return () => d.sample(rng);
    };
    const swarm = new Swarm(ctx, name, fleet, {
      config,
      phaseOf: (id) => ctx.streams.stream(`${name}/${id}/phase`).next(),
      stream: (purpose) => ctx.streams.stream(`${name}/${purpose}`),
      draw,
    });
    const settings = { periodS: config.probe_period, workS: config.probe_work, slowThreshold: config.slow_threshold };
    for (const host of fleet.hosts) new HostProbe(ctx.sim, host.processors, settings, (degraded, now) => swarm.probed(host.index, degraded, now)).start();
    return new SelfMigration(swarm);
  },
};
