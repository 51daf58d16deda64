/**
 * Max-min fair rates by progressive filling (Bertsekas & Gallager, *Data
 * Networks*, 2nd ed. 1992, §6.5.2): all flows' rates rise together; when a
 * resource is full, the flows crossing it are frozen at its fair share, and
 * the others keep rising. The result is the unique allocation in which no
 * flow can get more without taking from a flow that has no more.
 *
 * Each round finds the smallest fair share among the resources that still
 * carry unfrozen flows, freezes the flows of the resources at that share
 * (found through a resource → flows index, not by scanning every flow) and
 * takes their rate off the other resources they cross. Scratch arrays are
 * kept between calls, so a recomputation allocates nothing once they have
 * grown to the largest resource index and flow count.
 */
export class MaxMinAllocator {
  /** Per resource index: the round it was last seen in, and its slot among this call's resources. */
  private stamp = new Uint32Array(16);
  private slotOf = new Int32Array(16);
  private round = 0;
  /** Per slot: the resource index, remaining capacity, unfrozen flows, and its flows (CSR: flowStart/flowList). */
  private resource = new Int32Array(16);
  private capacity = new Float64Array(16);
  private unfrozen = new Int32Array(16);
  private flowStart = new Int32Array(17);
  private fill = new Int32Array(16);
  private flowList = new Int32Array(16);
  /** Slots that still carry unfrozen flows. */
  private live = new Int32Array(16);
  private frozen = new Uint8Array(16);
  private justFrozen = new Int32Array(16);

  /**
   * Writes into `rates[f]` the max-min fair rate of flow f, whose path is the
   * resources `paths[f]` (each at most once), given each resource's capacity.
   * A flow with an empty path gets Infinity.
   */
  allocate(paths: readonly ArrayLike<number>[], capacityOf: (resource: number) => number, rates: number[]): void {
    const n = paths.length;
    rates.length = n;
    if (++this.round === 0xffffffff) {
      this.stamp.fill(0);
      this.round = 1;
    }
    if (this.frozen.length < n) {
      this.frozen = new Uint8Array(2 * n);
      this.justFrozen = new Int32Array(2 * n);
    }
    // Pass 1: number the resources in order of first use, count flows per resource.
    let slots = 0;
    let entries = 0;
    let active = 0;
    for (let f = 0; f < n; f++) {
      const path = paths[f]!;
      this.frozen[f] = path.length === 0 ? 1 : 0;
      if (path.length === 0) {
        rates[f] = Infinity;
        continue;
      }
      active++;
      for (let i = 0; i < path.length; i++) {
        const r = path[i]!;
        if (r >= this.stamp.length) this.growResources(r + 1);
        if (this.stamp[r] !== this.round) {
          this.stamp[r] = this.round;
          if (slots === this.resource.length) this.growSlots(2 * slots);
          this.slotOf[r] = slots;
          this.resource[slots] = r;
          this.capacity[slots] = capacityOf(r);
          this.unfrozen[slots] = 0;
          slots++;
        }
        this.unfrozen[this.slotOf[r]!]!++;
        entries++;
      }
    }
    // Pass 2: the flows of each resource, contiguous.
    if (this.flowList.length < entries) this.flowList = new Int32Array(2 * entries);
    const { slotOf, capacity, unfrozen, flowStart, fill, flowList, live, frozen, justFrozen } = this;
    flowStart[0] = 0;
    for (let s = 0; s < slots; s++) {
      flowStart[s + 1] = flowStart[s]! + unfrozen[s]!;
      fill[s] = flowStart[s]!;
      live[s] = s;
    }
    for (let f = 0; f < n; f++) {
      const path = paths[f]!;
      for (let i = 0; i < path.length; i++) flowList[fill[slotOf[path[i]!]!]!++] = f;
    }
    let liveCount = slots;
    while (active > 0) {
      let share = Infinity;
      for (let i = 0; i < liveCount; i++) {
        const s = live[i]!;
        share = Math.min(share, capacity[s]! / unfrozen[s]!);
      }
      // Resources within rounding of the smallest share are full together.
      const limit = share * (1 + 1e-12);
      let frozenNow = 0;
      for (let i = 0; i < liveCount; i++) {
        const s = live[i]!;
        if (capacity[s]! / unfrozen[s]! > limit) continue;
        for (let j = flowStart[s]!; j < flowStart[s + 1]!; j++) {
          const f = flowList[j]!;
          if (frozen[f]) continue;
          frozen[f] = 1;
          rates[f] = share;
          justFrozen[frozenNow++] = f;
        }
      }
      for (let k = 0; k < frozenNow; k++) {
        const path = paths[justFrozen[k]!]!;
        for (let i = 0; i < path.length; i++) {
          const s = slotOf[path[i]!]!;
          capacity[s] = Math.max(0, capacity[s]! - share);
          unfrozen[s]!--;
        }
      }
      active -= frozenNow;
      // Keep only the resources that still carry unfrozen flows (order kept: results do not depend on it, but traces of it might).
      let kept = 0;
      for (let i = 0; i < liveCount; i++) if (unfrozen[live[i]!]! > 0) live[kept++] = live[i]!;
      liveCount = kept;
    }
  }

  private growResources(size: number): void {
    const length = Math.max(size, 2 * this.stamp.length);
    // Copied, not just reallocated: growth can happen half-way through numbering the resources.
    this.stamp = copyInto(new Uint32Array(length), this.stamp);
    this.slotOf = copyInto(new Int32Array(length), this.slotOf);
  }

  private growSlots(size: number): void {
    this.resource = copyInto(new Int32Array(size), this.resource);
    this.capacity = copyInto(new Float64Array(size), this.capacity);
    this.unfrozen = copyInto(new Int32Array(size), this.unfrozen);
    this.flowStart = new Int32Array(size + 1);
    this.fill = new Int32Array(size);
    this.live = new Int32Array(size);
  }
}

function copyInto<T extends Uint32Array | Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
