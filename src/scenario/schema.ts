import { z } from "zod";
import type { DistributionSpec } from "../engine/distribution.js";
import { exponentialFromMean } from "../engine/reliability-params.js";
import { MECHANISMS } from "../mechanisms/registry.js";
import { distribution } from "./distribution-schema.js";
import { vocabulary } from "./vocabulary.js";
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

/** Largest `count` of one group: beyond it a typo (1e9) would exhaust memory before the run starts. */
const MAX_COUNT = 1_000_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const component = z
  .strictObject({
    /** Group name; instances are `name[0]`, `name[1]`... (or just `name` when count is 1). */
    name: z.string().regex(NAME, "a name starts with a letter or _, then letters, digits, _ or -").describe("Group name; instances are `name[0]`, `name[1]`... (or just `name` when count is 1)."),
    /** Hardware kind, for `ftsim list` and traces; defaults to the name. */
    kind: z.string().optional().describe("Hardware kind, for `ftsim list` and traces; defaults to the name."),
    /** Number of identical instances. Default 1. */
    count: z.int().positive().max(MAX_COUNT, `at most ${MAX_COUNT} instances per group`).default(1).describe("Number of identical instances. Default 1."),
    /** Mean time to failure (exponential), e.g. `1000h`. Shorthand for `failure: {dist: exponential, mean: ...}`. */
    mttf: duration().refine((v) => v > 0, "mttf must be > 0").optional().describe("Mean time to failure (exponential), e.g. `1000h`. Shorthand for `failure: {dist: exponential, mean: ...}`."),
    /** Mean time to repair (exponential), e.g. `10h`. Shorthand for `repair: {dist: exponential, mean: ...}`. */
    mttr: duration().refine((v) => v > 0, "mttr must be > 0 (use `repair: none` for a component that is never repaired)").optional().describe("Mean time to repair (exponential), e.g. `10h`. Shorthand for `repair: {dist: exponential, mean: ...}`."),
    /** Time-to-failure distribution. */
    failure: distribution.optional().describe("Time-to-failure distribution."),
    /** Repair-time distribution, or `none` for a component that is never repaired. */
    repair: z.union([distribution, z.literal("none")]).optional().describe("Repair-time distribution, or `none` for a component that is never repaired."),
  })
  .superRefine((c, ctx) => {
    if ((c.mttf === undefined) === (c.failure === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of mttf or failure", path: c.mttf === undefined ? [] : ["failure"] });
    }
    if ((c.mttr === undefined) === (c.repair === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "give exactly one of mttr or repair (use `repair: none` for a component that is never repaired)",
        path: c.mttr === undefined ? [] : ["repair"],
      });
    }
  })
  .transform((c) => ({
    name: c.name,
    kind: c.kind ?? c.name,
    count: c.count,
    failure: (c.failure ?? exponentialFromMean(c.mttf!)) as DistributionSpec,
    repair: (c.repair === "none" ? undefined : (c.repair ?? exponentialFromMean(c.mttr!))) as DistributionSpec | undefined,
  }));

function mechanismEntries() {
  const entries = MECHANISMS.map((m) =>
    m.configSchema(vocabulary).extend({
      /** Which mechanism (see `ftsim list`). */
      type: z.literal(m.type).describe("Which mechanism (see `ftsim list`)."),
      /** Instance name: prefixes its metrics and names the service it provides. Defaults to the type. */
      name: z.string().regex(NAME).optional().describe("Instance name: prefixes its metrics and names the service it provides. Defaults to the type."),
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
      /** Most events one replication may process before it is stopped as a runaway (exit code 3). Default 1e8. */
      max_events: z.int().positive().default(100_000_000).describe("Most events one replication may process before it is stopped as a runaway (exit code 3). Default 1e8."),
    })
    .default({ max_events: 100_000_000 }),
  /** Repair resources shared by all components. */
  repair: z
    .strictObject({
      /** Number of repair crews working in parallel, or `unlimited`. Default unlimited. */
      crews: z.union([z.int().positive(), z.literal("unlimited")]).default("unlimited").describe("Number of repair crews working in parallel, or `unlimited`. Default unlimited."),
    })
    .default({ crews: "unlimited" }),
  /** The hardware: groups of repairable components. */
  components: z.array(component).min(1).describe("The hardware: groups of repairable components."),
  /** When the service is up, in terms of components and mechanism services. Required when a mechanism provides a service; otherwise every component in series. */
  service: structure.optional().describe("When the service is up, in terms of components and mechanism services. Required when a mechanism provides a service; otherwise the default is every component in series."),
  /** Fault-tolerance mechanisms running on the hardware. */
  mechanisms: z.array(z.lazy(mechanismEntries)).default([]).describe("Fault-tolerance mechanisms running on the hardware."),
}).superRefine((s, ctx) => {
  if (s.warmup >= s.horizon) {
    ctx.addIssue({ code: "custom", path: ["warmup"], message: `warmup (${s.warmup} s) must be shorter than the horizon (${s.horizon} s)` });
  }
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ComponentSpec = Scenario["components"][number];
