import type { RaidArray, TargetPolicy } from "./raid-array.js";
import type { StripeMap } from "./stripe-map.js";

/** What returns the spare capacity when a replacement disk arrives. */
export type ReplacementPolicy = "copy-back" | "rebalance";

/**
 * Declustered RAID's distributed spare: a missing member is rebuilt onto a
 * free chunk of another disk that holds no member of its stripe (nor one
 * being written in the same step), the disk with the fewest rebuild writes
 * pending first, so the writes spread over the C − 1 survivors like the
 * reads. One lane: the pool's reconstructions share one window.
 */
export class DistributedSpare implements TargetPolicy {
  readonly lanes = 1;
  array!: RaidArray;

  constructor(
    private readonly map: StripeMap,
    private readonly replacement: ReplacementPolicy,
  ) {}

  laneOf(): number {
    return 0;
  }

  target(stripe: number, _member: number, reserved: readonly number[]): { disk: number; chunk: number } | undefined {
    const a = this.array;
    return this.map.allocate(stripe, (d) => a.up[d]!, a.load, reserved, a.nextCursor());
  }

  diskDown(): void {}

  /** A replacement joined: plan the moves that give it back its share (run when no reconstruction is pending). */
  diskUp(disk: number): void {
    const a = this.array;
    const map = this.map;
    if (this.replacement === "copy-back") {
      for (let o = 0; o < a.originDisk.length; o++) if (a.originDisk[o] === disk && map.diskOf[o]! >= 0) a.moves.push({ member: o, disk });
      return;
    }
    // Rebalance: from the fullest up disks until the new one holds the mean.
    const used = Array.from(map.used);
    const upDisks = a.up.filter(Boolean).length;
    const share = Math.floor(used.reduce((x, y) => x + y, 0) / upDisks);
    const taken = new Set<number>();
    for (let n = used[disk]!; n < share; n++) {
      let from = -1;
      for (let d = 0; d < map.diskCount; d++) if (d !== disk && a.up[d] && (from < 0 || used[d]! > used[from]!)) from = d;
      if (from < 0) break;
      const member = map.membersOn(from).find((o) => !taken.has(Math.floor(o / map.width)) && !map.stripeUses(Math.floor(o / map.width), disk));
      if (member === undefined) break;
      taken.add(Math.floor(member / map.width));
      a.moves.push({ member, disk });
      used[from]!--;
    }
  }
}
