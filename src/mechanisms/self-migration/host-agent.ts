import type { HostSpec, ObjectSpec } from "./fleet.js";

/** What a host announces about itself: its capability parameters as of `at`. */
export interface HostAnnouncement {
  readonly kind: "host";
  readonly host: number;
  readonly at: number;
  readonly freeCpu: number;
  readonly freeMemory: number;
  readonly load: number;
  readonly capacityCpu: number;
  readonly features: readonly string[];
  /** Neither degraded (fail-slow) nor predicted to fail. */
  readonly healthy: boolean;
}

/** What an object announces: its service type, its needs and where it runs. */
export interface ObjectAnnouncement {
  readonly kind: "object";
  readonly object: number;
  readonly type: string;
  readonly host: number;
  readonly at: number;
}

/**
 * The agent of one host: its residents and the reservations of objects on
 * their way in, its health as it knows it (the probe's verdict, a
 * precursor signal), the features it has now, and the announcements it has
 * heard, which the objects running on it consult (a local registry).
 */
export class HostAgent {
  usedCpu = 0;
  usedMemory = 0;
  degraded = false;
  predicted = false;
  /** A precursor's prediction lapses at this time if the host is still up (a false alarm). */
  predictedUntil = 0;
  /** Whether it could run at the last change seen (to tell a return). */
  wasUp = true;
  /** Latest host announcement heard from each other host. */
  readonly heardHosts = new Map<number, HostAnnouncement>();
  /** Latest announcement heard from each object (not counting those on this host). */
  readonly heardObjects = new Map<number, ObjectAnnouncement>();

  constructor(readonly spec: HostSpec) {}

  /** The host can run its agent and objects: it is up and, if it has processors, one of them is. */
  get up(): boolean {
    return this.spec.component.up && (this.spec.processors.length === 0 || this.spec.processors.some((p) => p.up));
  }

  get healthy(): boolean {
    return !this.degraded && !this.predicted;
  }

  /** CPU load: needs of residents and incoming objects over capacity (1 past full for a host with no CPU). */
  load(extraCpu = 0): number {
    const cpu = this.spec.cpu;
    const used = this.usedCpu + extraCpu;
    return cpu > 0 ? used / cpu : used > 0 ? Infinity : 0;
  }

  /** The features present now: the fixed ones and those backed by a component that is up. */
  features(): string[] {
    const present = [...this.spec.fixedFeatures];
    for (const [f, components] of this.spec.backedFeatures) if (components.some((c) => c.up)) present.push(f);
    return present;
  }

  hasFeatures(needs: readonly string[]): boolean {
    if (needs.length === 0) return true;
    const present = this.features();
    return needs.every((f) => present.includes(f));
  }

  announcement(now: number): HostAnnouncement {
    return {
      kind: "host",
      host: this.spec.index,
      at: now,
      freeCpu: this.spec.cpu - this.usedCpu,
      freeMemory: this.spec.memoryBytes - this.usedMemory,
      load: this.load(),
      capacityCpu: this.spec.cpu,
      features: this.features(),
      healthy: this.healthy,
    };
  }

  /**
   * A migration request: accepted (and the room reserved) while the host is
   * healthy, has the object's features, CPU and memory free, and stays at
   * or below `loadLow` after the move; refused otherwise. No central
   * manager: two objects that picked this host are served in arrival order.
   */
  admit(object: ObjectSpec, loadLow: number): boolean {
    if (!this.healthy || !this.hasFeatures(object.features)) return false;
    if (this.usedCpu + object.cpu > this.spec.cpu + 1e-9 || this.usedMemory + object.memoryBytes > this.spec.memoryBytes + 1e-9) return false;
    if (this.load(object.cpu) > loadLow + 1e-9) return false;
    this.take(object, 1);
    this.reservations.set(object.index, (this.reservations.get(object.index) ?? 0) + 1);
    return true;
  }

  /** Objects whose room is reserved here (admitted, not yet arrived), with how many reservations each holds. */
  readonly reservations = new Map<number, number>();

  /** Drops one reservation of `object`: its lease lapsed or its transfer failed (settle: it arrived and is now a resident). */
  unreserve(object: ObjectSpec, settle = false): void {
    const n = this.reservations.get(object.index) ?? 0;
    if (n <= 0) throw new Error(`self-migration: ${this.spec.component.id} holds no reservation for ${object.id}`);
    if (n === 1) this.reservations.delete(object.index);
    else this.reservations.set(object.index, n - 1);
    if (!settle) this.take(object, -1);
  }

  /** Adds (1) or removes (−1) an object's needs: a resident or a reservation. */
  take(object: ObjectSpec, sign: 1 | -1): void {
    this.usedCpu += sign * object.cpu;
    this.usedMemory += sign * object.memoryBytes;
  }
}
