import { balancedAssignment } from "./balanced-assignment.js";
import type { RaidArray, TargetPolicy } from "./raid-array.js";
import type { StripeMap } from "./stripe-map.js";

/** What returns the spare capacity when a replacement disk arrives. */
export type ReplacementPolicy = "copy-back" | "rebalance";

/**
 * Declustered RAID's distributed spare: a missing member is rebuilt onto a
 * free chunk of another disk that holds no member of its stripe (nor one
 * being written in the same step), the disk with the fewest rebuild writes
 * pending first, so the writes spread over the C − 1 survivors like the
 * reads. At a failure, the lost members' targets are planned together by a
 * balanced assignment (each survivor takes within one of its share); a
 * plan that no longer fits when the member's turn comes (its disk went
 * down or filled) falls back to the least-loaded eligible disk. One lane:
 * the pool's reconstructions share one window.
 */
export class DistributedSpare implements TargetPolicy {
  readonly lanes = 1;
  array!: RaidArray;
  private readonly planned: Int32Array;
  private readonly plannedOn: Int32Array;

  constructor(
    private readonly map: StripeMap,
    private readonly replacement: ReplacementPolicy,
  ) {
    this.planned = new Int32Array(map.stripeCount * map.width).fill(-1);
    this.plannedOn = new Int32Array(map.diskCount);
  }

  laneOf(): number {
    return 0;
  }

  target(stripe: number, member: number, reserved: readonly number[]): { disk: number; chunk: number } | undefined {
    const a = this.array;
    const map = this.map;
    const o = stripe * map.width + member;
    const p = this.planned[o]!;
    if (p >= 0) {
      this.planned[o] = -1;
      this.plannedOn[p]!--;
      if (a.up[p] && map.free[p]! > 0 && !map.stripeUses(stripe, p) && !reserved.includes(p)) return { disk: p, chunk: map.firstFree(p) };
    }
    return map.allocate(stripe, (d) => a.up[d]!, a.load, reserved, a.nextCursor());
  }

  diskDown(disk: number, _now: number, members: readonly number[]): void {
    const a = this.array;
    const map = this.map;
    const width = map.width;
    for (let o = 0; o < this.planned.length; o++) {
      if (this.planned[o] === disk) {
        this.planned[o] = -1;
        this.plannedOn[disk]!--;
      }
    }
    const eligible = (o: number): number[] => {
      const s = Math.floor(o / width);
      const out: number[] = [];
      for (let d = 0; d < map.diskCount; d++) {
        if (!a.up[d] || map.free[d]! - this.plannedOn[d]! <= 0 || map.stripeUses(s, d)) continue;
        let clash = false;
        for (let m = 0; m < width; m++) if (this.planned[s * width + m] === d) clash = true;
        if (!clash) out.push(d);
      }
      return out;
    };
    const plan = balancedAssignment(members, eligible, (d) => map.free[d]! - this.plannedOn[d]!, map.diskCount);
    for (const [o, d] of plan) {
      this.planned[o] = d;
      this.plannedOn[d]!++;
    }
  }

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
