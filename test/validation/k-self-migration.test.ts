/**
 * Case K of docs/validation.md (capability search by self-migrating objects): H hosts,
 * m of which qualify, probed uniformly at random: the probes until a
 * qualifying host are Geometric(m/H) with replacement, mean H/m, and have
 * mean (H + 1)/(m + 1) without. Here 200 objects per replication leave a
 * host predicted to fail and probe blindly (`choose: any-heard`) the
 * H = 30 other hosts they have heard: m = 3 have room (1000 cores), the
 * others have 0.5 cores and refuse a 1-core object. `probes_per_migration`
 * is the mean probe count of a replication's searches; §0's rule on the
 * 20 replications of 200 searches each.
 *
 * Then the announcement rounds until an object hears of a target, under an
 * announcement loss p: each object sits on its own host lacking a feature
 * it needs (each object of a type of its own), joined to the one host that has it by a link losing each
 * message with probability p. That host's announcement of each round
 * reaches it with probability 1 − p, independently, before the object's
 * evaluation (phases aligned), so the rounds until its first candidate are
 * Geometric(1 − p), mean 1/(1 − p).
 */
import { describe, expect, it } from "vitest";
import { expectAgrees, meanAndSe, replicate, valuesOf } from "./helpers.js";

const H = 30;
const M = 3;
const N = 200;

function search(probing: "with-replacement" | "without-replacement") {
  return replicate({
    seed: 11,
    replications: 20,
    horizon: "2500s",
    components: [
      { name: "h", kind: "host", count: H + 1, mttr: "1h" },
      { name: "cpu", kind: "processor", count: H + 1, in: "h", mttr: "1h" },
      { name: "tor", kind: "switch" },
      { name: "nic", kind: "link", count: H + 1, connects: ["h", "tor"], bandwidth: "10GB/s", latency: "50us" },
    ],
    faults: [{ type: "precursor", name: "p", target: "cpu[0]", at: "20000s", lead: "19900s" }],
    mechanisms: [
      {
        type: "self-migration",
        name: "mig",
        hosts: [
          { hosts: "h[0]", cpu: 1000, memory: "1TB" },
          { hosts: Array.from({ length: M }, (_, i) => `h[${i + 1}]`), cpu: 1000, memory: "1TB" },
          { hosts: Array.from({ length: H - M }, (_, i) => `h[${i + M + 1}]`), cpu: 0.5, memory: "1TB" },
        ],
        objects: [{ name: "o", count: N, on: "h[0]", cpu: 1, memory: "1MB", code_size: "1MB", state_size: "1MB" }],
        announce_period: "1h",
        phases: "aligned",
        load_high: 1,
        choose: "any-heard",
        probing,
        retry_backoff: "1s",
      },
    ],
    service: "mig",
  });
}

describe("case K (self-migration): random probing for a qualifying host", { timeout: 120_000 }, () => {
  it(`with replacement: mean probes H/m = ${H / M}`, () => {
    const outputs = search("with-replacement");
    expect(valuesOf(outputs, "mig.migrations").every((v) => v === N)).toBe(true);
    expectAgrees(valuesOf(outputs, "mig.probes_per_migration"), H / M, 0.02);
  });

  it(`without replacement: mean probes (H + 1)/(m + 1) = ${((H + 1) / (M + 1)).toFixed(4)}`, () => {
    const outputs = search("without-replacement");
    expect(valuesOf(outputs, "mig.migrations").every((v) => v === N)).toBe(true);
    expectAgrees(valuesOf(outputs, "mig.probes_per_migration"), (H + 1) / (M + 1), 0.02);
    // Without replacement no search needs more than H − m + 1 probes.
    expect(Math.max(...valuesOf(outputs, "mig.probes_per_migration"))).toBeLessThan(H - M + 1);
  });
});

describe("announcement rounds until a target is heard, under loss p: 1/(1 − p)", { timeout: 120_000 }, () => {
  const rounds = (p: number, replications = 120) =>
    replicate({
      seed: 5,
      replications,
      horizon: "160s",
      components: [
        { name: "t", kind: "host", mttr: "1h" },
        { name: "s", kind: "host", count: 10, mttr: "1h" },
        { name: "l", kind: "link", count: 10, connects: ["s", "t"], bandwidth: "1GB/s", latency: "1ms", loss: p },
      ],
      mechanisms: [
        {
          type: "self-migration",
          name: "mig",
          hosts: [
            { hosts: "t", cpu: 100, memory: "1TB", features: ["x"] },
            { hosts: "s", cpu: 100, memory: "1TB" },
          ],
          // One entry per object, so that each has a type of its own (objects of one type avoid each other's hosts).
          objects: Array.from({ length: 10 }, (_, k) => ({ name: `o${k}`, on: `s[${k}]`, cpu: 1, memory: "1MB", features: ["x"], code_size: "1MB", state_size: "1MB" })),
          announce_period: "10s",
          phases: "aligned",
          stale_after: 20,
        },
      ],
      service: "mig",
    });

  it("p = 0: heard at the first round", () => {
    expect(valuesOf(rounds(0, 3), "mig.rounds_to_candidate").every((v) => v === 1)).toBe(true);
  });

  it("p = 0.5: mean 2 rounds (§0 rule over 120 × 10 searches)", () => {
    const outputs = rounds(0.5);
    // A replication's value is the mean over its 10 objects; every object searched once.
    const values = valuesOf(outputs, "mig.rounds_to_candidate");
    expectAgrees(values, 1 / (1 - 0.5), 0.03);
    expect(meanAndSe(values).n).toBe(120);
  });
});
