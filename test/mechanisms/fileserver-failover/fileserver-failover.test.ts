import { describe, expect, it } from "vitest";
import { setup } from "./fixture.js";

// The fixture: 1 MB/s of writes, a snapshot every 60 s (60 MB), an 8 MB/s link with 10 ms latency,
// so a snapshot commits X = 7.5 + 0.01 s after its point in time; 1 s beats of 0 bytes, 3 missed,
// ttl 0 (clients move the instant the directory is updated) unless a test says otherwise.
const W = 1e6;
const BW = 8e6;
const LAT = 0.01;

describe("fileserver-failover: unplanned site loss, detection and RTO composition (exact)", () => {
  const failAt = 130.3;
  const f = setup({ faults: [{ type: "fail-stop", name: "site-loss", target: "site-a", at: `${failAt}s` }], config: { promotion: "20s", directory_update: "5s" } });
  const m = f.run();

  it("detects the loss k·T after the last beat arrived, then promotes, updates the directory and redirects", () => {
    // The last beat left at 130 s and arrived at 130.01 s; the timeout is 3 s.
    const detectedAt = 130 + LAT + 3;
    const [detected] = f.events("detected");
    expect(detected!.t).toBeCloseTo(detectedAt, 6);
    expect(m["detection_time_s"]).toBeCloseTo(detectedAt - failAt, 6);
    expect(f.events("promoted")[0]!.t).toBeCloseTo(detectedAt + 20, 6);
    expect(f.events("directory-updated")[0]!.t).toBeCloseTo(detectedAt + 25, 6);
    // RTO = detection + promotion + directory update + remaining TTL (0), for each of the 4 clients.
    expect(m["rto_s"]).toBeCloseTo(detectedAt - failAt + 25, 6);
    for (let c = 0; c < 4; c++) expect(m[`c${c}.rto_s`]).toBeCloseTo(detectedAt - failAt + 25, 6);
  });

  it("loses the writes since the newest complete snapshot (pit 120 s, committed at 127.51 s)", () => {
    expect(m["rpo_s"]).toBeCloseTo(failAt - 120, 9);
    expect(m["data_loss_bytes"]).toBeCloseTo(W * (failAt - 120), 0);
    expect(m["snapshots_behind"]).toBe(0);
    const before = f.events("snapshot-committed").filter((r) => r.t < failAt);
    expect(before).toHaveLength(2);
    for (const r of before) expect(r.detail!.lag_s).toBeCloseTo((60 * W) / BW + LAT, 9);
  });

  it("fails back once the source is heard again: reverse snapshots, quiesce, delta, promotion, redirect", () => {
    const [start] = f.events("failback-start");
    const dirUpdate = f.events("directory-updated")[0]!.t;
    // The returned source hears the destination's beat at 731.01 s and goes stale; its next beat
    // (sent 731.3 s) tells the destination at 731.31 s.
    expect(f.events("source-stale")[0]!.t).toBeCloseTo(731 + LAT, 6);
    expect(start!.t).toBeCloseTo(731.3 + LAT, 6);
    // Everything written at the destination since its clients arrived is shipped back as reverse
    // snapshots: one at once (573.3 MB, 71.66 s), then the 780 s one taken meanwhile; the queue
    // empty, writes quiesce and the delta since 780 s follows. Nothing is lost.
    expect(start!.detail!.reverse_bytes).toBeCloseTo(W * (start!.t - dirUpdate), 0);
    const reverse = f.events("reverse-committed");
    expect(reverse).toHaveLength(3);
    expect(reverse[0]!.t).toBeCloseTo(start!.t + (start!.detail!.reverse_bytes as number) / BW + LAT, 6);
    expect(reverse[1]!.detail!.pit).toBe(780);
    expect(reverse[1]!.t).toBeCloseTo(reverse[0]!.t + (W * (780 - start!.t)) / BW + LAT, 6);
    const [quiesced] = f.events("quiesced");
    expect(quiesced!.t).toBeCloseTo(reverse[1]!.t, 9);
    expect(quiesced!.detail!.delta_bytes).toBeCloseTo(W * (quiesced!.t - 780), 0);
    const shipped = reverse.reduce((a, r) => a + (r.detail!.bytes as number), 0);
    expect(shipped).toBeCloseTo(W * (quiesced!.t - dirUpdate), 0);
    const back = quiesced!.t + (quiesced!.detail!.delta_bytes as number) / BW + LAT + 20 + 5;
    expect(reverse[2]!.t).toBeCloseTo(back - 25, 6);
    expect(f.events("failback-done")[0]!.t).toBeCloseTo(back, 6);
    expect(m["failback_time_s"]).toBeCloseTo(back - start!.t, 6);
    expect(m["failbacks"]).toBe(1);
    // The failback lost nothing: the only loss is the failover's.
    expect(m["data_loss_bytes"]).toBeCloseTo(W * (failAt - 120), 0);
    // After it the source ships snapshots again.
    expect(f.events("snapshot-committed").some((r) => r.t > back)).toBe(true);
  });

  it("takes the service down from the loss to the last redirect, and during the failback's quiesce", () => {
    // (Up from the start, before the listener was added.)
    expect(f.service[0]).toEqual([failAt, false]);
    expect(f.service[1]![0]).toBeCloseTo(f.events("directory-updated")[0]!.t, 9);
    expect(f.service[1]![1]).toBe(true);
    expect(f.service[2]).toEqual([f.events("quiesced")[0]!.t, false]);
    expect(f.service[3]).toEqual([f.events("failback-done")[0]!.t, true]);
  });
});

describe("fileserver-failover: remaining TTL per client", () => {
  it("redirects each client at its cached entry's next expiry, within one TTL of the update", () => {
    const f = setup({ faults: [{ type: "fail-stop", target: "site-a", at: "130.3s" }], config: { ttl: "5min", clients: 8, failback: false } });
    f.run();
    const u = f.events("directory-updated")[0]!.t;
    const redirects = f.events("client-redirected");
    expect(redirects).toHaveLength(8);
    for (const r of redirects) {
      expect(r.t).toBeGreaterThanOrEqual(u);
      expect(r.t).toBeLessThan(u + 300);
    }
    expect(new Set(redirects.map((r) => r.detail!.client)).size).toBe(8);
    expect(f.events("failback-start")).toHaveLength(0);
  });
});

describe("fileserver-failover: planned failover", () => {
  it("quiesces, ships a final snapshot after the queued one, and loses nothing", () => {
    const f = setup({ config: { planned_failover_at: "300.5s", promotion: "20s", directory_update: "5s", failback_delay: "10h" } });
    const m = f.run();
    // The snapshot of 300 s (60 MB) commits at 307.51 s; the final one (0.5 MB) 0.0725 s later.
    const synced = 300 + 60 / 8 + LAT + 0.5 / 8 + LAT;
    expect(f.events("promoted")[0]!.t).toBeCloseTo(synced + 20, 6);
    expect(m["rpo_s"]).toBe(0);
    expect(m["data_loss_bytes"]).toBe(0);
    expect(m["rto_s"]).toBeCloseTo(synced + 25 - 300.5, 6);
    expect(m["failovers"]).toBe(1);
    // The source hears the promoted destination and stands down.
    expect(f.events("source-stale")).toHaveLength(1);
    expect(f.events("failback-start")).toHaveLength(0);
  });
});

describe("fileserver-failover: a partition cuts the source off", () => {
  const f = setup({ faults: [{ type: "partition", network: "wan", between: [["site-a"], ["site-b"]], at: "400.2s", duration: "5min" }] });
  const m = f.run();

  it("fails over, counting the loss from the last beat heard", () => {
    expect(f.events("detected")[0]!.t).toBeCloseTo(403 + LAT, 6);
    expect(m["rpo_s"]).toBeCloseTo(400 + LAT - 360, 9);
    expect(m["failovers"]).toBe(1);
  });

  it("the cut-off source stands down on hearing the newer primary when the partition heals, then fails back", () => {
    const [stale] = f.events("source-stale");
    expect(stale!.cause).toBe("newer-primary");
    expect(stale!.t).toBeGreaterThan(700.2);
    expect(f.events("failback-done")).toHaveLength(1);
    expect(m["failbacks"]).toBe(1);
  });
});

describe("fileserver-failover: snapshots slower than the interval queue up", () => {
  it("the lag grows by (transfer − S) per snapshot, and a failure finds them behind", () => {
    // 60 MB per snapshot over 0.5 MB/s: 120 s each, every 60 s.
    const f = setup({ link: { bandwidth: "0.5MB/s" }, faults: [{ type: "fail-stop", target: "site-a", at: "1000.3s" }], config: { failback: false } });
    const m = f.run();
    const lags = f.events("snapshot-committed").map((r) => r.detail!.lag_s as number);
    expect(lags.length).toBe(7);
    lags.forEach((lag, j) => expect(lag).toBeCloseTo((j + 1) * (120 + LAT) - 60 * j, 6));
    // Taken by 1000.3 s: 16 (60 ... 960 s); committed: 7 (the 7th at 60 + 7·120.01 s).
    expect(m["snapshots_behind"]).toBe(9);
    expect(m["rpo_s"]).toBeCloseTo(1000.3 - 420, 9);
    // The mean over the snapshots (its p50/p99 over the result's events come from the same values).
    expect(m["replication_lag_s"]).toBeCloseTo(lags.reduce((a, b) => a + b, 0) / lags.length, 6);
  });
});

describe("fileserver-failover: bursty writes", () => {
  it("snapshots taken in a burst carry more than w·S, never more than the burst rate allows", () => {
    const f = setup({ horizon: "1d", config: { burst_rate: "4MB/s", burst_every: "2h", burst_duration: "10min" } });
    f.run();
    const bytes = f.events("snapshot-committed").map((r) => r.detail!.bytes as number);
    expect(Math.max(...bytes)).toBeGreaterThan(60 * W * 1.5);
    expect(Math.max(...bytes)).toBeLessThanOrEqual(60 * 4e6 + 1);
    expect(Math.min(...bytes)).toBeCloseTo(60 * W, 0);
  });
});

describe("fileserver-failover: a failback interrupted by a partition", () => {
  it("retries its reverse snapshots after the partition heals and completes without losing or repeating a byte", () => {
    const f = setup({
      horizon: "3h",
      faults: [
        { type: "fail-stop", target: "site-a", at: "130.3s" },
        // The failback starts at 731.31 s; its first reverse snapshot would take until 802.98 s.
        { type: "partition", network: "wan", between: [["site-a"], ["site-b"]], at: "760s", duration: "60s" },
      ],
    });
    const m = f.run();
    expect(f.events("failback-start")).toHaveLength(1);
    expect(f.events("switch-aborted")).toHaveLength(0);
    const reverse = f.events("reverse-committed");
    // Nothing arrived before the heal; after it the queue ships in order.
    expect(reverse[0]!.t).toBeGreaterThan(820);
    const [quiesced] = f.events("quiesced");
    const dirUpdate = f.events("directory-updated")[0]!.t;
    // Every reverse snapshot, the quiesced delta's included, once each: all the destination's writes.
    const shipped = reverse.reduce((a, r) => a + (r.detail!.bytes as number), 0);
    expect(shipped).toBeCloseTo(W * (quiesced!.t - dirUpdate), 0);
    const pits = reverse.map((r) => r.detail!.pit as number);
    expect(new Set(pits).size).toBe(pits.length);
    expect(m["failbacks"]).toBe(1);
    expect(m["data_loss_bytes"]).toBeCloseTo(W * (130.3 - 120), 0);
  });
});
