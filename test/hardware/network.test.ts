import { describe, expect, it } from "vitest";
import { Trace, type TraceRecord } from "../../src/engine/trace.js";
import { Component } from "../../src/hardware/component.js";
import { DEFAULT_LINK_PARAMS, LINK_PARAMETER_DOCS, Link } from "../../src/hardware/link.js";
import type { MessageHandlers } from "../../src/hardware/network.js";
import { rig } from "./network-fixtures.js";


describe("Link", () => {
  it("defaults to a 10 Gbit/s, 50 µs, lossless link and documents each parameter", () => {
    const l = new Link("l");
    expect(l.kind).toBe("link");
    expect(l.bandwidth).toBe(1.25e9);
    expect(l.latency).toBe(50e-6);
    expect(l.loss).toBe(0);
    expect(LINK_PARAMETER_DOCS.map((d) => d.name)).toEqual(Object.keys(DEFAULT_LINK_PARAMS));
  });

  it("rejects impossible parameters, naming them", () => {
    expect(() => new Link("l", { bandwidth: 0 })).toThrow(/bandwidth/);
    expect(() => new Link("l", { latency: -1 })).toThrow(/latency/);
    expect(() => new Link("l", { loss: 1.5 })).toThrow(/loss/);
  });

  it("is slow while slowed down, and recovers its nominal bandwidth and loss", () => {
    const l = new Link("l", { bandwidth: 100, loss: 0.1 });
    l.slowDown(0.25, 1, "degraded");
    l.setLoss(0.5, 1, "noise");
    expect([l.state, l.up, l.bandwidth, l.loss]).toEqual(["slow", true, 25, 0.5]);
    l.recover(2, "fixed");
    expect([l.state, l.bandwidth, l.loss]).toEqual(["up", 100, 0.1]);
  });

  it("belongs to one network and joins two different nodes", () => {
    const { net, node } = rig();
    const l = new Link("l");
    expect(() => net.addLink(l, node("a"), node("a"))).toThrow(/two different nodes/);
    net.addLink(l, node("a"), node("b"));
    expect(() => net.addLink(l, node("a"), node("c"))).toThrow(/belongs to one network/);
  });
});

describe("messages", () => {
  it("take transmission time plus latency per hop, store-and-forward", () => {
    const { sim, link, send, log } = rig();
    link("ab", "a", "b", { bandwidth: 1000, latency: 0.5 });
    link("bc", "b", "c", { bandwidth: 500, latency: 0.25 });
    send("a", "c", "m", 100);
    sim.run();
    // 100/1000 + 0.5, then 100/500 + 0.25
    expect(log).toEqual([`m delivered @${0.1 + 0.5 + 0.2 + 0.25}`]);
  });

  it("queue FIFO at a link's transmitter, each direction separately (full duplex)", () => {
    const { sim, link, send, log } = rig();
    link("ab", "a", "b", { bandwidth: 100, latency: 1 });
    send("a", "b", "m1", 100);
    send("a", "b", "m2", 50);
    send("b", "a", "r1", 100);
    sim.run();
    expect(log).toEqual(["m1 delivered @2", "r1 delivered @2", "m2 delivered @2.5"]);
  });

  it("are dropped when the destination is down when they get there", () => {
    const { sim, link, send, log, node } = rig();
    link("ab", "a", "b", { latency: 1 });
    send("a", "b", "m");
    sim.schedule(0.5, () => node("b").fail(0.5, "crash"));
    sim.run();
    expect(log).toEqual(["m dropped node-down @1"]);
  });

  it("are dropped when a link fails while they cross it, even if it is repaired before they arrive", () => {
    const { sim, link, send, log } = rig();
    const ab = link("ab", "a", "b", { latency: 1 });
    send("a", "b", "m");
    sim.schedule(0.2, () => ab.fail(0.2, "cut"));
    sim.schedule(0.4, () => ab.restore(0.4, "spliced"));
    sim.schedule(0.5, () => send("a", "b", "after"));
    sim.run();
    expect(log).toEqual(["m dropped link-down @1", "after delivered @1.5"]);
  });

  it("from a down node, or with no route, are dropped by an event of their own at the time of sending", () => {
    const { sim, link, send, log, node } = rig();
    link("ab", "a", "b");
    node("island");
    node("a").fail(0, "crash");
    send("a", "b", "m1");
    send("b", "island", "m2");
    expect(log).toEqual([]); // never from inside send
    sim.run();
    expect(log).toEqual(["m1 dropped node-down @0", "m2 dropped no-route @0"]);
  });

  it("route around a failed link by the fewest hops, and get no-route when none is left", () => {
    const { sim, net, link, send, log, node } = rig();
    const ab = link("ab", "a", "b", { latency: 1 });
    link("ac", "a", "c", { latency: 1 });
    link("cd", "c", "d", { latency: 1 });
    const db = link("db", "d", "b", { latency: 1 });
    expect(net.route(node("a"), node("b"))?.map((l) => l.id)).toEqual(["ab"]);
    ab.fail(0, "cut");
    expect(net.route(node("a"), node("b"))?.map((l) => l.id)).toEqual(["ac", "cd", "db"]);
    send("a", "b", "detour");
    sim.run();
    db.fail(sim.now, "cut");
    expect(net.isReachable(node("a"), node("b"))).toBe(false);
    send("a", "b", "stuck");
    sim.run();
    expect(log).toEqual(["detour delivered @3", "stuck dropped no-route @3"]);
  });

  it("do not route through a down intermediate node, and break ties by link insertion order", () => {
    const { net, link, node } = rig();
    link("a-x", "a", "x");
    link("a-y", "a", "y");
    link("x-b", "x", "b");
    link("y-b", "y", "b");
    expect(net.route(node("a"), node("b"))?.map((l) => l.id)).toEqual(["a-x", "x-b"]);
    node("x").fail(0, "crash");
    expect(net.route(node("a"), node("b"))?.map((l) => l.id)).toEqual(["a-y", "y-b"]);
    node("x").restore(1, "repaired");
    expect(net.route(node("a"), node("b"))?.map((l) => l.id)).toEqual(["a-x", "x-b"]);
  });

  it("are lost at a node that fails while they wait in its queue, and at an intermediate node that is down when they get there", () => {
    const { sim, link, send, log, node } = rig();
    link("ab", "a", "b", { bandwidth: 100, latency: 1 });
    link("bc", "b", "c", { bandwidth: 100, latency: 1 });
    send("a", "c", "queued-1", 100); // leaves a at 1
    send("a", "c", "queued-2", 100); // waits in a's queue until 1, leaves at 2
    sim.schedule(1.5, () => node("a").fail(1.5, "crash"));
    sim.schedule(1.75, () => node("a").restore(1.75, "rebooted"));
    sim.schedule(1.9, () => node("b").fail(1.9, "crash")); // queued-1 reached b at 2... only if b is up
    sim.run();
    expect(log).toEqual(["queued-1 dropped node-down @2", "queued-2 dropped node-down @3"]);
  });

  it("are lost when their sending node fails during the transmission, not once they propagate on the wire", () => {
    const { sim, link, send, log, node } = rig();
    link("ab", "a", "b", { bandwidth: 100, latency: 1 });
    send("a", "b", "on-the-wire", 100); // transmitted over [0, 1], propagates over [1, 2]
    sim.schedule(1.5, () => node("a").fail(1.5, "crash"));
    sim.schedule(1.6, () => node("a").restore(1.6, "rebooted"));
    sim.schedule(2, () => send("a", "b", "cut-short", 100)); // transmitted over [2, 3]
    sim.schedule(2.5, () => node("a").fail(2.5, "crash"));
    sim.run();
    expect(log).toEqual(["on-the-wire delivered @2", "cut-short dropped node-down @4"]);
  });

  it("a last gasp leaves a node as it goes down, whichever listener runs first; a plain send then is dropped", () => {
    const { sim, net, link, log, node, messages } = rig();
    const early = new Component("early", "host"); // its failure listener runs before the network's
    early.onFailed((c) => {
      net.sendLastGasp(c, node("b"), 100, messages, "gasp-early");
      net.send(c, node("b"), 0, messages, "plain");
    });
    net.addNode(early);
    link("ab", "a", "b", { bandwidth: 100, latency: 1 });
    net.addLink(new Link("eb", { bandwidth: 100, latency: 1 }), early, node("b"));
    node("a").onFailed((c, now) => net.sendLastGasp(c, node("b"), 100, messages, `gasp-a@${now}`));
    sim.schedule(10, () => node("a").fail(10, "power"));
    sim.schedule(10, () => early.fail(10, "power"));
    sim.run();
    expect(log).toEqual(["plain dropped node-down @10", "gasp-a@10 delivered @12", "gasp-early delivered @12"]);
  });

  it("a last gasp is still stopped by a partition, and by the node going down again before it has left", () => {
    const { sim, net, link, log, node, messages } = rig();
    link("ab", "a", "b", { bandwidth: 100, latency: 1 });
    link("cb", "c", "b", { bandwidth: 10, latency: 1 });
    node("a").onFailed((c) => net.sendLastGasp(c, node("b"), 100, messages, "cut-off"));
    node("c").onFailed((c) => net.sendLastGasp(c, node("b"), 100, messages, "down-again"));
    net.partition([node("a")], [node("b"), node("c")], 0, "cut");
    sim.schedule(5, () => node("a").fail(5, "power"));
    sim.schedule(5, () => node("c").fail(5, "power")); // transmitted over [5, 15]
    sim.schedule(6, () => node("c").restore(6, "repaired"));
    sim.schedule(7, () => node("c").suspend(7, "reboot"));
    sim.run();
    expect(log).toEqual(["cut-off dropped partition @5", "down-again dropped node-down @16"]);
  });

  it("follow a link's current bandwidth and loss (fail-slow, a lossy period, recovery)", () => {
    const { sim, link, send, log } = rig();
    const ab = link("ab", "a", "b", { bandwidth: 100 });
    ab.slowDown(0.5, 0, "degraded");
    send("a", "b", "slow", 100);
    sim.run();
    ab.setLoss(1, sim.now, "noise");
    send("a", "b", "lost", 100);
    sim.run();
    ab.recover(sim.now, "fixed");
    send("a", "b", "fast", 100);
    sim.run();
    expect(log).toEqual(["slow delivered @2", "lost dropped loss @4", "fast delivered @5"]);
  });

  it("report reachability only between up nodes joined by a route", () => {
    const { net, link, node } = rig();
    link("ab", "a", "b");
    node("c");
    expect([net.isReachable(node("a"), node("b")), net.isReachable(node("a"), node("c"))]).toEqual([true, false]);
    node("b").fail(0, "crash");
    expect(net.isReachable(node("a"), node("b"))).toBe(false);
    expect(net.isReachable(node("a"), node("a"))).toBe(true);
    expect(() => net.isReachable(node("a"), new Component("stranger", "host"))).toThrow(/not one of its nodes/);
  });

  it("let a handler send again (the in-flight record is reused safely)", () => {
    const { sim, net, link, node } = rig();
    link("ab", "a", "b", { latency: 1 });
    const times: number[] = [];
    const ping: MessageHandlers<number> = {
      delivered: (now, n) => {
        times.push(now);
        if (n < 3) net.send(node("a"), node("b"), 0, ping, n + 1);
      },
      dropped: () => undefined,
    };
    net.send(node("a"), node("b"), 0, ping, 1);
    sim.run();
    expect(times).toEqual([1, 2, 3]);
  });
});

describe("partitions", () => {
  /** Hosts a1, a2 | b1, b2 | c on one switch. */
  function star() {
    const r = rig();
    for (const h of ["a1", "a2", "b1", "b2", "c"]) r.link(`${h}-sw`, h, "sw", { latency: 1 });
    return r;
  }

  it("drop messages across the cut in both directions, and only across it", () => {
    const { sim, net, node, send, log } = star();
    net.partition([node("a1"), node("a2")], [node("b1"), node("b2")], 0, "scripted");
    send("a1", "b1", "a1→b1");
    send("b2", "a2", "b2→a2");
    send("a1", "a2", "a1→a2");
    send("b1", "b2", "b1→b2");
    send("c", "a1", "c→a1");
    send("b1", "c", "b1→c");
    sim.run();
    expect(log.sort()).toEqual([
      "a1→a2 delivered @2",
      "a1→b1 dropped partition @0",
      "b1→b2 delivered @2",
      "b1→c delivered @2",
      "b2→a2 dropped partition @0",
      "c→a1 delivered @2",
    ]);
    expect(net.isReachable(node("a1"), node("b1"))).toBe(false);
    expect(net.isReachable(node("a1"), node("c"))).toBe(true);
  });

  it("stop once healed; a message in flight when the cut begins is dropped at its next hop", () => {
    const { sim, net, node, send, log } = star();
    send("a1", "b1", "early");
    const p = net.partition([node("a1")], [node("b1")], 0.5, "scripted");
    sim.schedule(3, () => {
      net.heal(p, 3);
      send("a1", "b1", "late");
    });
    sim.run();
    expect(log).toEqual(["early dropped partition @1", "late delivered @5"]);
    expect(p.active).toBe(false);
  });

  it("overlap: a message is dropped while any partition separates its ends", () => {
    const { sim, net, node, send, log } = star();
    const p1 = net.partition([node("a1")], [node("b1"), node("c")], 0, "one");
    const p2 = net.partition([node("a1"), node("a2")], [node("b1")], 0, "two");
    send("a1", "b1", "m1");
    send("a2", "b1", "m2");
    send("a1", "c", "m3");
    sim.run();
    net.heal(p1, sim.now);
    send("a1", "b1", "m4");
    send("a1", "c", "m5");
    sim.run();
    net.heal(p2, sim.now);
    send("a1", "b1", "m6");
    sim.run();
    expect(log).toEqual([
      "m1 dropped partition @0",
      "m2 dropped partition @0",
      "m3 dropped partition @0",
      "m4 dropped partition @0",
      "m5 delivered @2",
      "m6 delivered @4",
    ]);
  });

  it("take a container as a side: every node inside it", () => {
    const { sim, net, node, send, log } = star();
    const rack = new Component("rack0", "rack");
    rack.contain(node("a1"));
    rack.contain(node("a2"));
    net.partition([rack], [node("c")], 0, "rack uplink cut");
    send("a2", "c", "m1");
    send("a2", "b1", "m2");
    sim.run();
    expect(log).toEqual(["m1 dropped partition @0", "m2 delivered @2"]);
    expect(() => net.partition([new Component("elsewhere", "host")], [node("c")], 0, "x")).toThrow(/not a node/);
    expect(() => net.partition([node("a1")], [rack], 0, "x")).toThrow(/both sides/);
  });
});

describe("bulk transfers", () => {
  it("alone on one link take bytes / bandwidth + latency", () => {
    const { sim, link, transfer, log } = rig();
    link("ab", "a", "b", { bandwidth: 1e9, latency: 50e-6 });
    transfer("a", "b", 4e9, "t");
    sim.run();
    expect(log).toEqual([`t done @${4 + 50e-6}`]);
  });

  it("on a multi-hop path take bytes / narrowest bandwidth + the sum of the latencies", () => {
    const { sim, link, transfer, log } = rig();
    link("ab", "a", "b", { bandwidth: 1000, latency: 0.5 });
    link("bc", "b", "c", { bandwidth: 250, latency: 0.25 });
    link("cd", "c", "d", { bandwidth: 2000, latency: 0.125 });
    transfer("a", "d", 1000, "t");
    sim.run();
    expect(log).toEqual([`t done @${4 + 0.875}`]);
  });

  it("fail when a link on the path fails mid-way, and not when an unrelated link does", () => {
    const { sim, link, transfer, log } = rig();
    const ab = link("ab", "a", "b", { bandwidth: 100 });
    link("bc", "b", "c", { bandwidth: 100 });
    const other = link("bd", "b", "d", { bandwidth: 100 });
    transfer("a", "c", 1000, "t1");
    transfer("a", "c", 1000, "t2");
    sim.schedule(2, () => other.fail(2, "cut"));
    sim.schedule(3, () => ab.fail(3, "cut"));
    sim.run();
    expect(log).toEqual(["t1 failed link-down @3", "t2 failed link-down @3"]);
  });

  it("fail when an endpoint fails, and at once when an endpoint is already down", () => {
    const { sim, link, transfer, log, node } = rig();
    link("ab", "a", "b", { bandwidth: 100 });
    transfer("a", "b", 1000, "t1");
    sim.schedule(4, () => node("b").fail(4, "crash"));
    sim.schedule(5, () => transfer("a", "b", 10, "t2"));
    sim.run();
    expect(log).toEqual(["t1 failed node-down @4", "t2 failed node-down @5"]);
  });

  it("fail when a partition cuts their endpoints, and not when it cuts others", () => {
    const { sim, net, link, transfer, log, node } = rig();
    link("ab", "a", "b", { bandwidth: 100 });
    link("bc", "b", "c", { bandwidth: 100 });
    transfer("a", "b", 1000, "t1");
    transfer("a", "c", 500, "t2");
    sim.schedule(1, () => net.partition([node("a")], [node("c")], 1, "cut"));
    sim.run();
    // t2 fails at 1 after sending 50 bytes; t1 then has the link alone: 50 + 950 bytes at 100 B/s.
    expect(log).toEqual(["t2 failed partition @1", "t1 done @10.5"]);
  });

  it("two on one link each get half, and the survivor speeds up when the other ends (exact times)", () => {
    const { sim, link, transfer, log } = rig();
    link("ab", "a", "b", { bandwidth: 100, latency: 0.5 });
    const t1 = transfer("a", "b", 200, "t1");
    transfer("a", "b", 400, "t2");
    sim.run({ until: 1 });
    expect([t1.rate, t1.remaining()]).toEqual([50, 150]);
    sim.run();
    // Both at 50 B/s until t1's last byte leaves at 4; t2 then has 200 bytes left at 100 B/s.
    expect(log).toEqual(["t1 done @4.5", "t2 done @6.5"]);
  });

  it("a transfer that starts later slows the first one down from that moment", () => {
    const { sim, link, transfer, log } = rig();
    link("ab", "a", "b", { bandwidth: 100 });
    transfer("a", "b", 1000, "t1");
    sim.schedule(2, () => transfer("a", "b", 100, "t2"));
    sim.run();
    // t1: 200 bytes by 2, then 50 B/s with t2 until 4 (t2 done), then 700 bytes at 100 B/s.
    expect(log).toEqual(["t2 done @4", "t1 done @11"]);
  });

  it("share max-min fairly when one flow is bottlenecked elsewhere", () => {
    // a → c crosses ab (100) and bc (30); b → c crosses bc only; a → b crosses ab only.
    const { sim, link, transfer } = rig();
    link("ab", "a", "b", { bandwidth: 100 });
    link("bc", "b", "c", { bandwidth: 30 });
    const long = transfer("a", "c", 1e6, "long");
    const local = transfer("b", "c", 1e6, "local");
    const first = transfer("a", "b", 1e6, "first");
    sim.run({ until: 1 });
    // bc is the bottleneck: 15 each for long and local; first gets what ab has left, 85.
    expect([long.rate, local.rate, first.rate]).toEqual([15, 15, 85]);
  });

  it("recompute rates when a link slows down, and cancel frees the bandwidth", () => {
    const { sim, link, transfer, log } = rig();
    const ab = link("ab", "a", "b", { bandwidth: 100 });
    const t1 = transfer("a", "b", 1000, "t1");
    const t2 = transfer("a", "b", 1000, "t2");
    sim.schedule(2, () => ab.slowDown(0.5, 2, "degraded"));
    sim.schedule(4, () => t2.cancel());
    sim.run();
    // t1: 100 bytes by 2 at 50 B/s, 50 bytes by 4 at 25 B/s, then 850 at 50 B/s.
    expect(log).toEqual(["t1 done @21"]);
    expect([t1.active, t2.active]).toEqual([false, false]);
  });

  it("in opposite directions do not share a link (full duplex)", () => {
    const { sim, link, transfer, log } = rig();
    link("ab", "a", "b", { bandwidth: 100 });
    transfer("a", "b", 100, "there");
    transfer("b", "a", 100, "back");
    sim.run();
    expect(log).toEqual(["there done @1", "back done @1"]);
  });

  it("of zero bytes take the path latency; to oneself, no time", () => {
    const { sim, link, transfer, log } = rig();
    link("ab", "a", "b", { latency: 0.5 });
    transfer("a", "b", 0, "empty");
    transfer("a", "a", 1e9, "self");
    sim.run();
    expect(log).toEqual(["self done @0", "empty done @0.5"]);
  });

  it("are not slowed by messages, nor messages by them", () => {
    const { sim, link, transfer, send, log } = rig();
    link("ab", "a", "b", { bandwidth: 100 });
    transfer("a", "b", 100, "t");
    send("a", "b", "m", 50);
    sim.run();
    expect(log).toEqual(["m delivered @0.5", "t done @1"]);
  });
});

describe("trace", () => {
  function traced(seed: number) {
    const records: TraceRecord[] = [];
    const r = rig(seed, new Trace((rec) => records.push(rec)));
    const ab = r.link("ab", "a", "b", { bandwidth: 1000, latency: 0.001, loss: 0.3 });
    ab.trace = new Trace((rec) => records.push(rec));
    for (let i = 0; i < 40; i++) r.sim.schedule(i * 0.01, () => r.send("a", "b", `m${i}`, 10));
    r.sim.schedule(0.1, () => r.transfer("a", "b", 1000, "t"));
    r.sim.schedule(0.25, () => ab.fail(0.25, "cut"));
    r.sim.schedule(0.3, () => ab.restore(0.3, "spliced"));
    r.sim.schedule(0.35, () => r.net.partition([r.node("a")], [r.node("b")], 0.35, "scripted"));
    r.sim.run();
    return { records, log: r.log };
  }

  it("records drops, transfers, partitions and link state changes with plain details", () => {
    const { records } = traced(1);
    const events = new Set(records.map((r) => r.event));
    for (const e of ["message-dropped", "transfer-start", "transfer-failed", "partition", "down", "up"]) expect(events).toContain(e);
    const drop = records.find((r) => r.event === "message-dropped")!;
    expect(drop).toMatchObject({ component: "network:lan", cause: "loss", detail: { from: "a", to: "b", bytes: 10, reason: "loss", at: "ab" } });
    expect(records.find((r) => r.event === "partition")).toMatchObject({ component: "network:lan", detail: { side_a: "a", side_b: "b" } });
  });

  it("is identical for the same seed and differs for another (loss draws come from the link's stream)", () => {
    const a = traced(7);
    const b = traced(7);
    const c = traced(8);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.log).not.toEqual(a.log);
    for (const reason of ["loss", "no-route", "partition"]) expect(a.log.some((l) => l.includes(`dropped ${reason}`))).toBe(true);
  });
});

describe("Network.nodeFor", () => {
  it("is the component itself if a node, else its nearest container that is one, else undefined", () => {
    const { net, node } = rig();
    const rack = new Component("rack", "rack");
    const host = node("host");
    const cpu = new Component("cpu", "processor");
    host.contain(cpu);
    const loose = new Component("loose", "processor");
    rack.contain(host);
    expect(net.nodeFor(host)).toBe(host);
    expect(net.nodeFor(cpu)).toBe(host);
    expect(net.nodeFor(loose)).toBeUndefined();
    expect(net.nodeFor(rack)).toBeUndefined();
  });
});

describe("a last gasp and its node going down again at the same instant", () => {
  it("one transmitter sends one message at a time: the first gasp is cut short by the second going down, the second leaves", () => {
    const { sim, net, link, log, node, messages } = rig();
    link("cb", "c", "b", { bandwidth: 10, latency: 1 });
    let n = 0;
    node("c").onFailed((c) => net.sendLastGasp(c, node("b"), 100, messages, `gasp-${++n}`)); // 10 s on the wire
    sim.schedule(5, () => {
      node("c").fail(5, "power");
      node("c").restore(5, "repaired");
      node("c").fail(5, "power");
    });
    sim.run();
    // Before: both delivered @16, transmitted side by side by one transmitter.
    expect(log).toEqual(["gasp-1 dropped node-down @16", "gasp-2 delivered @16"]);
  });

  it("a last gasp from a node that went down earlier is dropped as from any down node", () => {
    const { sim, net, link, log, node, messages } = rig();
    link("ab", "a", "b", { bandwidth: 100, latency: 1 });
    sim.schedule(5, () => node("a").fail(5, "power"));
    sim.schedule(8, () => net.sendLastGasp(node("a"), node("b"), 0, messages, "late"));
    sim.run();
    expect(log).toEqual(["late dropped node-down @8"]);
  });

  it("a last gasp sent by a change listener that runs before the network's still leaves, once", () => {
    const { sim, net, log, node, messages } = rig();
    const early = new Component("early", "host");
    early.onChange((up, now) => {
      if (!up) net.sendLastGasp(early, node("b"), 100, messages, `gasp@${now}`);
    });
    net.addLink(new Link("eb", { bandwidth: 100, latency: 1 }), early, node("b"));
    sim.schedule(10, () => early.fail(10, "power"));
    sim.schedule(10.5, () => early.restore(10.5, "repaired"));
    sim.schedule(10.6, () => early.fail(10.6, "power")); // its first gasp is still being transmitted: lost
    sim.run();
    expect(log).toEqual(["gasp@10 dropped node-down @12", "gasp@10.6 delivered @12.6"]);
  });
});
