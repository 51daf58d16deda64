import type { EventHandle } from "../../engine/event-queue.js";
import type { Simulator } from "../../engine/simulator.js";

/**
 * The clients' cached directory entries for the share. Client i's entry
 * expires at φᵢ + j·ttl (j = 1, 2, ...), its phase φᵢ drawn once, uniform on
 * [0, ttl): clients that looked the share up at unrelated times. After the
 * directory names a new server at time u, client i resolves it at its next
 * expiry, (φᵢ − u) mod ttl later: U(0, ttl) for a random u, mean ttl/2
 * (docs/validation.md H's DNS re-addressing term).
 */
export class ClientRedirects {
  private readonly timers: (EventHandle | undefined)[];
  private pointed = 0;

  constructor(
    private readonly sim: Simulator,
    /** Expiry phases φᵢ, s, in [0, ttl). */
    private readonly phases: readonly number[],
    private readonly ttlS: number,
  ) {
    this.timers = phases.map(() => undefined);
  }

  get count(): number {
    return this.phases.length;
  }

  /** Clients whose entry names the current target. */
  get redirected(): number {
    return this.pointed;
  }

  /** When client i next re-resolves after `u`, s. */
  resolvesAt(i: number, u: number): number {
    if (this.ttlS === 0) return u;
    const wait = (((this.phases[i]! - u) % this.ttlS) + this.ttlS) % this.ttlS;
    return u + wait;
  }

  /**
   * The directory names a new server from `u` = now on: each client calls
   * `arrived(i, now)` when it resolves it. A redirect still in progress is
   * abandoned.
   */
  redirect(arrived: (client: number, now: number) => void): void {
    this.cancel();
    this.pointed = 0;
    const u = this.sim.now;
    this.phases.forEach((_, i) => {
      this.timers[i] = this.sim.scheduleAt(this.resolvesAt(i, u), () => {
        this.timers[i] = undefined;
        this.pointed++;
        arrived(i, this.sim.now);
      });
    });
  }

  /** Abandons a redirect in progress (its target failed). */
  cancel(): void {
    for (let i = 0; i < this.timers.length; i++) {
      this.sim.cancel(this.timers[i]);
      this.timers[i] = undefined;
    }
  }
}
