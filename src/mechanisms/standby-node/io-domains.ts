import type { Distribution } from "../../engine/distribution.js";
import type { EventHandle } from "../../engine/event-queue.js";
import type { RandomStream } from "../../engine/random.js";
import type { Simulator } from "../../engine/simulator.js";
import type { Trace } from "../../engine/trace.js";
import type { Component } from "../../hardware/component.js";

/**
 * The two IO domains: one carries the communication functions (active), the
 * other waits. When the active one fails and the other is up, the other
 * takes over after an `io_failover` time (no IO meanwhile); if that one
 * fails during the takeover while the first is back, the first takes over
 * in turn. With both down, the first one back carries IO at once. A
 * failure of the waiting domain costs nothing. Repairs are the domains' own
 * (not held).
 */
export class IoDomains {
  private active: Component | undefined;
  private failoverTo: Component | undefined;
  private failover: EventHandle | undefined;
  /** IO failovers that began in the measured window. */
  failovers = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly name: string,
    private readonly domains: readonly [Component, Component],
    private readonly failoverTime: Distribution,
    private readonly stream: RandomStream,
    private readonly trace: Trace,
    private readonly warmupS: number,
    /** Called whenever `up` may have changed. */
    private readonly changed: (now: number) => void,
  ) {
    this.active = domains[0].up ? domains[0] : domains[1].up ? domains[1] : undefined;
    for (const d of domains) d.onChange((up, now) => (up ? this.domainUp(d, now) : this.domainDown(d, now)));
  }

  /** True while an IO domain carries the communication functions. */
  get up(): boolean {
    return this.active !== undefined;
  }

  private other(d: Component): Component {
    return d === this.domains[0] ? this.domains[1] : this.domains[0];
  }

  private domainDown(d: Component, now: number): void {
    if (d === this.failoverTo) {
      // The takeover target failed too. The domain whose failure started the takeover may be
      // back already (repaired while it ran): it then takes over in turn; otherwise no IO until one is back.
      this.sim.cancel(this.failover);
      this.failover = this.failoverTo = undefined;
    } else if (d === this.active) {
      this.active = undefined;
    } else {
      return;
    }
    const other = this.other(d);
    if (other.up) this.takeOver(other, d, now);
    this.changed(now);
  }

  /** `to` takes over the communication functions from the failed `from` after an `io_failover` time. */
  private takeOver(to: Component, from: Component, now: number): void {
    if (now >= this.warmupS) this.failovers++;
    const duration = this.failoverTime.sample(this.stream);
    if (this.trace.enabled) this.trace.record(now, this.name, "io-failover-start", `${from.id} down`, { from: from.id, to: to.id, duration });
    this.failoverTo = to;
    this.failover = this.sim.scheduleUnlessNever(duration, () => {
      this.failover = this.failoverTo = undefined;
      this.active = to;
      if (this.trace.enabled) this.trace.record(this.sim.now, this.name, "io-failover", "complete", { active: to.id });
      this.changed(this.sim.now);
    });
  }

  private domainUp(d: Component, now: number): void {
    if (this.active !== undefined || this.failoverTo !== undefined) return;
    // Both were down: the first back carries IO at once.
    this.active = d;
    if (this.trace.enabled) this.trace.record(now, this.name, "io-resumed", `${d.id} up`, { active: d.id });
    this.changed(now);
  }
}
