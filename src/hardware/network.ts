import type { RandomStream, RandomStreams } from "../engine/random.js";
import type { Simulator } from "../engine/simulator.js";
import { NO_TRACE, type Trace } from "../engine/trace.js";
import type { ChangeCause, Component } from "./component.js";
import type { Link } from "./link.js";
import { Routing } from "./routing.js";
import { BulkTransfers, type Path, type TransferFailure, type TransferHandle, type TransferHandlers } from "./bulk-transfers.js";

/** Why a message was not delivered. */
export type DropReason = "loss" | TransferFailure;

/**
 * What becomes of a message. Exactly one handler is called, once, always
 * from an event of its own (never from inside `send`), with the payload
 * given to `send`.
 */
export interface MessageHandlers<P = undefined> {
  /** The message reached its destination at `now`. */
  delivered(now: number, payload: P): void;
  /** The message was lost at `now` (for a failure in flight: when it would have reached the next node). */
  dropped(now: number, reason: DropReason, payload: P): void;
}

export type { TransferFailure, TransferHandle, TransferHandlers };

/** An active or healed partition. */
export interface PartitionHandle {
  readonly sideA: readonly Component[];
  readonly sideB: readonly Component[];
  readonly active: boolean;
}

/** A message on its way (pooled: reused once its handler has run). */
interface InFlight {
  handlers: MessageHandlers<unknown>;
  payload: unknown;
  from: number;
  to: number;
  bytes: number;
  route: Path | undefined;
  hop: number;
  /** Down-counts of the hop's link and sending node when the message reached that node. */
  linkEpoch: number;
  nodeEpoch: number;
  /** When its last byte leaves the hop's sending node (s): a node going down after that no longer loses it. */
  leftAt: number;
  lost: boolean;
  /** Set when the message is dropped before its first hop; the event then only reports it. */
  early: DropReason | undefined;
  fire: () => void;
}

class Partition implements PartitionHandle {
  active = true;
  constructor(
    readonly sideA: readonly Component[],
    readonly sideB: readonly Component[],
    /** Per node index: 1 in side A, 2 in side B, 0 in neither. */
    readonly side: Uint8Array,
  ) {}
}

/**
 * One network: a switching fabric or a LAN/WAN. Nodes are any components
 * (hosts, CPU nodes, IO domains, switches), links join two nodes. See
 * `docs/hardware/network.md` for the models of messages, bulk transfers
 * and partitions, and what they leave out.
 */
export class Network {
  private readonly nodeList: Component[] = [];
  private readonly nodeIndex = new Map<Component, number>();
  private readonly linkList: Link[] = [];
  private readonly routing = new Routing(this.nodeList, this.linkList);
  /** Per channel: when its transmitter is free again, s. */
  private readonly busyUntil: number[] = [];
  /** Per link / node: how many times it has gone down (a message crossing it then is lost). */
  private readonly linkDowns: number[] = [];
  private readonly nodeDowns: number[] = [];
  /** Per node: the instants it went down, in order (`nodeDownTimes[n][e]` ended epoch e). */
  private readonly nodeDownTimes: number[][] = [];
  /** Per node: up as this network last counted it (`nodeChanged`). */
  private readonly nodeSeenUp: boolean[] = [];
  private readonly lossStreams: (RandomStream | undefined)[] = [];
  private readonly pool: InFlight[] = [];
  private readonly partitions: Partition[] = [];
  private readonly transfers: BulkTransfers;
  /**
   * The component of its trace records, `network:<name>`: a name of its own,
   * so that a network named like a component (`mgmt`) does not share its row.
   */
  readonly traceId: string;

  constructor(
    private readonly sim: Simulator,
    /** The network's name, e.g. `fabric` or `lan`. */
    readonly name: string,
    private readonly streams: RandomStreams,
    private readonly trace: Trace = NO_TRACE,
  ) {
    this.traceId = `network:${name}`;
    this.transfers = new BulkTransfers(sim, { traceId: this.traceId, bandwidthOf: (c) => this.linkList[c >> 1]!.bandwidth, nodeId: (i) => this.nodeList[i]!.id }, trace);
  }

  /** Current simulated time, s. */
  get now(): number {
    return this.sim.now;
  }

  get nodes(): readonly Component[] {
    return this.nodeList;
  }

  get links(): readonly Link[] {
    return this.linkList;
  }

  /** True when `component` is a node of this network or contains one (a rack, a site), so it may name a partition side. */
  /**
   * The node a component talks through: itself if it is a node of this
   * network, else its nearest container that is one (a processor through
   * its host), breadth-first over containers; undefined if none is.
   */
  nodeFor(component: Component): Component | undefined {
    const queue: Component[] = [component];
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      if (this.nodeIndex.has(c)) return c;
      queue.push(...c.containers);
    }
    return undefined;
  }

  covers(component: Component): boolean {
    return this.nodeIndex.has(component) || this.nodeList.some((node) => isInside(node, component));
  }

  /**
   * The nodes of this network a partition side stands for, each once, in
   * node order: a node stands for itself (even if other nodes sit inside
   * it), any other component (a rack, a site, a host whose CPUs are the
   * fabric's nodes) for the nodes inside it. Empty when it covers none.
   */
  nodesOf(side: readonly Component[]): Component[] {
    return this.nodeList.filter((node) => side.some((member) => (this.nodeIndex.has(member) ? node === member : isInside(node, member))));
  }

  /** Adds a node (build time). Adding it twice is an error. */
  addNode(node: Component): void {
    if (this.nodeIndex.has(node)) throw new Error(`network ${this.name}: ${node.id} is already a node`);
    const index = this.nodeList.length;
    this.nodeList.push(node);
    this.nodeIndex.set(node, index);
    this.routing.nodeAdded();
    this.nodeDowns.push(0);
    this.nodeDownTimes.push([]);
    this.nodeSeenUp.push(node.up);
    node.onChange((up, now) => this.nodeChanged(index, up, now));
  }

  /** Joins nodes `a` and `b` by `link` (build time); endpoints not yet in the network are added. */
  addLink(link: Link, a: Component, b: Component): void {
    link.attach(a, b);
    if (!this.nodeIndex.has(a)) this.addNode(a);
    if (!this.nodeIndex.has(b)) this.addNode(b);
    const index = this.linkList.length;
    const ia = this.nodeIndex.get(a)!;
    const ib = this.nodeIndex.get(b)!;
    this.linkList.push(link);
    this.routing.linkAdded(ia, ib);
    this.busyUntil.push(0, 0);
    this.linkDowns.push(0);
    this.lossStreams.push(undefined);
    link.onChange((up, now) => this.linkChanged(index, up, now));
    link.onParamsChange((_, now) => this.linkParamsChanged(index, now));
  }

  /** True when both nodes are up, a route of up links and nodes joins them, and no partition separates them. */
  isReachable(from: Component, to: Component): boolean {
    const f = this.indexOf(from);
    const t = this.indexOf(to);
    if (!from.up || !to.up) return false;
    if (f === t) return true;
    return this.routing.route(f, t) !== null && !this.separated(f, t);
  }

  /** The links of the route a message from `from` to `to` would take now, or undefined if there is none. */
  route(from: Component, to: Component): readonly Link[] | undefined {
    const route = this.routing.route(this.indexOf(from), this.indexOf(to));
    return route === null ? undefined : Array.from(route.channels, (c) => this.linkList[c >> 1]!);
  }

  // ---- messages ----

  /**
   * Sends a message of `bytes` bytes from `from` to `to`: store-and-forward
   * along the fewest-hop route, FIFO at each link's transmitter, lost at
   * each hop with the link's loss probability. `handlers` learns its fate;
   * `payload` is handed back to them (so a sender can reuse one handlers
   * object for all its messages).
   */
  send(from: Component, to: Component, bytes: number, handlers: MessageHandlers<undefined>): void;
  send<P>(from: Component, to: Component, bytes: number, handlers: MessageHandlers<P>, payload: P): void;
  send(from: Component, to: Component, bytes: number, handlers: MessageHandlers<unknown>, payload?: unknown): void {
    this.post(from, to, bytes, handlers, payload, false);
  }

  /**
   * A node's last message, sent as it goes down (a last-gasp failure report:
   * the power-fail interrupt of a BMC, a NIC's dying gasp). Call it from a
   * listener of the node's failure, at that instant: the message leaves
   * although the node is no longer up, and that going down does not lose it
   * (going down again before its last byte has left does); everything else
   * (route, partitions, loss, later hops) is as for `send`. From a node that
   * went down earlier it is dropped like any message (`node-down`).
   */
  sendLastGasp<P>(from: Component, to: Component, bytes: number, handlers: MessageHandlers<P>, payload: P): void {
    this.post(from, to, bytes, handlers as MessageHandlers<unknown>, payload, true);
  }

  private post(from: Component, to: Component, bytes: number, handlers: MessageHandlers<unknown>, payload: unknown, lastGasp: boolean): void {
    if (!(bytes >= 0 && bytes < Infinity)) throw new RangeError(`network ${this.name}: message size must be >= 0 bytes and finite, got ${bytes}`);
    const f = this.indexOf(from);
    const t = this.indexOf(to);
    const m = this.pool.pop() ?? this.newInFlight();
    m.handlers = handlers;
    m.payload = payload;
    m.from = f;
    m.to = t;
    m.bytes = bytes;
    m.hop = 0;
    m.lost = false;
    m.early = undefined;
    m.route = undefined;
    // Sent by a listener of the node that runs ahead of the network's: count its going down first,
    // so that the messages queued there are lost and nothing is queued behind them.
    if (!from.up && this.nodeSeenUp[f]) this.nodeChanged(f, false, this.sim.now);
    if (!from.up && !(lastGasp && this.nodeDownTimes[f]!.at(-1) === this.sim.now)) m.early = "node-down";
    else if (f !== t) {
      const route = this.routing.route(f, t);
      if (route === null) m.early = "no-route";
      else if (this.partitions.length > 0 && this.separated(f, t)) m.early = "partition";
      else {
        m.route = route;
        // A cached route may hold a link that has just gone down, when a listener of the
        // link that runs before the network's sends (the cache is not cleared yet).
        const reason = this.startHop(m, this.sim.now);
        if (reason === undefined) return;
        m.route = undefined;
        m.early = reason;
      }
    }
    // Dropped at once, or sent to itself: reported by an event of its own at this time.
    this.sim.schedule(0, m.fire);
  }

  private newInFlight(): InFlight {
    const m: InFlight = {
      handlers: undefined as unknown as MessageHandlers<unknown>, // set by send before any use
      payload: undefined,
      from: 0,
      to: 0,
      bytes: 0,
      route: undefined,
      hop: 0,
      linkEpoch: 0,
      nodeEpoch: 0,
      leftAt: 0,
      lost: false,
      early: undefined,
      fire: () => this.arrive(m),
    };
    return m;
  }

  /** Queues `m` at the transmitter of its current hop; returns why it cannot, if so. */
  private startHop(m: InFlight, now: number): DropReason | undefined {
    const route = m.route!;
    const channel = route.channels[m.hop]!;
    const l = channel >> 1;
    const link = this.linkList[l]!;
    if (!link.up) return "link-down";
    const start = Math.max(now, this.busyUntil[channel]!);
    const sent = start + m.bytes / link.bandwidth;
    this.busyUntil[channel] = sent;
    m.linkEpoch = this.linkDowns[l]!;
    m.nodeEpoch = this.nodeDowns[route.nodes[m.hop]!]!;
    m.leftAt = sent;
    const loss = link.loss;
    m.lost = loss > 0 && this.lossStream(l).next() < loss;
    this.sim.scheduleAt(sent + link.latency, m.fire);
    return undefined;
  }

  /** The event of a message: it reaches the end of its current hop (or an early drop is reported). */
  private arrive(m: InFlight): void {
    const now = this.sim.now;
    const route = m.route;
    let reason: DropReason | undefined = m.early;
    if (route === undefined) {
      if (reason === undefined) this.deliver(m, now); // sent to itself
      else this.drop(m, reason, now, this.nodeList[m.from]!.id);
      return;
    }
    const hop = m.hop;
    const channel = route.channels[hop]!;
    let at: string;
    if (this.linkDowns[channel >> 1] !== m.linkEpoch) {
      reason = "link-down";
      at = this.linkList[channel >> 1]!.id;
    } else if (this.lostAtSender(m, route.nodes[hop]!)) {
      // Its sending node went down while the message waited or was transmitted there; a
      // message already propagating away from it is on the wire and goes on.
      reason = "node-down";
      at = this.nodeList[route.nodes[hop]!]!.id;
    } else if (m.lost) {
      reason = "loss";
      at = this.linkList[channel >> 1]!.id;
    } else {
      const next = route.nodes[hop + 1]!;
      at = this.nodeList[next]!.id;
      if (!this.nodeList[next]!.up) reason = "node-down";
      else if (this.partitions.length > 0 && this.separated(m.from, m.to)) reason = "partition";
      else if (hop + 1 === route.channels.length) {
        this.deliver(m, now);
        return;
      } else {
        m.hop = hop + 1;
        reason = this.startHop(m, now);
        if (reason === undefined) return;
        at = this.linkList[route.channels[hop + 1]! >> 1]!.id;
      }
    }
    this.drop(m, reason, now, at);
  }

  /**
   * Whether the node `m` is leaving went down while `m` waited or was
   * transmitted there (not once it propagates). The first going down since
   * `m` reached it is the one that decides: the instants are in order.
   */
  private lostAtSender(m: InFlight, node: number): boolean {
    return m.nodeEpoch < this.nodeDowns[node]! && this.nodeDownTimes[node]![m.nodeEpoch]! < m.leftAt;
  }

  private deliver(m: InFlight, now: number): void {
    const { handlers, payload } = m;
    this.release(m);
    handlers.delivered(now, payload);
  }

  private drop(m: InFlight, reason: DropReason, now: number, at: string): void {
    const { handlers, payload } = m;
    if (this.trace.enabled) {
      this.trace.record(now, this.traceId, "message-dropped", reason, {
        from: this.nodeList[m.from]!.id,
        to: this.nodeList[m.to]!.id,
        bytes: m.bytes,
        reason,
        at,
      });
    }
    this.release(m);
    handlers.dropped(now, reason, payload);
  }

  /** Returns `m` to the pool before its handler runs, so that the handler may send again. */
  private release(m: InFlight): void {
    m.payload = undefined;
    m.route = undefined;
    this.pool.push(m);
  }

  private lossStream(l: number): RandomStream {
    let stream = this.lossStreams[l];
    if (stream === undefined) {
      stream = this.streams.stream(`${this.linkList[l]!.id}/loss`);
      this.lossStreams[l] = stream;
    }
    return stream;
  }

  // ---- routing ----

  private indexOf(node: Component): number {
    const index = this.nodeIndex.get(node);
    if (index === undefined) throw new Error(`network ${this.name}: ${node.id} is not one of its nodes`);
    return index;
  }

  // ---- state changes ----

  private nodeChanged(index: number, up: boolean, now: number): void {
    if (this.nodeSeenUp[index] === up) return; // counted already, by `post`
    this.nodeSeenUp[index] = up;
    this.routing.invalidate();
    if (up) return;
    this.nodeDowns[index]!++;
    this.nodeDownTimes[index]!.push(now);
    // Messages queued at its transmitters are lost (counted at their arrival); the queues empty.
    for (const channel of this.routing.channelsFrom(index)) this.busyUntil[channel] = Math.min(this.busyUntil[channel]!, now);
    this.transfers.failWhere((t) => t.path.nodes.includes(index), "node-down", now);
  }

  private linkChanged(index: number, up: boolean, now: number): void {
    this.routing.invalidate();
    if (up) return;
    this.linkDowns[index]!++;
    const a = 2 * index;
    const b = a + 1;
    this.busyUntil[a] = Math.min(this.busyUntil[a]!, now);
    this.busyUntil[b] = Math.min(this.busyUntil[b]!, now);
    this.transfers.failWhere((t) => t.path.channels.includes(a) || t.path.channels.includes(b), "link-down", now);
  }

  private linkParamsChanged(index: number, now: number): void {
    this.transfers.bandwidthChanged([2 * index, 2 * index + 1], now);
  }

  // ---- partitions ----

  /**
   * Cuts `sideA` off from `sideB` until `heal`: messages between a node of
   * one side and a node of the other are dropped (reason `partition`), in
   * both directions, and transfers between them fail. A side may list
   * nodes or containers (a rack, a site): a container stands for every
   * node of this network inside it.
   */
  partition(sideA: readonly Component[], sideB: readonly Component[], now: number, cause: ChangeCause): PartitionHandle {
    const side = new Uint8Array(this.nodeList.length);
    const mark = (members: readonly Component[], value: number, label: string): void => {
      for (const member of members) {
        const nodes = this.nodesOf([member]);
        if (nodes.length === 0) throw new Error(`network ${this.name}: partition side ${label} names ${member.id}, which is not a node of this network and contains none`);
        for (const node of nodes) {
          const i = this.nodeIndex.get(node)!;
          if (side[i] !== 0 && side[i] !== value) throw new Error(`network ${this.name}: ${node.id} is on both sides of the partition`);
          side[i] = value;
        }
      }
    };
    mark(sideA, 1, "A");
    mark(sideB, 2, "B");
    const p = new Partition([...sideA], [...sideB], side);
    this.partitions.push(p);
    if (this.trace.enabled) this.trace.record(now, this.traceId, "partition", cause, sidesDetail(p));
    this.transfers.failWhere((t) => separatedBy(p, t.from, t.to), "partition", now);
    return p;
  }

  /** Ends a partition; healing it twice is harmless. */
  heal(handle: PartitionHandle, now: number, cause: ChangeCause = "healed"): void {
    const i = this.partitions.indexOf(handle as Partition);
    if (i < 0) return;
    this.partitions.splice(i, 1);
    (handle as Partition).active = false;
    if (this.trace.enabled) this.trace.record(now, this.traceId, "heal", cause, sidesDetail(handle));
  }

  private separated(from: number, to: number): boolean {
    for (const p of this.partitions) if (separatedBy(p, from, to)) return true;
    return false;
  }

  // ---- bulk transfers ----

  /**
   * Starts a bulk transfer of `bytes` bytes from `from` to `to` along the
   * fewest-hop route (fixed for its life). Concurrent transfers share each
   * link direction max-min fairly; alone on its path, a transfer takes
   * bytes / (narrowest bandwidth) + the sum of the latencies. It fails if
   * an endpoint is down, there is no route or a partition separates the
   * endpoints, now or before its last byte arrives.
   */
  transfer(from: Component, to: Component, bytes: number, handlers: TransferHandlers): TransferHandle {
    if (!(bytes >= 0 && bytes < Infinity)) throw new RangeError(`network ${this.name}: transfer size must be >= 0 bytes and finite, got ${bytes}`);
    const f = this.indexOf(from);
    const t = this.indexOf(to);
    const route = f === t ? null : this.routing.route(f, t);
    const early: TransferFailure | undefined =
      !from.up || !to.up ? "node-down" : f === t ? undefined : route === null ? "no-route" : this.separated(f, t) ? "partition" : undefined;
    const path = route ?? { channels: new Int32Array(0), nodes: Int32Array.of(f), latency: 0 };
    return this.transfers.start(f, t, bytes, handlers, path, early);
  }
}

function separatedBy(p: Partition, from: number, to: number): boolean {
  const a = p.side[from] ?? 0;
  const b = p.side[to] ?? 0;
  return a !== 0 && b !== 0 && a !== b;
}

/** True when `node` is `container` or sits inside it, directly or through other containers. */
function isInside(node: Component, container: Component): boolean {
  if (node === container) return true;
  for (const c of node.containers) if (isInside(c, container)) return true;
  return false;
}

function sidesDetail(p: PartitionHandle): Record<string, string> {
  return { side_a: p.sideA.map((c) => c.id).join(","), side_b: p.sideB.map((c) => c.id).join(",") };
}
