/**
 * Cases E2, E3 and E5 of the validation suite (RAID reliability), by the §0
 * rule: E2/E3 compare the simulated time to first data loss of one classic
 * group with the exact Markov MTTDL (Gibson 1992; Chen et al., ACM Computing
 * Surveys 1994), with the failure rate inflated 1000× (MTTF 1000 h instead
 * of 1e6 h: §0.3, the chain's formula holds at any rates). Lives and
 * replacements are exponential; the rebuild after a replacement arrives
 * takes microseconds (a 1 GiB disk at 1 PB/s), so the repair time is the
 * replacement time, serial with one repair crew and parallel with
 * unlimited crews. E5 checks that a declustered rebuild over C = 20 disks
 * with G = 5 spreads exactly: α = (G − 1)/(C − 1) of each survivor is read.
 */
import { describe, expect, it } from "vitest";
import { markovMttdl } from "../../src/mechanisms/raid-rebuild/markov.js";
import type { ReplicationOutput } from "../../src/run/replication.js";
import { summarizeCensored } from "../../src/stats/censored.js";
import { choose, replicate } from "./helpers.js";
import { replicationFigure } from "../../src/metrics/replication-output.js";

const H = 3600;

/** One classic group of N disks with P parity, no spare: each failed disk waits for its (exponential) replacement. */
function classicGroup(N: number, P: number, mttfH: number, mttrH: number, crews: number | "unlimited", replications: number, horizonH: number) {
  return replicate({
    seed: 7,
    replications,
    horizon: `${horizonH}h`,
    repair: { crews },
    components: [
      {
        name: "disk",
        kind: "disk",
        count: N,
        capacity: "1GiB",
        extent_size: "1GiB",
        read_bandwidth: "1PB/s",
        write_bandwidth: "1PB/s",
        failure: { dist: "exponential", mean: `${mttfH}h` },
        repair: { dist: "exponential", mean: `${mttrH}h` },
      },
    ],
    mechanisms: [{ type: "raid-rebuild", name: "raid", disks: "disk", width: N, parity: P, spare: "none", chunk_size: "1GiB" }],
    service: "raid",
  } as never);
}

/**
 * §0's rule on the time to first data loss, estimated as the stats layer does
 * (`summarizeCensored`: total exposure / losses, right-censored at the
 * horizon of 5 MTTDL, where e^-5 of the runs are still without a loss), with
 * the SE of that exponential MLE, estimate/√losses; `rejectedH`, another
 * repair policy's anchor, must be rejected (z > 3).
 */
function expectMttdl(outputs: readonly ReplicationOutput[], anchorH: number, rejectedH?: number): void {
  const summary = summarizeCensored(
    outputs.map((o) => ({ time: o.times["raid.mttdl_s"]!.time / H, observed: o.times["raid.mttdl_s"]!.observed })),
    "h",
  );
  // The exponential MLE: the time to absorption of these chains is close to exponential (one dominant eigenvalue).
  const estimate = summary.exponential_mle.estimate!;
  const se = estimate / Math.sqrt(summary.events);
  // About 2000 losses (one per run, e^{-5} censored): expected relative SE 1/√2000 = 2.2 %, so the 3 %
  // bound has a margin for the scatter of the estimated SE (1200 runs sat at 2.9 %, at the bound).
  expect(se / anchorH, `relative SE ${se / anchorH}`).toBeLessThanOrEqual(0.03);
  expect(Math.abs(estimate - anchorH) / se, `MTTDL ${estimate} h vs ${anchorH} h (SE ${se})`).toBeLessThan(3);
  if (rejectedH !== undefined) expect(Math.abs(estimate - rejectedH) / se, `the other repair policy's ${rejectedH} h`).toBeGreaterThan(3);
}

describe("E2: RAID-5 MTTDL, exact Markov (rates ×1000)", { timeout: 60_000 }, () => {
  it("N = 8, MTTF 1000 h, MTTR 24 h: ((2N−1)λ + μ)/(N(N−1)λ²)", () => {
    const N = 8;
    const lambda = 1 / 1000;
    const mu = 1 / 24;
    const anchor = ((2 * N - 1) * lambda + mu) / (N * (N - 1) * lambda * lambda);
    expect(markovMttdl(N, 1, lambda, () => mu)).toBeCloseTo(anchor, 6);
    expectMttdl(classicGroup(N, 1, 1000, 24, "unlimited", 2000, 5 * anchor), anchor);
  });
});

describe("E3: RAID-6 MTTDL, exact Markov (rates ×1000)", { timeout: 60_000 }, () => {
  const N = 10;
  const lambda = 1 / 1000;
  const mu = 1 / 48;
  it("serial repair (one crew): repair from 2 failed at μ", () => {
    const anchor = markovMttdl(N, 2, lambda, () => mu);
    expectMttdl(classicGroup(N, 2, 1000, 48, 1, 2000, 5 * anchor), anchor, markovMttdl(N, 2, lambda, (j) => j * mu));
  });
  it("parallel repair (unlimited crews): repair from 2 failed at 2μ", () => {
    const anchor = markovMttdl(N, 2, lambda, (j) => j * mu);
    expectMttdl(classicGroup(N, 2, 1000, 48, "unlimited", 2000, 5 * anchor), anchor, markovMttdl(N, 2, lambda, () => mu));
  });
});

/** One scripted failure of disk[0] at 1 h; the rebuild time (s). */
function rebuildTime(layout: "classic" | "declustered", C: number, G: number, readBw: number, writeBw: number): number {
  const perDisk = choose(C - 1, G - 1);
  const disk = (count: number, name: string, chunks: number) => ({
    name,
    kind: "disk",
    count,
    capacity: `${chunks}GiB`,
    extent_size: "1GiB",
    read_bandwidth: `${readBw}MB/s`,
    write_bandwidth: `${writeBw}MB/s`,
    repair: "none",
  });
  const base = { seed: 1, replications: 2, horizon: "20000h", faults: [{ type: "fail-stop", target: "disk[0]", at: "1h" }], service: "raid" };
  const out =
    layout === "declustered"
      ? replicate({
          ...base,
          // Every G-subset is a stripe: C(C−1, G−1) chunks per disk, plus room for one disk's worth of spare and one more.
          components: [disk(C, "disk", perDisk + Math.ceil(perDisk / (C - 1)) + 1)],
          mechanisms: [{ type: "raid-rebuild", name: "raid", disks: "disk", layout: "declustered", placement: "complete", width: G, parity: 1, chunk_size: "1GiB", rebuild_window: 1_000_000 }],
        } as never)
      : replicate({
          ...base,
          // The same data per disk in C/G classic groups, each with a hot spare.
          components: [disk(C, "disk", perDisk), disk(C / G, "spare", perDisk)],
          mechanisms: [{ type: "raid-rebuild", name: "raid", disks: "disk", spares: "spare", spare: "dedicated", width: G, parity: 1, chunk_size: "1GiB" }],
        } as never);
  return replicationFigure(out[0]!, "raid.rebuild_time_s")!;
}

describe("E5: declustered rebuild, C = 20, G = 5 (Holland & Gibson 1992)", { timeout: 60_000 }, () => {
  const C = 20;
  const G = 5;
  const alpha = (G - 1) / (C - 1);
  it("the classic rebuild reads the survivors and writes the spare at the slowest rate: exactly data / bandwidth", () => {
    const perDisk = choose(C - 1, G - 1);
    expect(rebuildTime("classic", C, G, 100, 100) / ((perDisk * 2 ** 30) / 100e6) - 1).toBeCloseTo(0, 9);
  });
  it("the declustered rebuild reads α of each survivor and spreads the spare writes: T_decl/T_classic = α + (1/(C−1))·(r/w)", () => {
    // Each survivor reads α of its data at r and writes 1/(C−1) of the failed disk's data at w; the
    // classic rebuild is bound by the survivors' reads at r (w ≥ r). The read term is Holland and
    // Gibson's declustering ratio α = 0.210526; the distributed spare adds the write term, which
    // vanishes as w/r grows (with w = r: G/(C−1), the N/(D+P) scaling of OpenZFS dRAID's resilver).
    for (const w of [100, 400]) {
      const ratio = rebuildTime("declustered", C, G, 100, w) / rebuildTime("classic", C, G, 100, w);
      const expected = alpha + (1 / (C - 1)) * (100 / w);
      expect(Math.abs(ratio / expected - 1), `w = ${w} MB/s: ratio ${ratio} vs ${expected}`).toBeLessThan(1e-9);
    }
    expect(alpha).toBeCloseTo(0.210526, 6);
  });
});
