/**
 * Spreads a failed disk's lost members over the surviving disks as evenly
 * as the stripe constraint allows: each member may go only to a disk
 * holding no member of its stripe, and no disk takes more than `cap`
 * members (nor more than its free chunks). A greedy pass (least loaded
 * eligible disk first) places most; the rest by augmenting paths, moving
 * earlier members to other eligible disks (Kuhn's bipartite matching with
 * capacities), so the writes, and with them the rebuild time, are balanced
 * to within one chunk per disk whenever such an assignment exists; `cap`
 * grows by one until every member has a disk or none can take more. A last
 * pass moves single members to eligible disks holding two or more fewer,
 * so no one move could even the writes out further.
 */
export function balancedAssignment(
  members: readonly number[],
  eligible: (member: number) => number[],
  capacity: (disk: number) => number,
  disks: number,
): Map<number, number> {
  const options = members.map(eligible);
  const candidates = new Set<number>();
  for (const o of options) for (const d of o) candidates.add(d);
  if (members.length === 0 || candidates.size === 0) return new Map();
  const assigned = new Int32Array(members.length).fill(-1);
  const onDisk: number[][] = Array.from({ length: disks }, () => []);
  let cap = Math.ceil(members.length / candidates.size);
  const limit = (d: number) => Math.min(cap, capacity(d));
  const place = (i: number, d: number) => {
    assigned[i] = d;
    onDisk[d]!.push(i);
  };
  for (let i = 0; i < members.length; i++) {
    let best = -1;
    for (const d of options[i]!) if (onDisk[d]!.length < limit(d) && (best < 0 || onDisk[d]!.length < onDisk[best]!.length)) best = d;
    if (best >= 0) place(i, best);
  }
  const augment = (start: number): boolean => {
    // BFS over members; a free slot on an eligible disk ends the path.
    const fromMember = new Int32Array(members.length).fill(-2);
    const seenDisk = new Uint8Array(disks);
    const queue = [start];
    fromMember[start] = -1;
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q]!;
      for (const d of options[i]!) {
        if (seenDisk[d] || d === assigned[i]) continue;
        seenDisk[d] = 1;
        if (onDisk[d]!.length < limit(d)) {
          // Shift along the path: i takes d, its predecessor takes i's disk, and so on.
          let cur = i;
          let to = d;
          while (cur >= 0) {
            const old = assigned[cur]!;
            if (old >= 0) onDisk[old]!.splice(onDisk[old]!.indexOf(cur), 1);
            place(cur, to);
            to = old;
            cur = fromMember[cur]!;
            if (to < 0) break;
          }
          return true;
        }
        for (const j of onDisk[d]!) {
          if (fromMember[j] !== -2) continue;
          fromMember[j] = i;
          queue.push(j);
        }
      }
    }
    return false;
  };
  for (;;) {
    let stuck = false;
    for (let i = 0; i < members.length; i++) if (assigned[i]! < 0 && !augment(i)) stuck = true;
    if (!stuck) break;
    const grown = cap + 1;
    if ([...candidates].every((d) => Math.min(grown, capacity(d)) === Math.min(cap, capacity(d)))) break;
    cap = grown;
  }
  // Even out what the cap leaves uneven: move a member to an eligible disk holding at least two fewer
  // (each move lowers the sum of squared loads, so this ends).
  for (let moved = true; moved; ) {
    moved = false;
    for (let i = 0; i < members.length; i++) {
      const from = assigned[i]!;
      if (from < 0) continue;
      for (const d of options[i]!) {
        if (d === from || onDisk[d]!.length + 2 > onDisk[from]!.length || onDisk[d]!.length >= capacity(d)) continue;
        onDisk[from]!.splice(onDisk[from]!.indexOf(i), 1);
        place(i, d);
        moved = true;
        break;
      }
    }
  }
  const out = new Map<number, number>();
  members.forEach((o, i) => {
    if (assigned[i]! >= 0) out.set(o, assigned[i]!);
  });
  return out;
}
