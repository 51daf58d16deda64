import { describe, expect, it } from "vitest";
import { setup } from "./fixture.js";

describe("cloud-dr: the recovery as traced", () => {
  const f = setup({ failAt: 1000.4 });

  it("goes alarm → declaration → translation → objects → launches → running, in that order", () => {
    const order = f.records.map((r) => r.event).filter((e, i, all) => all.indexOf(e) === i);
    expect(order).toEqual(["replicator-down", "disaster-alarm", "disaster-declared", "subnet-translated", "object-created", "environment-ready", "server-launch", "server-running", "site-recovered"]);
    expect(f.events("object-created").map((r) => r.detail!.object)).toEqual(["network", "subnet core 10.0.0.0/24", "route-table core via 10.0.0.1", "subnet front 10.0.1.0/24", "route-table front via 10.0.1.1"]);
    // Never more than two launching at once, and each after its dependencies run.
    let running = 0;
    const up = new Set<string>();
    for (const r of f.records) {
      if (r.event === "server-launch") expect(++running).toBeLessThanOrEqual(2);
      if (r.event === "server-running") {
        running--;
        up.add(r.detail!.server as string);
      }
      if (r.event === "server-launch" && r.detail!.server === "app2") expect([...up]).toEqual(expect.arrayContaining(["db1", "db2"]));
    }
  });

  it("takes the service down at the site's loss and up when the last server runs", () => {
    expect(f.service).toHaveLength(2);
    expect(f.service[0]).toEqual([1000.4, false]);
    expect(f.service[1]![1]).toBe(true);
    expect(f.service[1]![0]).toBeCloseTo(f.events("site-recovered")[0]!.t, 9);
  });
});

describe("cloud-dr: without a disaster", () => {
  it("reports only the translation's conflicts: no RTO, RPO or recovered servers", () => {
    const { metrics, records } = setup();
    expect(metrics).toEqual({ translation_conflicts: 0, disasters: 0 });
    expect(records).toEqual([]);
  });
});

describe("cloud-dr: a partition cuts the primary off", () => {
  it("is taken for a disaster (the recovery site cannot tell): RPO from the last beat heard", () => {
    const g = setup({ partitionAt: 1000.4 });
    expect(g.metrics.disasters).toBe(1);
    // The last beat heard arrived at 1000.01 s; the last checkpoint complete then is that of 1000 s.
    expect(g.metrics.rpo_s).toBeCloseTo(0.01 + 64 / 1e9, 9);
  });
});

describe("cloud-dr: random boot times", () => {
  it("draw from each server's own stream: same seed, same RTO; another replication, another", () => {
    const boot = { dist: "uniform", min: "4min", max: "6min" };
    const config = { servers: [{ name: "a", subnet: "core", address: "10.0.0.10", boot }, { name: "b", subnet: "core", address: "10.0.0.11", boot, depends_on: ["a"] }] };
    const one = setup({ failAt: 1000.4, config }).metrics.rto_s;
    expect(setup({ failAt: 1000.4, config }).metrics.rto_s).toBe(one);
    expect(setup({ failAt: 1000.4, config, replication: 1 }).metrics.rto_s).not.toBe(one);
  });
});
