/**
 * Case G of docs/validation.md (pre-copy live migration; Liu et al., HPDC 2011; Akoush
 * et al., MASCOTS 2010; closed forms derived from the geometric model): one
 * VM migrated over an otherwise idle link with a constant dirty rate, run
 * end to end by the `live-migration` mechanism (a scripted UE on its host
 * makes the VM manager evacuate it). Deterministic: rounds exact; bytes,
 * total time and downtime to 1e-9 relative, within the page granularity.
 * And two VMs migrating at once over one link take the time the shared
 * bandwidth implies.
 */
import { describe, expect, it } from "vitest";
import { replicate, valuesOf } from "./helpers.js";

const MB = 1e6;

interface Instance {
  memMB: number;
  rMBs: number;
  dMBs: number;
  thdMB: number;
  nMax: number;
  /** Data cap as a multiple of the memory; Infinity: none. */
  cap: number;
  resumeS: number;
}

/** The model of case G, step by step (it also covers ρ ≥ 1 and the data cap): rounds, bytes, T_mig, downtime. */
function geometric(g: Instance): { n: number; bytes: number; time: number; down: number } {
  const V = g.memMB * MB;
  const R = g.rMBs * MB;
  const D = g.dMBs * MB;
  let sent = 0;
  let n = 0;
  let round = V;
  for (;;) {
    sent += round;
    n++;
    const next = Math.min(V, (D * round) / R);
    if (next <= g.thdMB * MB || sent >= g.cap * V || n >= g.nMax) {
      return { n, bytes: sent + next, time: (sent + next) / R + g.resumeS, down: next / R + g.resumeS };
    }
    round = next;
  }
}

/** Case G's closed forms for ρ < 1 without a cap. */
function closedForm(g: Instance): { n: number; bytes: number; time: number; down: number } {
  const rho = g.dMBs / g.rMBs;
  const V = g.memMB * MB;
  const R = g.rMBs * MB;
  const n = Math.min(Math.ceil(Math.log(g.thdMB / g.memMB) / Math.log(rho)), g.nMax);
  const bytes = (V * (1 - rho ** (n + 1))) / (1 - rho);
  return { n, bytes, time: bytes / R + g.resumeS, down: (V * rho ** n) / R + g.resumeS };
}

function fleet(g: Instance, opts: { pageSize: string; vms?: unknown[]; concurrent?: number; maxDowntime?: string }) {
  return replicate({
    seed: 1,
    replications: 2,
    horizon: "2h",
    components: [
      { name: "host", kind: "host", count: 2 },
      // The VMs start on host[1], the one with the most free memory; its UE sends them to host[0].
      { name: "dimm-a", kind: "dimm", in: "host[0]", size: "8GiB", page_size: opts.pageSize },
      { name: "dimm-b", kind: "dimm", in: "host[1]", size: "16GiB", page_size: opts.pageSize },
      { name: "wire", kind: "link", connects: ["host[0]", "host[1]"], bandwidth: `${g.rMBs}MB/s`, latency: "0s" },
    ],
    faults: [{ type: "uncorrectable-error", name: "ue", target: "dimm-b", at: "1h" }],
    mechanisms: [
      {
        type: "live-migration",
        name: "lm",
        hosts: "host",
        vms: opts.vms ?? [{ name: "vm", count: 1, memory: `${g.memMB}MB`, dirty_rate: `${g.dMBs}MB/s` }],
        hypervisor_memory: opts.pageSize,
        kernel_fraction: 0,
        stop_threshold: `${g.thdMB}MB`,
        max_downtime: opts.maxDowntime ?? "0s",
        max_rounds: g.nMax,
        max_data_factor: Number.isFinite(g.cap) ? g.cap : "off",
        resume: `${g.resumeS}s`,
        concurrent_migrations: opts.concurrent ?? 4,
      },
    ],
    service: "lm",
  } as never);
}

function measured(g: Instance, pageSize: string, maxDowntime?: string) {
  const out = fleet(g, { pageSize, maxDowntime });
  const one = (m: string) => {
    const values = valuesOf(out, `lm.${m}`);
    expect(values[1], `${m} is deterministic`).toBe(values[0]);
    return values[0]!;
  };
  expect(one("migrations")).toBe(1);
  expect(one("migrations_interrupted")).toBe(0);
  return { n: one("rounds"), bytes: one("migration_bytes"), time: one("migration_time_s"), down: one("blackout_s") };
}

/** |x − want| within 1e-9 relative plus `slack` absolute. */
function near(x: number, want: number, slack: number, what: string): void {
  expect(Math.abs(x - want), `${what}: ${x} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.abs(want) + slack);
}

const INSTANCES: [string, Instance][] = [
  ["ρ = 0.2, converges in 5 rounds", { memMB: 1024, rMBs: 125, dMBs: 25, thdMB: 1, nMax: 30, cap: Infinity, resumeS: 0 }],
  ["ρ = 0.8, stopped by the round limit", { memMB: 1024, rMBs: 125, dMBs: 100, thdMB: 1, nMax: 30, cap: Infinity, resumeS: 0 }],
  ["ρ = 0.16, 4 rounds", { memMB: 4096, rMBs: 1250, dMBs: 200, thdMB: 8, nMax: 30, cap: Infinity, resumeS: 0 }],
  ["ρ = 0.2 with T_resume = 50 ms", { memMB: 1024, rMBs: 125, dMBs: 25, thdMB: 1, nMax: 30, cap: Infinity, resumeS: 0.05 }],
];

const NON_CONVERGING: [string, Instance][] = [
  ["ρ = 1.2, stopped by the 3× data cap", { memMB: 1024, rMBs: 125, dMBs: 150, thdMB: 1, nMax: 30, cap: 3, resumeS: 0 }],
  ["ρ = 1.2, no cap: stopped by the round limit", { memMB: 1024, rMBs: 125, dMBs: 150, thdMB: 1, nMax: 12, cap: Infinity, resumeS: 0 }],
  ["ρ = 1, data cap 2", { memMB: 512, rMBs: 125, dMBs: 125, thdMB: 1, nMax: 30, cap: 2, resumeS: 0.01 }],
];

describe("case G: one pre-copy migration on an idle link", () => {
  it("the closed forms agree with docs/validation.md's table and with the step-by-step model", () => {
    const [a, b, c] = INSTANCES.map(([, g]) => closedForm(g));
    expect(a!.n).toBe(5);
    expect(a!.bytes / MB).toBeCloseTo(1279.918, 3);
    expect(a!.time).toBeCloseTo(10.2393, 4);
    expect(a!.down * 1e3).toBeCloseTo(2.621, 3);
    expect(b!.n).toBe(30);
    expect(b!.bytes / MB).toBeCloseTo(5114.93, 2);
    expect(b!.down * 1e3).toBeCloseTo(10.141, 3);
    expect(c!.n).toBe(4);
    expect(c!.bytes / MB).toBeCloseTo(4875.68, 2);
    expect(c!.time).toBeCloseTo(3.9005, 4);
    for (const [, g] of INSTANCES) {
      const cf = closedForm(g);
      const step = geometric(g);
      expect(step.n).toBe(cf.n);
      near(step.bytes, cf.bytes, 0, "bytes");
      near(step.down, cf.down, 0, "downtime");
    }
  });

  it.each(INSTANCES)("%s: 1-byte pages match to 1e-9 relative", (_, g) => {
    const want = closedForm(g);
    const got = measured(g, "1B");
    expect(got.n).toBe(want.n);
    // Rounding each round up to whole pages: under 1/(1 − ρ) pages per round.
    const pages = (want.n + 1) / (1 - g.dMBs / g.rMBs);
    near(got.bytes, want.bytes, pages, "bytes");
    near(got.time, want.time, pages / (g.rMBs * MB), "T_mig");
    near(got.down, want.down, pages / (g.rMBs * MB), "downtime");
  });

  it.each(INSTANCES)("%s: 4 KiB pages match within the page granularity", (_, g) => {
    const want = closedForm(g);
    const got = measured(g, "4KiB");
    expect(got.n).toBe(want.n);
    const slack = ((want.n + 1) / (1 - g.dMBs / g.rMBs)) * 4096;
    near(got.bytes, want.bytes, slack, "bytes");
    near(got.time, want.time, slack / (g.rMBs * MB), "T_mig");
    near(got.down, want.down, slack / (g.rMBs * MB), "downtime");
  });

  it.each(NON_CONVERGING)("%s: exact to 1e-9 (every round is the whole memory)", (_, g) => {
    const want = geometric(g);
    const got = measured(g, "4KiB");
    expect(got.n).toBe(want.n);
    near(got.bytes, want.bytes, 0, "bytes");
    near(got.time, want.time, 0, "T_mig");
    near(got.down, want.down, 0, "downtime");
    expect(got.bytes).toBe((want.n + 1) * g.memMB * MB);
  });
});

describe("case G: the stopping rules and the page granularity", () => {
  it("QEMU's rule on an idle link: max_downtime 50 ms is V_thd = R × 50 ms", () => {
    const g: Instance = { memMB: 1024, rMBs: 125, dMBs: 25, thdMB: 0, nMax: 30, cap: Infinity, resumeS: 0 };
    const want = closedForm({ ...g, thdMB: 125 * 0.05 });
    expect(want.n).toBe(4);
    const got = measured(g, "4KiB", "50ms");
    expect(got.n).toBe(want.n);
    near(got.bytes, want.bytes, 0, "bytes");
    near(got.time, want.time, 0, "T_mig");
    near(got.down, want.down, 0, "downtime");
  });

  it("a partly dirtied page is resent whole: 10.5 pages dirtied in round 0 make round 1 send 11", () => {
    // 1024 pages of 4 KiB at one page per 1/1024 s: round 0 takes 1 s, dirtying 10.5 pages → 11;
    // round 1 (11/1024 s) dirties 0.11 page → 1 page, at most stop_threshold: the stop-and-copy sends it.
    const out = replicate({
      seed: 1,
      replications: 2,
      horizon: "2h",
      components: [
        { name: "host", kind: "host", count: 2 },
        { name: "dimm-a", kind: "dimm", in: "host[0]", size: "8MiB" },
        { name: "dimm-b", kind: "dimm", in: "host[1]", size: "16MiB" },
        { name: "wire", kind: "link", connects: ["host[0]", "host[1]"], bandwidth: "4194304B/s", latency: "0s" },
      ],
      faults: [{ type: "uncorrectable-error", name: "ue", target: "dimm-b", at: "1h" }],
      mechanisms: [
        {
          type: "live-migration",
          name: "lm",
          hosts: "host",
          vms: [{ name: "vm", count: 1, memory: "4MiB", dirty_rate: "43008B/s" }],
          hypervisor_memory: "4KiB",
          kernel_fraction: 0,
          stop_threshold: "4KiB",
          max_downtime: "0s",
        },
      ],
      service: "lm",
    } as never);
    expect(valuesOf(out, "lm.rounds")[0]).toBe(2);
    expect(valuesOf(out, "lm.migration_bytes")[0]).toBe((1024 + 11 + 1) * 4096);
    near(valuesOf(out, "lm.blackout_s")[0]!, 1 / 1024, 0, "downtime: one page");
    near(valuesOf(out, "lm.migration_time_s")[0]!, (1024 + 11 + 1) / 1024, 0, "T_mig");
  });
});

describe("case G: two VMs migrating at once over one link", () => {
  it("two identical VMs each take the time of one migration at half the bandwidth", () => {
    const g: Instance = { memMB: 1024, rMBs: 250, dMBs: 25, thdMB: 1, nMax: 30, cap: Infinity, resumeS: 0 };
    const half = closedForm({ ...g, rMBs: g.rMBs / 2 });
    const out = fleet(g, { pageSize: "1B", vms: [{ name: "vm", count: 2, memory: "1024MB", dirty_rate: "25MB/s" }] });
    expect(valuesOf(out, "lm.migrations")[0]).toBe(2);
    const pages = (half.n + 1) / (1 - (2 * g.dMBs) / g.rMBs);
    expect(valuesOf(out, "lm.rounds")[0]).toBe(half.n);
    near(valuesOf(out, "lm.migration_time_s")[0]!, half.time, pages / (125 * MB), "T_mig at R/2");
    near(valuesOf(out, "lm.migration_bytes")[0]!, half.bytes, pages, "bytes at R/2");
    near(valuesOf(out, "lm.blackout_s")[0]!, half.down, pages / (125 * MB), "downtime at R/2");
  });

  it("a 512 MB and a 1024 MB VM that dirty nothing: max-min sharing, then the whole link", () => {
    const g: Instance = { memMB: 1024, rMBs: 125, dMBs: 0, thdMB: 1, nMax: 30, cap: Infinity, resumeS: 0 };
    const out = fleet(g, {
      pageSize: "4KiB",
      vms: [
        { name: "big", count: 1, memory: "1024MB", dirty_rate: "0B/s" },
        { name: "small", count: 1, memory: "512MB", dirty_rate: "0B/s" },
      ],
    });
    // small: 512 MB at 62.5 MB/s = 8.192 s; big: 512 MB by then, the other 512 MB at 125 MB/s: 12.288 s.
    expect(valuesOf(out, "lm.migrations")[0]).toBe(2);
    near(valuesOf(out, "lm.migration_time_s")[0]!, (8.192 + 12.288) / 2, 0, "mean T_mig");
    near(valuesOf(out, "lm.migration_bytes")[0]!, 768 * MB, 0, "mean bytes");
    expect(valuesOf(out, "lm.rounds")[0]).toBe(1);
  });
});
