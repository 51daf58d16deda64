import type { Disk } from "../../hardware/disk.js";
import { MeanTally, putMean } from "../mean-tally.js";
import type { MechanismMetric, MechanismTime } from "../mechanism.js";
import { WindowClock } from "../window-clock.js";

/**
 * The figures of one array over one replication: losses, rebuild times,
 * time degraded and critical, latent errors, and the foreground bandwidth
 * left while rebuild I/O runs. Counts and times are clipped to the measured
 * window [warmup, horizon]; the time to first data loss runs from 0.
 */
export class ArrayMetrics {
  private readonly rebuildTime = new MeanTally();
  private readonly degraded: WindowClock;
  private readonly critical: WindowClock;
  /** Stripes with at least one member missing, and with no parity left (or lost). */
  degradedStripes = 0;
  private criticalStripes = 0;
  private lossEvents = 0;
  private lossBytes = 0;
  private firstLossS: number | undefined;
  private lseScrub = 0;
  private lseRebuild = 0;
  private failures = 0;
  // Piecewise-constant integrals over the window.
  private lastT: number;
  private upDisks: number;
  private upBandwidth = 0;
  private busyBandwidthLost = 0;
  private busyDisks = 0;
  private diskUpS = 0;
  private rebuildActiveS = 0;
  private foregroundBytes = 0;
  private foregroundFractionS = 0;

  constructor(
    private readonly warmupS: number,
    private readonly horizonS: number,
    private readonly disks: readonly Disk[],
    private readonly parity: number,
    /** The matching Markov chain's MTTDL for a disk failure rate and a mean rebuild time (s), or undefined. */
    private readonly markov: (lambdaPerS: number, rebuildS: number) => number,
  ) {
    this.degraded = new WindowClock(warmupS, horizonS);
    this.critical = new WindowClock(warmupS, horizonS);
    this.lastT = 0;
    this.upDisks = 0;
    disks.forEach((d) => {
      if (d.up) {
        this.upDisks++;
        this.upBandwidth += d.params.readBandwidthBytesPerS;
      }
    });
  }

  private inWindow(now: number): boolean {
    return now >= this.warmupS && now < this.horizonS;
  }

  /** Integrates the piecewise-constant quantities up to `now`. */
  private advance(now: number): void {
    const from = Math.max(this.lastT, this.warmupS);
    const to = Math.min(now, this.horizonS);
    if (to > from) {
      const dt = to - from;
      this.diskUpS += this.upDisks * dt;
      if (this.busyDisks > 0 && this.upBandwidth > 0) {
        this.rebuildActiveS += dt;
        const left = this.upBandwidth - this.busyBandwidthLost;
        this.foregroundBytes += left * dt;
        this.foregroundFractionS += (left / this.upBandwidth) * dt;
      }
    }
    this.lastT = Math.max(this.lastT, now);
  }

  diskDown(d: number, now: number, busy: boolean): void {
    this.advance(now);
    const disk = this.disks[d]!;
    this.upDisks--;
    this.upBandwidth -= disk.params.readBandwidthBytesPerS;
    if (busy) this.busyChanged(d, false, now);
    if (this.inWindow(now)) this.failures++;
  }

  diskUp(d: number, now: number): void {
    this.advance(now);
    this.upDisks++;
    this.upBandwidth += this.disks[d]!.params.readBandwidthBytesPerS;
  }

  /** Disk d has rebuild I/O in progress (true) or no longer (false): foreground I/O gets 1 − rebuild_share of it. */
  busyChanged(d: number, busy: boolean, now: number): void {
    this.advance(now);
    const p = this.disks[d]!.params;
    const lost = p.readBandwidthBytesPerS * p.rebuildShare;
    this.busyDisks += busy ? 1 : -1;
    this.busyBandwidthLost += busy ? lost : -lost;
  }

  missingChanged(before: number, after: number, now: number): void {
    if ((before > 0) !== (after > 0)) this.degradedStripes += after > 0 ? 1 : -1;
    if ((before >= this.parity) !== (after >= this.parity)) this.criticalStripes += after >= this.parity ? 1 : -1;
    this.degraded.set(this.degradedStripes > 0, now);
    this.critical.set(this.criticalStripes > 0, now);
  }

  rebuildDone(failedAt: number, now: number): void {
    if (this.inWindow(failedAt)) this.rebuildTime.add(now - failedAt);
  }

  /** Data lost at `now`: `bytes`, and a new loss event unless it only adds to one already counted at this instant. */
  dataLoss(now: number, bytes: number, newEvent: boolean): void {
    if (newEvent && this.firstLossS === undefined) this.firstLossS = now;
    if (!this.inWindow(now)) return;
    if (newEvent) this.lossEvents++;
    this.lossBytes += bytes;
  }

  lseByScrub(now: number): void {
    if (this.inWindow(now)) this.lseScrub++;
  }

  lseInRebuild(now: number): void {
    if (this.inWindow(now)) this.lseRebuild++;
  }

  finish(): Record<string, MechanismMetric> {
    this.advance(this.horizonS);
    const m: Record<string, MechanismMetric> = {
      data_loss_events: { value: this.lossEvents, unit: "count" },
      data_loss_bytes: { value: this.lossBytes, unit: "bytes" },
      p_data_loss: { value: this.lossEvents > 0 ? 1 : 0, unit: "probability" },
      degraded_time_s: { value: this.degraded.totalS(this.horizonS), unit: "s" },
      critical_time_s: { value: this.critical.totalS(this.horizonS), unit: "s" },
      lse_found_by_scrub: { value: this.lseScrub, unit: "count" },
      lse_hit_in_rebuild: { value: this.lseRebuild, unit: "count" },
      disk_failures: { value: this.failures, unit: "count" },
    };
    putMean(m, "rebuild_time_s", this.rebuildTime, "s");
    if (this.rebuildActiveS > 0) {
      m.foreground_bandwidth_during_rebuild_bytes_per_s = { value: this.foregroundBytes / this.rebuildActiveS, unit: "bytes/s" };
      m.foreground_bandwidth_during_rebuild_fraction = { value: this.foregroundFractionS / this.rebuildActiveS, unit: "fraction" };
    }
    const rebuild = this.rebuildTime.metric("s");
    if (rebuild !== undefined && this.failures > 0 && this.diskUpS > 0) {
      const markov = this.markov(this.failures / this.diskUpS, rebuild.value);
      if (Number.isFinite(markov)) m.markov_mttdl_s = { value: markov, unit: "s" };
    }
    return m;
  }

  times(): Record<string, MechanismTime> {
    const observed = this.firstLossS !== undefined && this.firstLossS <= this.horizonS;
    return { mttdl_s: { time: observed ? this.firstLossS! : this.horizonS, observed, unit: "s" } };
  }
}
