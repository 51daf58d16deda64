/**
 * cloud-dr's deterministic RTO, computed by hand (the comparison rule of docs/validation.md:
 * deterministic quantities match to 1e-9 relative): detection by 5 missed
 * 1 s beats, a 60 s declaration, 5 network objects of 30 s, then the
 * servers of the fixture's three tiers deployed 2 at a time in dependency
 * order; and the RPO of 5 s checkpoints (docs/validation.md H with the failure at a
 * known phase).
 */
import { describe, expect, it } from "vitest";
import { setup, TIERS } from "../mechanisms/cloud-dr/fixture.js";

const FAIL_AT = 1000.4;
// The last beat left at 1000 s and arrived 10 ms + 64 B / 1 GB/s later; the alarm is 5 s after it.
const ALARM = 1000 + 0.01 + 64 / 1e9 + 5;
const ENVIRONMENT = ALARM + 60 + 5 * 30; // declaration, then network, 2 subnets, 2 route tables
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-9);

describe("cloud-dr: the site's RTO is the schedule under the parallelism limit (hand-computed)", () => {
  // Parallelism 2, minutes after the environment is ready, each server starting when its
  // dependencies run and a slot is free, ready ones in declared order:
  //   dns [0,2]; db1 [2,12], db2 [2,10]; db3 [10,18]; app1 [12,17]; app2 [17,22]; app3 [18,23];
  //   web1 [22,25]; web2 [23,26]. The limit binds: the critical path alone is 2+10+5+3 = 20.
  const limited: Record<string, number> = { dns: 2, db1: 12, db2: 10, db3: 18, app1: 17, app2: 22, app3: 23, web1: 25, web2: 26 };
  // Unbounded (9 at once): each server starts when its dependencies run: the critical path.
  const unbounded: Record<string, number> = { dns: 2, db1: 12, db2: 10, db3: 10, app1: 17, app2: 17, app3: 15, web1: 20, web2: 20 };

  it("parallelism 2: every server and the site exactly as computed by hand", () => {
    const { metrics, events } = setup({ failAt: FAIL_AT, parallelism: 2 });
    close(events("disaster-alarm")[0]!.t, ALARM);
    close(events("environment-ready")[0]!.t, ENVIRONMENT);
    for (const [name] of TIERS) close(metrics[`${name}.rto_s`]!, ENVIRONMENT + limited[name]! * 60 - FAIL_AT);
    close(metrics.rto_s!, ENVIRONMENT + 26 * 60 - FAIL_AT);
    expect(metrics.network_objects_created).toBe(5);
    expect(metrics.servers_recovered).toBe(9);
  });

  it("unbounded parallelism: the critical path through the dependency graph", () => {
    const { metrics } = setup({ failAt: FAIL_AT, parallelism: 9 });
    for (const [name] of TIERS) close(metrics[`${name}.rto_s`]!, ENVIRONMENT + unbounded[name]! * 60 - FAIL_AT);
    close(metrics.rto_s!, ENVIRONMENT + 20 * 60 - FAIL_AT);
  });

  it("parallelism 1: the boot times in sequence (61 min)", () => {
    const { metrics } = setup({ failAt: FAIL_AT, parallelism: 1 });
    close(metrics.rto_s!, ENVIRONMENT + TIERS.reduce((a, [, boot]) => a + boot, 0) * 60 - FAIL_AT);
  });

  it("the recovery curve: servers running within recovered_by of the disaster", () => {
    const by = (minutes: number) => setup({ failAt: FAIL_AT, parallelism: 2, config: { recovered_by: `${ENVIRONMENT - FAIL_AT + minutes * 60}s` } }).metrics.servers_recovered;
    // Between the finishes (dns 2, db2 10, db1 12, app1 17, db3 18, app2 22, app3 23, web1 25, web2 26).
    expect([1, 3, 11, 13, 17.5, 20, 22.5, 24, 25.5, 27].map(by)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("the RPO: the checkpoint of 1000 s (5 MB, complete at 1000.015 s) is the newest at the loss", () => {
    const { metrics } = setup({ failAt: FAIL_AT });
    close(metrics.rpo_s!, FAIL_AT - 1000);
    close(metrics.data_loss_bytes!, 1e6 * (FAIL_AT - 1000));
  });
});
