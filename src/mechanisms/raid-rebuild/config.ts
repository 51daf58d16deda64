import { z } from "zod";
import type { ConfigVocabulary } from "../mechanism.js";

const references = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Config of a `raid-rebuild` entry (OpenZFS dRAID, parity declustering; validated by cases E2, E3 and E5 in test/validation/e-raid.test.ts). */
export function raidRebuildConfig(v: ConfigVocabulary) {
  return z.strictObject({
    disks: references.describe(
      "The array's disks (kind `disk`): a group, an instance, `kind:disk`, or a list. Classic: `width` × groups of them, group g being disks g·width … g·width + width − 1 in order. Declustered: the whole pool of C disks.",
    ),
    layout: z
      .enum(["classic", "declustered"])
      .default("classic")
      .describe(
        "`classic` (default): RAID-5/6 groups of `width` disks, each rebuilt onto a whole spare disk. `declustered`: stripes of `width` spread pseudo-randomly over the whole pool with distributed spare space, rebuilt onto the spare chunks of every other disk (parity declustering, Holland & Gibson, ASPLOS 1992; OpenZFS dRAID).",
      ),
    width: z
      .int()
      .min(2)
      .max(64)
      .default(10)
      .describe("G, the disks (chunks) per stripe, data + parity. Default 10: OpenZFS dRAID's default of 8 data disks per redundancy group plus 2 parity (openzfs-docs, dRAID Howto)."),
    parity: z
      .int()
      .min(1)
      .max(3)
      .default(2)
      .describe("P, the parity chunks per stripe (1: RAID-5, 2: RAID-6, 3: triple parity); a stripe survives P lost members. Default 2; dRAID allows 1–3 (openzfs-docs, dRAID Howto)."),
    spares: references
      .optional()
      .describe("Classic only: the hot-spare disks (kind `disk`), outside `disks`. With `spare: dedicated`, exactly one per group, spare g belonging to group g."),
    spare: z
      .enum(["dedicated", "shared", "none"])
      .optional()
      .describe(
        "Classic only: `dedicated` (a hot spare per group), `shared` (a pool of spares any group may take) or `none` (a group waits for the failed disk's replacement, i.e. its repair). Default `shared` with `spares`, else `none`. A rebuilt spare stays in the group; the replacement of the failed disk becomes a spare (a roaming spare, as Linux md does).",
      ),
    distributed_spare: z
      .int()
      .min(0)
      .max(16)
      .default(1)
      .describe("Declustered only: spare space in disks' worth, spread as free chunks over every disk (dRAID's `s`). Default 1: room to rebuild one failed disk before its replacement arrives."),
    placement: z
      .enum(["random", "complete"])
      .default("random")
      .describe(
        "Declustered only: `random` (default): each row of chunks is a seeded pseudo-random permutation of the disks cut into stripes, the spare chunks of each row going to the disks with the fewest so far (every disk holds the same data within one chunk); `complete`: every G-subset of the C disks is one stripe (a complete block design, so every pair of disks shares exactly as many stripes), for small pools and validation.",
      ),
    layout_seed: z.int().min(0).default(1).describe("Declustered `random` placement: the layout's seed. The layout is a property of the array: the same in every replication. Default 1."),
    chunk_size: v
      .size()
      .default(32 * 1024 ** 3)
      .describe(
        "The unit of placement and rebuild (bytes): a stripe member is one chunk of consecutive extents on one disk, and the rebuild reads and writes a chunk per operation. A whole number of the disks' extents. Default 32GiB, a free parameter (larger: fewer events, coarser balance).",
      ),
    rebuild_window: z
      .int()
      .min(1)
      .max(1_000_000)
      .default(64)
      .describe("Stripe reconstructions in flight at once per classic group or per declustered pool (the rebuild's pipelining). Default 64, a free parameter."),
    replacement: z
      .enum(["copy-back", "rebalance"])
      .default("copy-back")
      .describe(
        "Declustered only: when a failed disk's replacement arrives, `copy-back` (default) moves the chunks rebuilt from that disk back onto it, freeing the spare chunks (what `zpool replace` of a dRAID distributed spare does); `rebalance` moves chunks from the fullest disks until the new disk holds its share. Moves wait while any reconstruction is pending.",
      ),
    restore_time: v
      .duration()
      .default(24 * 3600)
      .describe("After a data loss, the time to restore the lost data from backup; it is then written back like a rebuild that needs no reads. The replication keeps running. Default 24h, a free parameter (no published figure)."),
    scrub_period: z
      // A bare number would be read as seconds: a scrub every 720 s is a typo for 720h, so the unit is required.
      .custom<string>((x) => typeof x === "string", { message: "expected a duration with its unit, such as 720h or 30d (a bare number has no unit)" })
      .pipe(v.duration() as unknown as z.ZodType<number, string>)
      .optional()
      .describe(
        "Start a scrub (a read of the whole disk as rebuild-class I/O, at the disks' `scrub_bandwidth`) of every up disk of the array this often; latent sector errors it finds are rewritten from redundancy. Default: no scrubbing. Linux md's Debian package checks every array monthly (cron `checkarray`, first Sunday).",
      ),
  });
}

export type RaidRebuildConfig = z.output<ReturnType<typeof raidRebuildConfig>>;
