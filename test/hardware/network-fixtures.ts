import { RandomStreams } from "../../src/engine/random.js";
import { Simulator } from "../../src/engine/simulator.js";
import type { Trace } from "../../src/engine/trace.js";
import { Component } from "../../src/hardware/component.js";
import { Link, type LinkParams } from "../../src/hardware/link.js";
import { Network, type MessageHandlers, type TransferHandlers } from "../../src/hardware/network.js";

/** A network with named nodes and links, and a log of every handler call. */
export function rig(seed = 1, trace?: Trace) {
  const sim = new Simulator();
  const net = new Network(sim, "lan", new RandomStreams(seed, 0), trace);
  const nodes = new Map<string, Component>();
  const node = (id: string): Component => {
    let n = nodes.get(id);
    if (n === undefined) {
      n = new Component(id, "host");
      nodes.set(id, n);
      net.addNode(n);
    }
    return n;
  };
  const link = (id: string, a: string, b: string, params: Partial<LinkParams> = {}): Link => {
    const l = new Link(id, { latency: 0, ...params });
    net.addLink(l, node(a), node(b));
    return l;
  };
  const log: string[] = [];
  const messages: MessageHandlers<string> = {
    delivered: (now, tag) => log.push(`${tag} delivered @${now}`),
    dropped: (now, reason, tag) => log.push(`${tag} dropped ${reason} @${now}`),
  };
  const send = (from: string, to: string, tag: string, bytes = 0) => net.send(node(from), node(to), bytes, messages, tag);
  const transferHandlers = (tag: string): TransferHandlers => ({
    done: (now) => log.push(`${tag} done @${now}`),
    failed: (now, reason) => log.push(`${tag} failed ${reason} @${now}`),
  });
  const transfer = (from: string, to: string, bytes: number, tag: string) => net.transfer(node(from), node(to), bytes, transferHandlers(tag));
  return { sim, net, node, link, log, send, transfer, messages };
}
