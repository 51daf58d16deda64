import type { RandomStream } from "../../engine/random.js";
import { StripeMap } from "./stripe-map.js";

/** Why a layout cannot be built (a config error, reported at `field`). */
export class LayoutError extends Error {
  override readonly name = "LayoutError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Upper bound on the stripes of a `complete` layout (C choose G). */
export const MAX_COMPLETE_STRIPES = 200_000;

/**
 * The declustered `random` layout over C disks of K chunks each: row r is
 * chunk r of every disk. Each row puts `spareRow = C − G·⌊(C − S)/G⌋` spare
 * chunks on the disks with the fewest spare chunks so far (ties by a seeded
 * random key), so every disk holds the same number of data chunks within
 * one, and cuts a seeded random permutation of the other disks into
 * stripes of G: a stripe never has two members on one disk, and every pair
 * of disks shares about K·G·(G−1)/(C·(C−1)) stripes. This is the row
 * structure of OpenZFS dRAID's permutation maps (openzfs-docs, dRAID Howto)
 * with one permutation per row.
 */
export function randomLayout(disks: number, chunksPerDisk: number, width: number, spare: number, rng: RandomStream): StripeMap {
  checkPool(disks, width, spare);
  const perRow = Math.floor((disks - spare) / width);
  const map = new StripeMap(disks, chunksPerDisk, width, perRow * chunksPerDisk);
  const spareRow = disks - perRow * width;
  const spareCount = new Int32Array(disks);
  const order = Array.from({ length: disks }, (_, d) => d);
  const key = new Float64Array(disks);
  let s = 0;
  for (let r = 0; r < chunksPerDisk; r++) {
    for (let d = 0; d < disks; d++) key[d] = rng.next();
    // Spare chunks to the disks with the fewest so far; the rest in random order.
    order.sort((a, b) => spareCount[a]! - spareCount[b]! || key[a]! - key[b]!);
    for (let i = 0; i < spareRow; i++) spareCount[order[i]!]!++;
    const data = order.slice(spareRow).sort((a, b) => key[a]! - key[b]!);
    for (let j = 0; j < perRow; j++, s++) for (let m = 0; m < width; m++) map.place(s, m, data[j * width + m]!, r);
  }
  return map;
}

/**
 * The declustered `complete` layout: every G-subset of the C disks is one
 * stripe (lexicographic order), each disk's members on its chunks in that
 * order. A complete block design: each disk holds C(C−1, G−1) members and
 * each pair of disks shares exactly C(C−2, G−2) stripes, so a failed disk's
 * reconstruction reads exactly α = (G−1)/(C−1) of every surviving disk's
 * data (Holland & Gibson, ASPLOS 1992, who use such balanced designs).
 */
export function completeLayout(disks: number, chunksPerDisk: number, width: number, spare: number): StripeMap {
  checkPool(disks, width, spare);
  const stripes = choose(disks, width);
  if (stripes > MAX_COMPLETE_STRIPES) {
    throw new LayoutError(`placement: complete needs C(${disks}, ${width}) = ${stripes} stripes, more than ${MAX_COMPLETE_STRIPES}; use placement: random for a pool this size`, "placement");
  }
  const perDisk = choose(disks - 1, width - 1);
  const spareNeeded = Math.ceil((spare * perDisk) / (disks - 1));
  if (perDisk + spareNeeded > chunksPerDisk) {
    throw new LayoutError(
      `no room for the distributed spare: placement: complete puts ${perDisk} chunks on each disk and ${spare} disk(s) of spare need ${spareNeeded} more, but a disk has ${chunksPerDisk} chunks; use larger disks, a smaller chunk_size or placement: random`,
      "distributed_spare",
    );
  }
  const map = new StripeMap(disks, chunksPerDisk, width, stripes);
  const next = new Int32Array(disks);
  const subset = Array.from({ length: width }, (_, i) => i);
  for (let s = 0; s < stripes; s++) {
    for (let m = 0; m < width; m++) {
      const d = subset[m]!;
      map.place(s, m, d, next[d]!++);
    }
    // Next subset in lexicographic order.
    let i = width - 1;
    while (i >= 0 && subset[i] === disks - width + i) i--;
    if (i < 0) break;
    subset[i]!++;
    for (let j = i + 1; j < width; j++) subset[j] = subset[j - 1]! + 1;
  }
  return map;
}

/**
 * Classic groups: `groups` groups of G disks (group g is disks g·G … g·G+G−1),
 * stripe (g, r) on chunk r of each of them, then `spares` empty spare disks.
 */
export function classicLayout(groups: number, width: number, chunksPerDisk: number, spares: number): StripeMap {
  const map = new StripeMap(groups * width + spares, chunksPerDisk, width, groups * chunksPerDisk);
  for (let g = 0; g < groups; g++) {
    for (let r = 0; r < chunksPerDisk; r++) for (let m = 0; m < width; m++) map.place(g * chunksPerDisk + r, m, g * width + m, r);
  }
  return map;
}

function checkPool(disks: number, width: number, spare: number): void {
  if (width > disks) throw new LayoutError(`width G = ${width} is larger than the pool's C = ${disks} disks; lower width or add disks`, "width");
  if (spare < 1) {
    throw new LayoutError("no room for the distributed spare: distributed_spare is 0, so a failed disk's chunks have nowhere to go; set distributed_spare ≥ 1", "distributed_spare");
  }
  if (disks - spare < width) {
    throw new LayoutError(
      `no room for the distributed spare: a row of C = ${disks} chunks cannot hold a stripe of ${width} plus ${spare} spare chunk(s); lower width or distributed_spare, or add disks`,
      "distributed_spare",
    );
  }
}

/** Binomial coefficient (exact below 2^53). */
export function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}
