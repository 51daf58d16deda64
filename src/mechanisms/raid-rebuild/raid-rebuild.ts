import { Disk } from "../../hardware/disk.js";
import type { StatusSignal } from "../../hardware/status.js";
import { type Inventory, ModelReferenceError } from "../../hardware/inventory.js";
import type { MechanismDefinition, MechanismInstance, MechanismMetric, MechanismTime } from "../mechanism.js";
import { ArrayMetrics } from "./array-metrics.js";
import { ClassicSlots } from "./classic.js";
import { raidRebuildConfig, type RaidRebuildConfig } from "./config.js";
import { classicLayout, completeLayout, LayoutError, randomLayout } from "./declustered-layout.js";
import { DistributedSpare } from "./distributed-spare.js";
import { markovMttdl } from "./markov.js";
import { RaidArray } from "./raid-array.js";
import { RandomStreams } from "../../engine/random.js";

type Path = (string | number)[];

function resolveDisks(inventory: Inventory, refs: string | readonly string[], field: string, taken: readonly Disk[]): Disk[] {
  const list: [string, Path][] = typeof refs === "string" ? [[refs, [field]]] : refs.map((r, i) => [r, [field, i]]);
  const out: Disk[] = [];
  for (const [ref, path] of list) {
    for (const c of inventory.resolve(ref, path)) {
      if (!(c instanceof Disk)) throw new ModelReferenceError(`${c.id} is a ${c.kind}, not a disk; \`${field}\` takes components of kind disk`, path);
      if (out.includes(c) || taken.includes(c)) throw new ModelReferenceError(`${c.id} is listed twice (in \`disks\` or \`spares\`)`, path);
      out.push(c);
    }
  }
  return out;
}

class RaidRebuild implements MechanismInstance {
  readonly services: Record<string, StatusSignal>;
  constructor(
    name: string,
    array: RaidArray,
    private readonly metrics: ArrayMetrics,
  ) {
    this.services = { [name]: array.service };
  }
  finish(): Record<string, MechanismMetric> {
    return this.metrics.finish();
  }
  times(): Record<string, MechanismTime> {
    return this.metrics.times();
  }
}

export const raidRebuild: MechanismDefinition<RaidRebuildConfig> = {
  type: "raid-rebuild",
  summary: "classic RAID-5/6 with hot spares vs declustered RAID over a pool with distributed spare; rebuild I/O, latent sector errors, scrubbing, data loss (cases E2, E3, E5)",
  configSchema: raidRebuildConfig,
  metrics: [
    { name: "mttdl_s", unit: "s", description: "time from 0 to the first data loss, right-censored at the horizon; reported under time_to_event (exponential MLE: total exposure / losses, chi-square interval; Kaplan–Meier median)", direction: "higher-is-better" },
    { name: "data_loss_events", unit: "count", description: "data losses in the window: a disk failure leaving stripes with more members lost than parity, or a latent sector error read (rebuild or scrub) in a stripe with no parity left", direction: "lower-is-better" },
    { name: "data_loss_bytes", unit: "bytes", description: "user data lost in the window: (G − P)/G of the unreadable chunks' (or, for a latent error, extents') bytes", direction: "lower-is-better" },
    { name: "p_data_loss", unit: "probability", description: "1 if the replication lost data in the window, else 0; its mean is the probability of data loss over the window, with a binomial (Wilson) interval", direction: "lower-is-better" },
    { name: "rebuild_time_s", unit: "s", description: "mean time from a disk failure (in the window) to the last of its members restored, waiting for a spare or replacement included; the summary's p99 is over replications", direction: "lower-is-better" },
    { name: "degraded_time_s", unit: "s", description: "time in the window with at least one stripe missing a member", direction: "lower-is-better" },
    { name: "critical_time_s", unit: "s", description: "time in the window with at least one stripe with no redundancy left (P members missing, or lost)", direction: "lower-is-better" },
    { name: "lse_found_by_scrub", unit: "count", description: "latent sector errors scrubs discovered in the window (rewritten from redundancy where the stripe had some)", direction: "none" },
    { name: "lse_hit_in_rebuild", unit: "count", description: "bad extents reconstruction reads reported in the window (recovered with parity left, lost without)", direction: "lower-is-better" },
    { name: "disk_failures", unit: "count", description: "array disks (spares included) that went down in the window", direction: "none" },
    { name: "foreground_bandwidth_during_rebuild_bytes_per_s", unit: "bytes/s", description: "while rebuild I/O runs: the up disks' read bandwidth left to foreground I/O, each rebuilding disk giving rebuild_share of its time away (absent without rebuild I/O)", direction: "higher-is-better" },
    { name: "foreground_bandwidth_during_rebuild_fraction", unit: "fraction", description: "the same as a fraction of the up disks' bandwidth", direction: "higher-is-better" },
    { name: "markov_mttdl_s", unit: "s", description: "MTTDL of the matching Markov chain (E2/E3: per group, serial repair, divided by the groups; declustered: the pool of C disks) at this replication's observed disk failure rate and mean rebuild time; meaningful where lives and repairs are exponential", direction: "higher-is-better" },
  ],
  build(ctx, name, config) {
    const disks = resolveDisks(ctx.inventory, config.disks, "disks", []);
    const G = config.width;
    const P = config.parity;
    if (P >= G) throw new ModelReferenceError(`parity P = ${P} must be smaller than width G = ${G} (a stripe needs at least one data member)`, ["parity"]);
    if (G > disks.length) throw new ModelReferenceError(`width G = ${G} is larger than the ${disks.length} disks in \`disks\` (C); lower width or add disks`, ["width"]);
    const extentBytes = disks[0]!.params.extentSizeBytes;
    for (const d of disks) {
      if (d.params.extentSizeBytes !== extentBytes) throw new ModelReferenceError(`the array's disks must share one extent_size; ${d.id} has ${d.params.extentSizeBytes} B, ${disks[0]!.id} ${extentBytes} B`, ["disks"]);
    }
    const chunkExtents = config.chunk_size / extentBytes;
    if (!Number.isInteger(chunkExtents) || chunkExtents < 1) {
      throw new ModelReferenceError(`chunk_size ${config.chunk_size} B must be a whole number (≥ 1) of the disks' extent_size ${extentBytes} B`, ["chunk_size"]);
    }
    let spares: Disk[] = [];
    if (config.spares !== undefined) {
      if (config.layout === "declustered") throw new ModelReferenceError("`spares` applies to layout: classic; a declustered pool's spare is distributed (distributed_spare)", ["spares"]);
      spares = resolveDisks(ctx.inventory, config.spares, "spares", disks);
    }
    const all = [...disks, ...spares];
    const minExtents = Math.min(...all.map((d) => d.extentCount));
    const chunks = Math.floor(minExtents / chunkExtents);
    if (chunks < 1) throw new ModelReferenceError(`chunk_size ${config.chunk_size} B is larger than a disk (${minExtents} extents of ${extentBytes} B)`, ["chunk_size"]);
    const spareOf = all.map((_, i) => i).slice(disks.length);
    const traceId = name;
    let policy: ClassicSlots | DistributedSpare;
    let map;
    let markov: (lambda: number, rebuildS: number) => number;
    if (config.layout === "classic") {
      if (disks.length % G !== 0) throw new ModelReferenceError(`layout: classic takes groups of width G = ${G}, but \`disks\` has ${disks.length} (not a multiple of ${G})`, ["disks"]);
      const groups = disks.length / G;
      const spare = config.spare ?? (spares.length > 0 ? "shared" : "none");
      if (spare !== "none" && spares.length === 0) throw new ModelReferenceError(`spare: ${spare} needs hot-spare disks in \`spares\``, ["spares"]);
      if (spare === "dedicated" && spares.length !== groups) throw new ModelReferenceError(`spare: dedicated needs one spare per group: ${groups} groups but ${spares.length} spares`, ["spares"]);
      if (spare === "none" && spares.length > 0) throw new ModelReferenceError("`spares` are listed but spare: none; use spare: shared or dedicated, or drop `spares`", ["spare"]);
      map = classicLayout(groups, G, chunks, spares.length);
      policy = new ClassicSlots(ctx, traceId, groups, G, chunks, spare, spareOf);
      markov = (lambda, t) => markovMttdl(G, P, lambda, () => 1 / t) / groups;
    } else {
      if (config.spare !== undefined) throw new ModelReferenceError("`spare` applies to layout: classic; a declustered pool's spare is distributed (distributed_spare)", ["spare"]);
      try {
        map =
          config.placement === "complete"
            ? completeLayout(disks.length, chunks, G, config.distributed_spare)
            : randomLayout(disks.length, chunks, G, config.distributed_spare, new RandomStreams(config.layout_seed, 0).stream(`${name}/layout`));
      } catch (e) {
        if (e instanceof LayoutError) throw new ModelReferenceError(e.message, [e.field]);
        throw e;
      }
      policy = new DistributedSpare(map, config.replacement);
      markov = (lambda, t) => markovMttdl(disks.length, P, lambda, () => 1 / t);
    }
    const metrics = new ArrayMetrics(ctx.warmupS, ctx.horizonS, all, P, markov);
    const array = new RaidArray(ctx, traceId, all, map, P, config.rebuild_window, config.restore_time, metrics, chunkExtents, policy);
    policy.array = array;
    array.start();
    if (config.scrub_period !== undefined) {
      const period = config.scrub_period;
      const tick = () => {
        array.scrubAll();
        ctx.sim.schedule(period, tick);
      };
      ctx.sim.schedule(period, tick);
    }
    return new RaidRebuild(name, array, metrics);
  },
};
