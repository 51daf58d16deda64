import { describe, it, expect } from "vitest";
import { StatusSignal } from "../../src/hardware/status.js";
import { ServiceMonitor } from "../../src/metrics/service-monitor.js";

/** Drives a signal through [time, up] changes and returns the monitor's observation. */
function observe(changes: [number, boolean][], warmupS: number, horizonS: number, initiallyUp = true) {
  const signal = new StatusSignal("service", initiallyUp);
  const monitor = new ServiceMonitor(signal, warmupS, horizonS);
  for (const [t, up] of changes) signal.set(up, t);
  return monitor.finish();
}

describe("ServiceMonitor", () => {
  it("rejects a horizon that does not exceed the warmup", () => {
    expect(() => new ServiceMonitor(new StatusSignal("s"), 10, 10)).toThrow(RangeError);
  });

  it("reports full availability, no outages and a censored first failure for a service that never fails", () => {
    const obs = observe([], 0, 100);
    expect(obs).toEqual({
      availability: 1,
      completedOutageDurations: [],
      unavailability: 0,
      downtimeS: 0,
      outages: 0,
      uptimeS: 100,
      completedOutageS: 0,
      completedOutages: 0,
      firstFailureS: 100,
      firstFailureObserved: false,
    });
  });

  it("sums the down time of completed outages", () => {
    const obs = observe([[10, false], [15, true], [50, false], [53, true]], 0, 100);
    expect(obs.downtimeS).toBe(8);
    expect(obs.availability).toBeCloseTo(0.92, 12);
    expect(obs.outages).toBe(2);
  });

  it("counts down time of an outage still open at the horizon up to the horizon", () => {
    const obs = observe([[90, false]], 0, 100);
    expect(obs.downtimeS).toBe(10);
    expect(obs.outages).toBe(1);
  });

  it("clips down time to the window [warmup, horizon]", () => {
    const obs = observe([[5, false], [25, true], [90, false], [120, true]], 20, 100);
    expect(obs.downtimeS).toBe(5 + 10);
    expect(obs.availability).toBeCloseTo(1 - 15 / 80, 12);
  });

  it("counts an outage that begins before the warmup in no window, though its down time after warmup counts", () => {
    const obs = observe([[5, false], [25, true]], 20, 100);
    expect(obs.outages).toBe(0);
    expect(obs.downtimeS).toBe(5);
  });

  it("counts an outage that begins inside the window even if it ends after the horizon", () => {
    const obs = observe([[95, false], [130, true]], 0, 100);
    expect(obs.outages).toBe(1);
    expect(obs.downtimeS).toBe(5);
  });

  it("computes mttr from completed outages only", () => {
    // Before warmup (excluded), complete 4 s and 6 s, and one running past the horizon (excluded).
    const obs = observe([[5, false], [12, true], [20, false], [24, true], [40, false], [46, true], [98, false]], 10, 100);
    expect(obs.completedOutageS).toBe(10);
    expect(obs.completedOutages).toBe(2);
    expect(obs.outages).toBe(3);
  });

  it("counts no completed outage when the only one runs past the horizon", () => {
    const obs = observe([[50, false]], 0, 100);
    expect(obs.completedOutages).toBe(0);
    expect(obs.outages).toBe(1);
  });

  it("reports the up time in the window, the numerator of mtbf", () => {
    const obs = observe([[10, false], [20, true], [60, false], [70, true]], 0, 100);
    expect(obs.uptimeS).toBe(80);
    expect(obs.outages).toBe(2);
  });

  it("computes the unavailability as down time over the window, not as 1 − availability", () => {
    // 1 − availability would give 0 or 1.1e-16 here (the availability rounds to 1 − ε).
    const obs = observe([[10, false], [10 + 1e-7, true]], 0, 1e9);
    expect(Math.abs(obs.unavailability / 1e-16 - 1)).toBeLessThan(1e-6);
  });

  it("reports the time of the first outage as observed", () => {
    const obs = observe([[37, false], [40, true], [60, false]], 0, 100);
    expect(obs.firstFailureS).toBe(37);
    expect(obs.firstFailureObserved).toBe(true);
  });

  it("measures the first failure from time 0 even when it falls in the warmup", () => {
    const obs = observe([[5, false], [6, true]], 10, 100);
    expect(obs.firstFailureS).toBe(5);
    expect(obs.firstFailureObserved).toBe(true);
  });

  it("treats a failure at the horizon as censored and not an outage", () => {
    const obs = observe([[100, false]], 0, 100);
    expect(obs.firstFailureObserved).toBe(false);
    expect(obs.firstFailureS).toBe(100);
    expect(obs.outages).toBe(0);
  });

  it("counts a service down from the start as an outage beginning at 0", () => {
    const obs = observe([[10, true]], 0, 100, false);
    expect(obs.outages).toBe(1);
    expect(obs.downtimeS).toBe(10);
    expect(obs.completedOutageS).toBe(10);
    expect(obs.firstFailureS).toBe(0);
    expect(obs.firstFailureObserved).toBe(true);
  });

  it("counts down time of a service down from the start that never recovers over the whole window", () => {
    const obs = observe([], 20, 100, false);
    expect(obs.downtimeS).toBe(80);
    expect(obs.availability).toBe(0);
    expect(obs.outages).toBe(0);
  });
});
