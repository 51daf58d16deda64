import { RandomStreams } from "../engine/random.js";
import { Simulator } from "../engine/simulator.js";
import { ComponentUptime } from "../metrics/component-uptime.js";
import { ServiceMonitor } from "../metrics/service-monitor.js";
import type { Scenario } from "../scenario/schema.js";
import type { ObservedRatio, ObservedTime, ObservedValue, ReplicationOutput } from "../metrics/replication-output.js";
import { buildModel } from "./model.js";

export type { ObservedRatio, ObservedTime, ObservedValue, ReplicationOutput } from "../metrics/replication-output.js";

/** Runs replication `r` of a scenario: its own simulator, its own streams seeded by (seed, r). */
export function runReplication(scenario: Scenario, seed: number | string, replication: number): ReplicationOutput {
  const sim = new Simulator({ maxEvents: scenario.limits.max_events });
  const streams = new RandomStreams(seed, replication);
  const model = buildModel(scenario, sim, streams);
  const monitor = new ServiceMonitor(model.service, scenario.warmup, scenario.horizon);
  const components = new ComponentUptime(model.inventory.components, scenario.warmup, scenario.horizon);
  model.start();
  sim.run({ until: scenario.horizon });

  const service = monitor.finish();
  const values: Record<string, ObservedValue> = {
    availability: { value: service.availability, unit: "fraction" },
    unavailability: { value: service.unavailability, unit: "fraction" },
    downtime_s: { value: service.downtimeS, unit: "s" },
    outages: { value: service.outages, unit: "count" },
    component_availability: { value: components.finish(), unit: "fraction" },
    events: { value: sim.eventsProcessed, unit: "count" },
  };
  const ratios: Record<string, ObservedRatio> = {
    mttr_s: { numerator: service.completedOutageS, denominator: service.completedOutages, unit: "s", events: service.completedOutageDurations },
    mtbf_s: { numerator: service.uptimeS, denominator: service.outages, unit: "s" },
  };
  const times: Record<string, ObservedTime> = {
    first_failure_s: { time: service.firstFailureS, observed: service.firstFailureObserved, unit: "s" },
  };
  for (const { name, instance } of model.mechanisms) {
    for (const [metric, observed] of Object.entries(instance.finish())) {
      const key = `${name}.${metric}`;
      const pooled = observed.pooled;
      // A mean over events is pooled as a ratio over replications (Σ values / Σ events).
      if (pooled === undefined) values[key] = { value: observed.value, unit: observed.unit };
      else ratios[key] = { numerator: pooled.sum, denominator: pooled.count, unit: observed.unit, events: [...pooled.events] };
    }
    for (const [metric, observed] of Object.entries(instance.times?.() ?? {})) times[`${name}.${metric}`] = observed;
  }
  return {
    replication,
    values,
    times,
    ratios,
  };
}
