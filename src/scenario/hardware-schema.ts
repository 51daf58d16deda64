import { z } from "zod";
import type { DistributionSpec } from "../engine/distribution.js";
import { exponentialFromMean } from "../engine/reliability-params.js";
import { HARDWARE_KIND_NAMES, KIND_FIELDS, type HardwareKind } from "../hardware/kinds.js";
import { distribution } from "./distribution-schema.js";
import { suggest } from "../math/did-you-mean.js";
import { duration, probability, rate, size } from "./zod-units.js";

/** Largest `count` of one group: beyond it a typo (1e9) would exhaust memory before the run starts. */
const MAX_COUNT = 1_000_000;

export const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const NAME_RULE = "a name starts with a letter or _, then letters, digits, _ or -";

/** A reference to components: a group (`host`), an instance (`host[3]`) or every component of a kind (`kind:disk`). */
const reference = z.string().min(1);

const positiveNumber = () => z.number().positive();

/**
 * The fields of one component group as written. Kind-specific fields are
 * optional here and checked against the kind afterwards, so that a field
 * given to the wrong kind gets a message naming the kinds it belongs to.
 */
const componentFields = {
  /** Group name; instances are `name[0]`, `name[1]`... (or just `name` when count is 1). */
  name: z.string().regex(NAME, NAME_RULE).describe("Group name; instances are `name[0]`, `name[1]`... (or just `name` when count is 1)."),
  /** Hardware kind (see `ftsim list`). Default `component`, a generic repairable unit. */
  kind: z.enum(HARDWARE_KIND_NAMES).default("component").describe("Hardware kind (see `ftsim list`). Default `component`, a generic repairable unit."),
  /** Number of identical instances. Default 1. */
  count: z.int().positive().max(MAX_COUNT, `at most ${MAX_COUNT} instances per group`).default(1).describe("Number of identical instances. Default 1."),
  /**
   * Containers (host, rack, power domain, site): a group, an instance, or a list of them. A group of
   * the same size pairs instance i with member i; another size spreads the instances in equal blocks.
   */
  in: z.union([reference, z.array(reference).min(1)]).optional().describe(
    "Containers this group sits in: a group, an instance, or a list of them. A group of the same count pairs instance i with its member i; a group of another count spreads the instances over it in equal consecutive blocks.",
  ),
  /** Mean time to failure (exponential), e.g. `1000h`. Shorthand for `failure: {dist: exponential, mean: ...}`. */
  mttf: duration().refine((v) => v > 0, "mttf must be > 0").optional().describe("Mean time to failure (exponential), e.g. `1000h`. Shorthand for `failure: {dist: exponential, mean: ...}`. Omit both for hardware that fails only through `faults:`."),
  /** Mean time to repair (exponential), e.g. `10h`. Shorthand for `repair: {dist: exponential, mean: ...}`. */
  mttr: duration().refine((v) => v > 0, "mttr must be > 0 (use `repair: none` for a component that is never repaired)").optional().describe("Mean time to repair (exponential), e.g. `10h`. Shorthand for `repair: {dist: exponential, mean: ...}`."),
  /** Time-to-failure (fail-stop) distribution. */
  failure: distribution.optional().describe("Time-to-failure (fail-stop) distribution."),
  /** Repair-time distribution of every fail-stop failure, or `none` for a component that is never repaired. */
  repair: z.union([distribution, z.literal("none")]).optional().describe("Repair-time distribution of every fail-stop failure (its own or injected), or `none` for a component that is never repaired."),

  // processor
  /** processor: relative speed (1 = nominal); work of w seconds takes w / speed. Default 1. */
  speed: positiveNumber().optional().describe("processor: relative speed (1 = nominal); work of w seconds takes w / speed. Default 1."),
  // dimm
  /** dimm: capacity, e.g. `32GiB`. */
  size: size().optional().describe("dimm: capacity, e.g. `32GiB`."),
  /** dimm: page size, e.g. `4KiB`. */
  page_size: size().optional().describe("dimm: page size, e.g. `4KiB`."),
  /** dimm: how far back correctable errors are kept for windowed counts and rates, e.g. `24h`. */
  ce_history: duration().refine((v) => v > 0, "ce_history must be > 0").optional().describe("dimm: how far back correctable errors are kept for windowed counts and rates, e.g. `24h`."),
  // disk
  /** disk: capacity, e.g. `16TB`. */
  capacity: size().optional().describe("disk: capacity, e.g. `16TB`."),
  /** disk: extent size, the unit of allocation and rebuild, e.g. `1GiB`. */
  extent_size: size().optional().describe("disk: extent size, the unit of allocation and rebuild, e.g. `1GiB`."),
  /** disk: sequential read bandwidth, e.g. `250MB/s`. */
  read_bandwidth: rate().optional().describe("disk: sequential read bandwidth, e.g. `250MB/s`."),
  /** disk: sequential write bandwidth, e.g. `250MB/s`. */
  write_bandwidth: rate().optional().describe("disk: sequential write bandwidth, e.g. `250MB/s`."),
  /** disk: fraction of the bandwidth rebuild I/O gets while foreground I/O is active, e.g. `30%`. */
  rebuild_share: probability().optional().describe("disk: fraction of the bandwidth rebuild I/O gets while foreground I/O is active, e.g. `30%`."),
  /** disk: fraction of the time foreground I/O is active, e.g. `50%`. */
  foreground_busy: probability().optional().describe("disk: fraction of the time foreground I/O is active, e.g. `50%`."),
  /** disk: bandwidth of a background scrub, e.g. `50MB/s`. */
  scrub_bandwidth: rate().optional().describe("disk: bandwidth of a background scrub, e.g. `50MB/s`."),
  // link
  /** link: the two nodes it joins (`[host, tor]`); group references pair or spread as for `in`. */
  connects: z.tuple([reference, reference]).optional().describe("link: the two nodes it joins, e.g. `[host, tor]`; a group reference pairs or spreads as for `in`."),
  /** link: the network it belongs to, e.g. `fabric` or `lan`. Default `lan`. */
  network: z.string().regex(NAME, NAME_RULE).optional().describe("link: the network it belongs to, e.g. `fabric` or `lan`. Default `lan`."),
  /** link: bandwidth, e.g. `10Gbit/s`. */
  bandwidth: rate().optional().describe("link: bandwidth, e.g. `10Gbit/s`."),
  /** link: one-way propagation latency, e.g. `50us`. */
  latency: duration().optional().describe("link: one-way propagation latency, e.g. `50us`."),
  /** link: probability that a message crossing it is lost, e.g. `0.1%`. */
  loss: probability().optional().describe("link: probability that a message crossing it is lost, e.g. `0.1%`."),
};

/** Fields every kind accepts. */
const COMMON_FIELDS = new Set(["name", "kind", "count", "in", "mttf", "mttr", "failure", "repair"]);

export const componentSchema = z
  .strictObject(componentFields)
  .superRefine((c, ctx) => {
    if (c.mttf !== undefined && c.failure !== undefined) {
      ctx.addIssue({ code: "custom", message: "give only one of mttf or failure", path: ["failure"] });
    }
    if (c.mttr !== undefined && c.repair !== undefined) {
      ctx.addIssue({ code: "custom", message: "give only one of mttr or repair", path: ["repair"] });
    }
    if ((c.mttf !== undefined || c.failure !== undefined) && c.mttr === undefined && c.repair === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a component that fails needs a repair: give mttr or repair (use `repair: none` for a component that is never repaired)",
        path: [],
      });
    }
    const allowed = new Set<string>(KIND_FIELDS[c.kind]);
    for (const [key, value] of Object.entries(c)) {
      if (value === undefined || COMMON_FIELDS.has(key) || allowed.has(key)) continue;
      const owners = HARDWARE_KIND_NAMES.filter((k) => (KIND_FIELDS[k] as readonly string[]).includes(key));
      const hint = suggest(key, [...allowed]);
      ctx.addIssue({
        code: "custom",
        path: [key],
        message:
          `\`${key}\` is a parameter of kind ${owners.join(" or ")}, not of kind ${c.kind}` +
          (hint ? `; did you mean \`${hint}\`?` : allowed.size ? `; ${c.kind} takes ${[...allowed].join(", ")}` : `; ${c.kind} takes no parameters of its own`),
      });
    }
    if (c.kind === "link" && c.connects === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "a link needs `connects: [a, b]`, the two nodes it joins" });
    }
  })
  .transform((c) => {
    const params: Record<string, number | string | readonly string[]> = {};
    for (const key of KIND_FIELDS[c.kind]) {
      const value = (c as Record<string, unknown>)[key];
      if (value !== undefined) params[key] = value as number | string | readonly string[];
    }
    const failure: DistributionSpec | undefined = c.failure ?? (c.mttf !== undefined ? exponentialFromMean(c.mttf) : undefined);
    const repair: DistributionSpec | "none" | undefined = c.repair ?? (c.mttr !== undefined ? exponentialFromMean(c.mttr) : undefined);
    return {
      name: c.name,
      kind: c.kind as HardwareKind,
      count: c.count,
      in: c.in === undefined ? [] : typeof c.in === "string" ? [c.in] : c.in,
      failure,
      /** undefined: not given (an error if anything fail-stops it); "none": never repaired. */
      repair,
      params,
    };
  });

export type ComponentSpec = z.output<typeof componentSchema>;
