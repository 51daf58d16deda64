import { z } from "zod";
import type { ConfigVocabulary, UnitValue } from "../mechanism.js";

const GiB = 2 ** 30;
const MINUTE = 60;
const HOUR = 3600;
const fixed = (value: number) => ({ kind: "deterministic" as const, value });

/** A VM name: usable in traces and as a page owner on a DIMM. */
const VM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The evacuation policies (docs/mechanisms/live-migration.md). */
export const POLICIES = ["on-first-ue", "proactive", "none"] as const;
export type Policy = (typeof POLICIES)[number];

/**
 * A rate that must be written with its unit: a bare number (other than 0)
 * is refused with a hint, because for a dirty rate `100` could mean
 * anything from bytes/s to pages/s.
 */
function rateWithUnit(schema: UnitValue, field: string, example: string): UnitValue {
  return z
    .union([z.number(), z.string()])
    .superRefine((x, ctx) => {
      if (typeof x === "number" && x !== 0) ctx.addIssue({ code: "custom", message: `${field} needs a unit: write ${x}B/s, or e.g. ${example}` });
    })
    .pipe(schema)
    .meta({ "x-ftsim-unit": "rate" });
}

/** One group of identical VMs. */
function vmGroup(v: ConfigVocabulary) {
  return z.strictObject({
    name: z.string().regex(VM_NAME, "a VM group name starts with a letter or _, then letters, digits, _ or -").describe("Group name; its VMs are `<name>[0]`, `<name>[1]`, ... (the page owners on the DIMMs and the trace rows)."),
    count: z.int().min(1).max(100_000).describe("Number of VMs in the group."),
    memory: v
      .size()
      .refine((b) => b > 0, { message: "memory must be > 0 bytes" })
      .describe("Guest memory of each VM (bytes): its pages on its host's DIMMs, and what round 0 of a migration sends. Required (no default: VM sizes vary)."),
    dirty_rate: rateWithUnit(v.rate(), "dirty_rate", "100MB/s")
      .default(100e6)
      .describe(
        "Bytes/s the guest writes to memory while it runs, each dirtied byte distinct (case G's constant rate): a pre-copy round resends min(memory, dirty_rate × the last round's duration). Must carry a unit. Default 100MB/s (free parameter: no published per-VM figure).",
      ),
  });
}

/** Config of a `live-migration` entry (docs/mechanisms/live-migration.md; validated by case G, pre-copy migration). */
export function liveMigrationConfig(v: ConfigVocabulary) {
  return z.strictObject({
    hosts: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe("The hosts (kind host) that run VMs: a group, instances or a list. Each must contain at least one DIMM (`in:` the host) and be a node of `network`."),
    network: z.string().default("lan").describe("The network (links with `network: <name>`, default `lan`) joining the hosts; migrations are bulk transfers over it, sharing links max-min with other traffic. Default `lan`."),
    vms: z
      .array(vmGroup(v))
      .min(1)
      .describe(
        "The VMs, as groups `{name, count, memory, dirty_rate}`: `memory` a size (required), `dirty_rate` a rate with its unit (default 100MB/s, free parameter). Placed at the start, in order, on the host with the most free memory.",
      ),
    policy: z
      .enum(POLICIES)
      .default("on-first-ue")
      .describe(
        "`on-first-ue` (default): a host's first uncorrectable error (UE) makes the VM manager live-migrate all its VMs away. `proactive`: also when a DIMM's correctable errors (CE) reach `ce_threshold` in `ce_window`, before any UE. `none`: no migration; VMs are restarted elsewhere only when their host crashes.",
      ),
    hypervisor_memory: v
      .size()
      .refine((b) => b > 0, { message: "hypervisor_memory must be > 0 bytes" })
      .default(4 * GiB)
      .describe("Bytes of each host's memory owned by the hypervisor (a UE there crashes the host), spread over its DIMMs. Default 4GiB (free parameter: no published figure)."),
    kernel_fraction: v
      .probability()
      .default(0.1)
      .describe(
        "Probability that a UE in a VM's page hits memory its guest kernel is using: the guest crashes and is restarted on another host. Otherwise the page is poisoned and contained (Linux hwpoison kills only the process using it). Default 10% (free parameter: no published figure).",
      ),
    max_rounds: z
      .int()
      .min(1)
      .max(10_000)
      .default(30)
      .describe("Most pre-copy rounds (round 0 included) before the stop-and-copy, converged or not. Default 30: Xen's libxc (xc_domain_save.c, DEF_MAX_ITERS 29, \"limit us to 30 times round loop\")."),
    max_data_factor: z
      .union([z.number().min(1), z.literal("off")])
      .default(3)
      .transform((x) => (x === "off" ? Infinity : x))
      .describe(
        "Stop-and-copy once the pre-copy rounds have sent this many times the VM's memory (a data cap); `off` for none. Default 3: Xen's libxc (xc_domain_save.c, DEF_MAX_FACTOR 3, \"never send more than 3x\").",
      ),
    stop_threshold: v
      .size()
      .default(0)
      .describe("Stop-and-copy once the dirty set is at most this many bytes (V_thd of case G). Default 0: only `max_downtime` decides convergence."),
    max_downtime: v
      .duration()
      .default(0.3)
      .describe(
        "Stop-and-copy once the dirty set could be sent in this time at the rate the last round got (QEMU's rule). Default 300ms: QEMU's DEFAULT_MIGRATE_SET_DOWNTIME; also Google's blackout p99 (Ruprecht et al., VM Live Migration At Scale, VEE 2018). `0s` leaves only `stop_threshold`.",
      ),
    resume: v
      .duration()
      .default(0)
      .describe("Time after the stop-and-copy's last byte until the VM runs on the target (device state, resume): part of the blackout (T_resume of case G). Default 0s (free parameter)."),
    concurrent_migrations: z
      .int()
      .min(1)
      .max(1000)
      .default(4)
      .describe("Most migrations out of one host at a time; the others wait. Default 4: VMware vSphere's limit of concurrent vMotions per host on 1GbE (8 on 10GbE; vSphere documentation, Limits on Simultaneous Migrations)."),
    ce_threshold: z
      .int()
      .min(1)
      .default(10)
      .describe("`proactive`: a DIMM with this many CEs within `ce_window` makes its host evacuate. Default 10: mcelog's default DIMM threshold, \"10 in 24h\"."),
    ce_window: v
      .duration()
      .refine((s) => s > 0, { message: "ce_window must be > 0" })
      .default(24 * HOUR)
      .describe("`proactive`: the window of `ce_threshold`; at most the DIMMs' `ce_history`. Default 24h (mcelog's \"10 in 24h\")."),
    ue_quarantine: v
      .duration()
      .default(24 * HOUR)
      .describe("A host with a UE this recent is never a migration or restart target (placement). Default 24h (free parameter, the mcelog window)."),
    maintenance: v
      .fixedOrDistribution()
      .default(fixed(24 * HOUR))
      .describe(
        "An evacuated host is out of service this long from the start of its evacuation (its DIMM is replaced), then takes VMs again; a host whose VMs cannot all leave stays out until they have. Default 24h fixed (free parameter).",
      ),
    detection: v
      .duration()
      .default(30)
      .describe("Time for the VM manager to notice that a host stopped (its heartbeats stop) before restarting its VMs elsewhere. Default 30s: vSphere HA's isolation delay (fdm.isolationPolicyDelaySec)."),
    host_reboot: v
      .fixedOrDistribution()
      .default(fixed(10 * MINUTE))
      .describe("Time for a host whose hypervisor crashed (a UE in a hypervisor page) to reboot and take VMs again. Default 10min fixed (free parameter)."),
    vm_restart: v
      .fixedOrDistribution()
      .default(fixed(5 * MINUTE))
      .describe("Time to boot a crashed VM again on another host, VM down meanwhile. Default 5min fixed: AWS Elastic Disaster Recovery, \"a Linux server normally boots within 5 minutes\" (docs.aws.amazon.com/drs)."),
  });
}

export type LiveMigrationConfig = z.output<ReturnType<typeof liveMigrationConfig>>;
export type VmGroupConfig = LiveMigrationConfig["vms"][number];
