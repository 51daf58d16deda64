/**
 * The network model against closed forms: loss as a binomial experiment,
 * and one link's FIFO transmitter as an M/M/1 queue (docs/validation.md).
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import { Component } from "../../src/hardware/component.js";
import { Link } from "../../src/hardware/link.js";
import { Network, type MessageHandlers } from "../../src/hardware/network.js";
import { expectAgrees, recordZ, validationSeed } from "./helpers.js";

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** Wilson score interval for a binomial proportion (Wilson, JASA 22, 1927). */
function wilson(successes: number, n: number, z = Z95): [number, number] {
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [centre - half, centre + half];
}

/** Records the z of a binomial proportion against p (for the seeds tier; the test itself uses Wilson's interval). */
function recordBinomial(successes: number, n: number, p: number): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  recordZ((successes / n - p) / se, se / p);
}

/** Sends n zero-byte messages, one per second, over `hops` links of loss p; returns how many were delivered. */
function delivered(p: number, n: number, hops: number, seed: number): number {
  const sim = new Simulator();
  const net = new Network(sim, "lan", new RandomStreams(validationSeed(seed), 0));
  const nodes = Array.from({ length: hops + 1 }, (_, i) => new Component(`n${i}`, "host"));
  for (let i = 0; i < hops; i++) net.addLink(new Link(`l${i}`, { loss: p, latency: 0.001 }), nodes[i]!, nodes[i + 1]!);
  let count = 0;
  const handlers = { delivered: () => count++, dropped: () => undefined };
  let sent = 0;
  const tick = (): void => {
    net.send(nodes[0]!, nodes[hops]!, 100, handlers);
    if (++sent < n) sim.schedule(1, tick);
  };
  sim.schedule(0, tick);
  sim.run();
  return count;
}

describe("message loss (binomial)", () => {
  const N = 20_000;

  // Wilson's interval at z = 3, the comparison rule of docs/validation.md: a 95 % interval fails one
  // seed in twenty by design (it did, under npm run validate:seeds).
  it("a link with loss 0.1 delivers a fraction whose Wilson interval (z = 3) holds 0.9, and rejects 0.88", () => {
    const count = delivered(0.1, N, 1, 2024);
    recordBinomial(count, N, 0.9);
    const [lo, hi] = wilson(count, N, 3);
    expect(lo).toBeLessThanOrEqual(0.9);
    expect(hi).toBeGreaterThanOrEqual(0.9);
    // The interval is tight enough to tell p = 0.1 from p = 0.12 (half-width ≈ 0.006).
    expect(0.88 < lo || 0.88 > hi).toBe(true);
  });

  it("losses compound independently over two hops: delivery 0.9² = 0.81", () => {
    const count = delivered(0.1, N, 2, 2025);
    recordBinomial(count, N, 0.81);
    const [lo, hi] = wilson(count, N, 3);
    expect(lo).toBeLessThanOrEqual(0.81);
    expect(hi).toBeGreaterThanOrEqual(0.81);
    expect(0.9 < lo || 0.9 > hi).toBe(true); // a second hop that lost nothing would be caught
  });
});

interface QueueFigures {
  /** Mean time from send to delivery, s. */
  w: number;
  /** Mean wait before transmission starts, s. */
  wq: number;
  /** Arrival rate measured over the counted customers, 1/s. */
  lambda: number;
}

/**
 * One replication: Poisson sends at rate λ over one lossless, zero-latency
 * link; sizes exponential with mean bandwidth / μ, so transmission times are
 * Exp(μ). The first `warmup` customers are discarded, the next `n` counted.
 */
function mm1(lambda: number, mu: number, replication: number, warmup: number, n: number): QueueFigures {
  const sim = new Simulator();
  const streams = new RandomStreams(validationSeed("mm1"), replication);
  const net = new Network(sim, "queue", streams);
  const a = new Component("a", "host");
  const b = new Component("b", "host");
  const bandwidth = 1e6;
  net.addLink(new Link("link", { bandwidth, latency: 0, loss: 0 }), a, b);
  const arrivals = streams.stream("arrivals");
  const sizes = streams.stream("sizes");
  const meanSize = bandwidth / mu;
  const total = warmup + n;
  const sentAt = new Float64Array(total);
  const service = new Float64Array(total);
  let sumW = 0;
  let sumWq = 0;
  const handlers: MessageHandlers<number> = {
    delivered(now, i) {
      if (i < warmup) return;
      const w = now - sentAt[i]!;
      sumW += w;
      sumWq += w - service[i]!;
    },
    dropped(_, reason) {
      throw new Error(`a lossless link dropped a message: ${reason}`);
    },
  };
  let i = 0;
  const arrive = (): void => {
    const size = -meanSize * Math.log(1 - sizes.next());
    sentAt[i] = sim.now;
    service[i] = size / bandwidth;
    net.send(a, b, size, handlers, i);
    if (++i < total) sim.schedule(-Math.log(1 - arrivals.next()) / lambda, arrive);
  };
  sim.schedule(0, arrive);
  sim.run();
  return { w: sumW / n, wq: sumWq / n, lambda: (n - 1) / (sentAt[total - 1]! - sentAt[warmup]!) };
}

describe("one link as an M/M/1 queue (Kleinrock 1975)", () => {
  const REPLICATIONS = 30;
  const WARMUP = 10_000;
  const CUSTOMERS = 100_000;
  /** Case I's required relative precision. */
  const MAX_REL_SE = 0.03;

  function check(lambda: number, mu: number): void {
    const runs = Array.from({ length: REPLICATIONS }, (_, r) => mm1(lambda, mu, r, WARMUP, CUSTOMERS));
    const rho = lambda / mu;
    const w = 1 / (mu - lambda);
    const wq = rho / (mu - lambda);
    const l = rho / (1 - rho);
    expectAgrees(runs.map((r) => r.w), w, MAX_REL_SE, "W");
    expectAgrees(runs.map((r) => r.wq), wq, MAX_REL_SE, "Wq");
    // Little's law from the measured W and the measured arrival rate.
    expectAgrees(runs.map((r) => r.lambda * r.w), l, MAX_REL_SE, "L = λW");
  }

  it("λ = 0.8, μ = 1: W = 5 s, Wq = 4 s, L = 4", () => check(0.8, 1));

  it("λ = 9, μ = 10: W = 1 s, Wq = 0.9 s, L = 9", () => check(9, 10));
});
