import { z } from "zod";
import type { DistributionSpec } from "../engine/distribution.js";
import { makeDistribution } from "../engine/distributions.js";
import { exponentialFromFit, exponentialFromMean } from "../engine/reliability-params.js";
import { FAULT_TYPES, type FaultType } from "../faults/kinds.js";
import { distribution, fixedOrDistribution } from "./distribution-schema.js";
import { NAME, NAME_RULE } from "./hardware-schema.js";
import { duration, probability } from "./zod-units.js";

const reference = z.string().min(1);
const references = z.union([reference, z.array(reference).min(1)]);

/** A duration that is fixed when written as `30s`, random when written as a distribution. */
const fixedOrRandom = fixedOrDistribution();

/** Which fields each fault type needs (beyond type and exactly one of every / fit / at). */
const NEEDS: Readonly<Record<FaultType, readonly string[]>> = {
  "fail-stop": ["target"],
  transient: ["target", "duration"],
  hang: ["target", "duration"],
  "fail-slow": ["target", "duration", "factor"],
  precursor: ["target", "lead"],
  "correctable-error": ["target"],
  "uncorrectable-error": ["target"],
  "latent-sector-error": ["target"],
  "message-loss": ["target", "loss", "duration"],
  partition: ["between", "duration"],
};
/** Fields only some types take. */
const ONLY: Readonly<Record<string, readonly FaultType[]>> = {
  duration: ["transient", "hang", "fail-slow", "message-loss", "partition"],
  loss: ["message-loss"],
  factor: ["fail-slow"],
  lead: ["precursor"],
  burst: ["correctable-error"],
  between: ["partition"],
  network: ["partition"],
  target: ["fail-stop", "transient", "hang", "fail-slow", "precursor", "correctable-error", "uncorrectable-error", "latent-sector-error", "message-loss"],
};

export const faultSchema = z
  .strictObject({
    /** What happens (see `ftsim list`). */
    type: z.enum(FAULT_TYPES).describe("What happens (see `ftsim list`)."),
    /** Label used as the cause in traces; defaults to the type. */
    name: z.string().regex(NAME, NAME_RULE).optional().describe("Label used as the cause in traces; defaults to the type."),
    /** Where: a group (`disk`), an instance (`disk[3]`), `kind:<kind>` (every component of that kind), or a list of these. */
    target: references.optional().describe("Where: a group (`disk`), an instance (`disk[3]`), `kind:<kind>` (every component of that kind), or a list of these."),
    /** Time between faults per target instance: a mean (exponential, e.g. `1000h`) or a distribution; the clock restarts when the previous fault is over. */
    every: z
      .union([
        duration().refine((v) => v > 0, "every must be > 0"),
        // A mean of 0 would make a renewal strike again and again at one instant.
        distribution.refine((d) => makeDistribution(d).mean > 0, "the time between faults must have a mean > 0"),
      ])
      .optional()
      .describe(
      "Time between faults per target instance: a mean (exponential, e.g. `1000h`) or a distribution; the clock restarts when the previous fault is over.",
    ),
    /** Fault rate per target instance in FIT (faults per 1e9 device-hours), exponential; instead of `every`. */
    fit: z.number().positive().optional().describe("Fault rate per target instance in FIT (faults per 1e9 device-hours), exponential; instead of `every`."),
    /** Scripted: the simulated time(s) at which the fault happens, e.g. `10h` or `[2h, 5h]`. */
    at: z.union([duration(), z.array(duration()).min(1)]).optional().describe("Scripted: the simulated time(s) at which the fault happens, e.g. `10h` or `[2h, 5h]`."),
    /** How long a transient outage, hang, slowdown or partition lasts: fixed (`30s`) or a distribution. */
    duration: fixedOrRandom.optional().describe("How long a transient outage, hang, slowdown or partition lasts: fixed (`30s`) or a distribution."),
    /** fail-slow: the fraction of its speed (a link: of its bandwidth) the target keeps, in (0, 1]. */
    factor: z.number().positive().max(1).optional().describe("fail-slow: the fraction of its speed (a link: of its bandwidth) the target keeps, in (0, 1]."),
    /** message-loss: the probability a message crossing the link is lost during the fault, e.g. `20%`. */
    loss: probability().optional().describe("message-loss: the probability a message crossing the link is lost during the fault, e.g. `20%`."),
    /** precursor: how long before the announced failure the precursor signal comes: fixed or a distribution. */
    lead: fixedOrRandom.optional().describe("precursor: how long before the announced failure the precursor signal comes: fixed or a distribution."),
    /** correctable-error: mean number of errors per burst (geometric), at least 1. Default 1. */
    burst: z.number().min(1).optional().describe("correctable-error: mean number of errors per burst (geometric), at least 1. Default 1."),
    /** partition: the network it cuts, e.g. `lan`. Default: every network with nodes on both sides. */
    network: z.string().min(1).optional().describe("partition: the network it cuts, e.g. `lan`. Default: every network with nodes on both sides."),
    /** partition: the two sides, e.g. `[[host[0], host[1]], [host[2]]]`. */
    between: z.tuple([references, references]).optional().describe("partition: the two sides, e.g. `[[host[0], host[1]], [host[2]]]`."),
  })
  .superRefine((f, ctx) => {
    const when = (["every", "fit", "at"] as const).filter((k) => f[k] !== undefined);
    if (when.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: when.length > 1 ? [when[1]!] : [],
        message: when.length === 0 ? "say when: give one of every (stochastic), fit (stochastic) or at (scripted)" : `give only one of every, fit or at (got ${when.join(" and ")})`,
      });
    }
    for (const field of NEEDS[f.type]) {
      if ((f as Record<string, unknown>)[field] === undefined) ctx.addIssue({ code: "custom", path: [], message: `a ${f.type} fault needs \`${field}\`` });
    }
    for (const [field, types] of Object.entries(ONLY)) {
      if ((f as Record<string, unknown>)[field] !== undefined && !types.includes(f.type)) {
        ctx.addIssue({ code: "custom", path: [field], message: `\`${field}\` applies to ${types.join(", ")} faults, not to ${f.type}` });
      }
    }
  })
  .transform((f) => {
    const list = (r: string | string[] | undefined) => (r === undefined ? [] : typeof r === "string" ? [r] : r);
    const when: FaultTiming =
      f.at !== undefined
        ? { kind: "at", times: (typeof f.at === "number" ? [f.at] : f.at).slice().sort((a, b) => a - b) }
        : { kind: "every", interval: f.fit !== undefined ? exponentialFromFit(f.fit) : typeof f.every === "number" ? exponentialFromMean(f.every) : f.every! };
    return {
      type: f.type,
      name: f.name ?? f.type,
      targets: list(f.target),
      when,
      duration: f.duration,
      factor: f.factor,
      loss: f.loss,
      lead: f.lead,
      burst: f.burst ?? 1,
      network: f.network,
      between: f.between === undefined ? undefined : ([list(f.between[0]), list(f.between[1])] as const),
    };
  });

/** When a fault happens: a renewal process per target instance, or at fixed times. */
export type FaultTiming = { kind: "every"; interval: DistributionSpec } | { kind: "at"; times: number[] };

export type FaultSpec = z.output<typeof faultSchema>;
