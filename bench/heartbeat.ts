import { Heap } from "heap-js";
import { RandomStreams } from "../src/engine/random.js";
import { Simulator } from "../src/engine/simulator.js";
import { Component } from "../src/hardware/component.js";
import { Link } from "../src/hardware/link.js";
import { Network, type MessageHandlers } from "../src/hardware/network.js";
import type { BenchCase, BenchOutcome } from "./case.js";

/*
 * Heartbeats over the simulated network: N senders, each joined to one
 * monitor by its own link (10 Gbit/s, 50 µs, no loss), each sending a 64-byte
 * message every second, phases spread over the period. One step is one
 * heartbeat delivered. The engine variant goes through `Network.send`
 * (route lookup, the link's FIFO transmitter, propagation, delivery
 * handler); the baseline is the least a simulator must do per heartbeat:
 * one heap-js event per send, with the delivery time computed inline. The
 * ratio is what the network model costs per message, the figure a
 * heartbeat fast-forward (ras-fallback) would be measured against.
 */

const PERIOD_S = 1;
const BYTES = 64;

/** Send time of sender i's k-th heartbeat; both variants compute it the same way. */
function sendTime(i: number, k: number, senders: number): number {
  return (i / senders) * PERIOD_S + k * PERIOD_S;
}

export function prepareHeartbeatEngine(senders: number, steps: number, seed: number): () => BenchOutcome {
  const sim = new Simulator();
  const net = new Network(sim, "lan", new RandomStreams(seed, 0));
  const monitor = new Component("monitor", "host");
  const hosts: Component[] = [];
  for (let i = 0; i < senders; i++) {
    const host = new Component(`host[${i}]`, "host");
    hosts.push(host);
    net.addLink(new Link(`link[${i}]`, { bandwidth: 1.25e9, latency: 50e-6, loss: 0 }), host, monitor);
  }
  let delivered = 0;
  let lastSend = 0;
  const handlers: MessageHandlers<number> = {
    delivered: () => {
      if (++delivered === steps) sim.stop();
    },
    dropped: () => {
      throw new Error("heartbeat bench: a message was dropped on a lossless network");
    },
  };
  const beats = new Int32Array(senders);
  const senderTasks = hosts.map((host, i) => {
    const task = (): void => {
      lastSend = sim.now;
      net.send(host, monitor, BYTES, handlers, i);
      beats[i]!++;
      sim.scheduleAt(sendTime(i, beats[i]!, senders), task);
    };
    return task;
  });
  senderTasks.forEach((task, i) => sim.scheduleAt(sendTime(i, 0, senders), task));
  return () => {
    sim.run();
    return { events: delivered, finalTimeS: lastSend };
  };
}

interface PlainBeat {
  t: number;
  seq: number;
  sender: number;
  k: number;
}

export function prepareHeartbeatBaseline(senders: number, steps: number): () => BenchOutcome {
  const heap = new Heap<PlainBeat>((a, b) => a.t - b.t || a.seq - b.seq);
  let seq = 0;
  for (let i = 0; i < senders; i++) heap.add({ t: sendTime(i, 0, senders), seq: seq++, sender: i, k: 0 });
  return () => {
    let delivered = 0;
    let lastSend = 0;
    let latest = 0;
    while (delivered < steps) {
      const beat = heap.pop()!;
      lastSend = beat.t;
      // Delivered after transmission and propagation; a real monitor would act here.
      latest = Math.max(latest, beat.t + BYTES / 1.25e9 + 50e-6);
      delivered++;
      heap.add({ t: sendTime(beat.sender, beat.k + 1, senders), seq: seq++, sender: beat.sender, k: beat.k + 1 });
    }
    if (!(latest > 0)) throw new Error("heartbeat baseline: nothing delivered");
    return { events: delivered, finalTimeS: lastSend };
  };
}

export const heartbeatCase: BenchCase = {
  name: "heartbeat",
  description: "N senders each send a 64 B heartbeat per second over their own link to one monitor; one step = one heartbeat delivered",
  sizes: [10, 1000],
  steps: () => 1_000_000,
  engine: prepareHeartbeatEngine,
  baseline: prepareHeartbeatBaseline,
};
