import { z } from "zod";
import { MECHANISMS } from "../mechanisms/registry.js";
import { componentSchema, NAME, NAME_RULE } from "./hardware-schema.js";
import { faultSchema } from "./fault-schema.js";
import { vocabulary } from "./vocabulary.js";
import { sweepSchema } from "./sweep.js";
import { duration } from "./zod-units.js";

/** A service structure as written: a component/service name, or a gate over sub-structures. */
export type StructureInput =
  | string
  | { series: StructureInput[] }
  | { parallel: StructureInput[] }
  | { k: number; of: string | StructureInput[] };

const structure: z.ZodType<StructureInput> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z.strictObject({ series: z.array(structure).min(1) }),
    z.strictObject({ parallel: z.array(structure).min(1) }),
    z.strictObject({ k: z.int().positive(), of: z.union([z.string().min(1), z.array(structure).min(1)]) }),
  ]),
);

function mechanismEntries() {
  const entries = MECHANISMS.map((m) =>
    m.configSchema(vocabulary).extend({
      /** Which mechanism (see `ftsim list`). */
      type: z.literal(m.type).describe("Which mechanism (see `ftsim list`)."),
      /** Instance name: prefixes its metrics and names the service it provides. Defaults to the type. */
      name: z.string().regex(NAME, NAME_RULE).optional().describe("Instance name: prefixes its metrics and names the service it provides. Defaults to the type."),
    }),
  );
  return z.discriminatedUnion("type", entries as unknown as [z.ZodObject, ...z.ZodObject[]]);
}

/** The scenario file format. `ftsim schema` prints it as JSON Schema. */
export const scenarioSchema = z.strictObject({
  /** Short name of the scenario, used in reports. */
  name: z.string().min(1).describe("Short name of the scenario, used in reports."),
  /** What the scenario models, in a sentence or two. */
  description: z.string().optional().describe("What the scenario models, in a sentence or two."),
  /** Master seed; replication r draws from streams seeded by (seed, r, stream name). Default 1. */
  seed: z.union([z.int().nonnegative(), z.string().min(1)]).default(1).describe("Master seed; replication r draws from streams seeded by (seed, r, stream name). Default 1."),
  /** Independent replications, at least 2 (a confidence interval needs two). Default 30. */
  replications: z.int().min(2, "at least 2 replications are needed for a confidence interval").default(30).describe("Independent replications, at least 2 (a confidence interval needs two). Default 30."),
  /** Simulated time per replication, e.g. `10y`. */
  horizon: duration().refine((h) => h > 0, "horizon must be > 0").describe("Simulated time per replication, e.g. `10y`."),
  /** Initial part of each replication excluded from the metrics, e.g. `100h`. Default 0. */
  warmup: duration().default(0).describe("Initial part of each replication excluded from the metrics, e.g. `100h`. Default 0."),
  /** Safety limits. */
  limits: z
    .strictObject({
      /** Most events one replication may process before it is stopped as a runaway (exit code 3). Default 1e9 (a year of a 1 s heartbeat over two lossy hops is about 1e8 events; 1e9 stops a runaway after a few minutes of CPU). */
      max_events: z.int().positive().default(1_000_000_000).describe("Most events one replication may process before it is stopped as a runaway (exit code 3). Default 1e9 (a year of a 1 s heartbeat over two lossy hops is about 1e8 events; 1e9 stops a runaway after a few minutes of CPU)."),
    })
    .default({ max_events: 1_000_000_000 }),
  /** Repair resources shared by all components. */
  repair: z
    .strictObject({
      /** Number of repair crews working in parallel, or `unlimited`. Default unlimited. */
      crews: z.union([z.int().positive(), z.literal("unlimited")]).default("unlimited").describe("Number of repair crews working in parallel, or `unlimited`. Default unlimited."),
    })
    .default({ crews: "unlimited" }),
  /** The hardware: groups of components of the kinds `ftsim list` shows. */
  components: z.array(componentSchema).min(1).describe("The hardware: groups of components of the kinds `ftsim list` shows."),
  /** Injected faults, stochastic (`every`, `fit`) or scripted (`at`). */
  faults: z.array(faultSchema).default([]).describe("Injected faults, stochastic (`every`, `fit`) or scripted (`at`)."),
  /** When the service is up, in terms of components and mechanism services. Required when a mechanism provides a service; otherwise every component in series. */
  service: structure.optional().describe("When the service is up, in terms of components and mechanism services. Required when a mechanism provides a service; otherwise the default is every component in series."),
  /** Fault-tolerance mechanisms running on the hardware. */
  mechanisms: z.array(z.lazy(mechanismEntries)).default([]).describe("Fault-tolerance mechanisms running on the hardware."),
  /** Runs of the scenario at other parameter values, for `ftsim sweep` and `ftsim compare --variants` (see sweep.ts). */
  sweep: sweepSchema.optional(),
}).superRefine((s, ctx) => {
  if (s.warmup >= s.horizon) {
    ctx.addIssue({ code: "custom", path: ["warmup"], message: `warmup (${s.warmup} s) must be shorter than the horizon (${s.horizon} s)` });
  }
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type { ComponentSpec } from "./hardware-schema.js";
export type { FaultSpec } from "./fault-schema.js";
