import type { Path } from "./bulk-transfers.js";
import type { Component } from "./component.js";
import type { Link } from "./link.js";

/**
 * The topology of one network and its fewest-hop routes. Channels are
 * directed links: channel 2l goes from link l's first end to its second,
 * channel 2l + 1 back. Routes are cached per (from, to) and the cache is
 * cleared whenever a link or node changes state (`invalidate`), so a
 * heartbeat between two hosts searches once, not once per message.
 */
export class Routing {
  /** Per node: its outgoing channels, in link insertion order. */
  private readonly outgoing: number[][] = [];
  /** ends[c]: the node a channel leaves from; ends[c ^ 1]: the node it goes to. */
  private readonly ends: number[] = [];
  private readonly cache = new Map<number, Path | null>();
  private mark = new Int32Array(0);
  private prev = new Int32Array(0);
  private queue = new Int32Array(0);
  private round = 0;

  constructor(
    private readonly nodes: readonly Component[],
    private readonly links: readonly Link[],
  ) {}

  /** Registers the node just appended to `nodes`. */
  nodeAdded(): void {
    this.outgoing.push([]);
    this.cache.clear();
  }

  /** Registers the link just appended to `links`, joining node indices a and b. */
  linkAdded(a: number, b: number): void {
    const l = this.ends.length / 2;
    this.ends.push(a, b);
    this.outgoing[a]!.push(2 * l);
    this.outgoing[b]!.push(2 * l + 1);
    this.cache.clear();
  }

  /** Forgets every cached route (a link or node went up or down). */
  invalidate(): void {
    this.cache.clear();
  }

  /** The channels leaving node `index`. */
  channelsFrom(index: number): readonly number[] {
    return this.outgoing[index]!;
  }

  /** The fewest-hop route from one node index to another, or null when there is none. */
  route(from: number, to: number): Path | null {
    const key = from * this.nodes.length + to;
    let route = this.cache.get(key);
    if (route === undefined) {
      route = this.search(from, to);
      this.cache.set(key, route);
    }
    return route;
  }

  /**
   * Breadth-first search over up links and up intermediate nodes (the
   * endpoints' own state is not looked at: a message to a down node travels
   * and is dropped there). Neighbours are visited in link insertion order,
   * so among routes of equal length the first found is always the same.
   */
  private search(from: number, to: number): Path | null {
    const n = this.nodes.length;
    if (this.mark.length < n || this.round === 0x7fffffff) {
      this.mark = new Int32Array(n);
      this.prev = new Int32Array(n);
      this.queue = new Int32Array(n);
      this.round = 0;
    }
    const { mark, prev, queue, ends } = this;
    const round = ++this.round;
    mark[from] = round;
    queue[0] = from;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const u = queue[head++]!;
      for (const channel of this.outgoing[u]!) {
        if (!this.links[channel >> 1]!.up) continue;
        const v = ends[channel ^ 1]!;
        if (mark[v] === round) continue;
        if (v !== to && !this.nodes[v]!.up) continue;
        mark[v] = round;
        prev[v] = channel;
        if (v === to) return this.path(from, to);
        queue[tail++] = v;
      }
    }
    return null;
  }

  private path(from: number, to: number): Path {
    const channels: number[] = [];
    for (let v = to; v !== from; v = this.ends[this.prev[v]!]!) channels.push(this.prev[v]!);
    channels.reverse();
    const nodes = new Int32Array(channels.length + 1);
    let latency = 0;
    channels.forEach((c, i) => {
      nodes[i] = this.ends[c]!;
      latency += this.links[c >> 1]!.latency;
    });
    nodes[channels.length] = to;
    return { channels: Int32Array.from(channels), nodes, latency };
  }
}
