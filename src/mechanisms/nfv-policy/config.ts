import { z } from "zod";
import type { DistributionSpec } from "../../engine/distribution.js";
import type { ConfigVocabulary } from "../mechanism.js";

const GiB = 2 ** 30;
const fixed = (value: number): DistributionSpec => ({ kind: "deterministic", value });

/** A VNF or chain name: usable in metric names (`<chain>.chain_availability`) and traces. */
const ITEM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const itemName = (what: string) => z.string().regex(ITEM_NAME, `a ${what} name starts with a letter or _, then letters, digits, _ or -`);

/** The allocation policies: which hosts get the work (docs/mechanisms/nfv-policy.md). */
export const ALLOCATION_POLICIES = ["spread-racks", "headroom", "least-loaded"] as const;
export type AllocationPolicy = (typeof ALLOCATION_POLICIES)[number];

/** The deployment policies: how VNF instances go onto the allocated hosts. */
export const DEPLOYMENT_POLICIES = ["anti-affinity", "co-locate-chain"] as const;
export type DeploymentPolicy = (typeof DEPLOYMENT_POLICIES)[number];

/** Config of an `nfv-policy` entry (docs/mechanisms/nfv-policy.md). */
export function nfvPolicyConfig(v: ConfigVocabulary) {
  const hostEntry = z.strictObject({
    hosts: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe("The NFVI hosts of this entry: a group, an instance, `kind:host`, or a list of these."),
    cpu: z.number().positive().describe("CPU capacity of each of these hosts, in cores (vCPUs a VNF may reserve). Required."),
    memory: v
      .size()
      .refine((b) => b > 0, { message: "memory must be > 0 bytes" })
      .describe("Memory capacity of each of these hosts, bytes (`256GiB`). Required."),
  });
  const vnf = z.strictObject({
    name: itemName("VNF").describe("VNF name, as chains list it."),
    cpu: z.number().positive().describe("Cores one instance reserves on its host. Required."),
    memory: v
      .size()
      .refine((b) => b > 0, { message: "memory must be > 0 bytes" })
      .default(4 * GiB)
      .describe("Memory one instance reserves, bytes. Default 4GiB (free parameter)."),
    instances: z.int().min(1).max(10_000).default(1).describe("Instances the policy engine keeps deployed. Default 1."),
    needed: z
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe("Running instances needed for the VNF to carry its load (a chain is up while each of its VNFs has this many); at most `instances`. Default `instances` (no redundancy)."),
  });
  const chain = z.strictObject({
    name: itemName("chain").describe("Chain name, used in the per-chain metrics (`<chain>.chain_availability`)."),
    vnfs: z.array(z.string().min(1)).min(1).describe("The VNFs the chain's traffic passes, in order; each names one of `vnfs` (a VNF may serve several chains)."),
  });
  const surge = z.strictObject({
    vnf: z.string().min(1).describe("The VNF whose load rises: its `needed` and `instances` both grow by `extra` while the surge lasts."),
    extra: z.int().min(1).max(10_000).describe("Extra instances needed during the surge."),
    at: z.union([v.duration(), z.array(v.duration()).min(1)]).optional().describe("Scripted start time(s) of the surge; give `at` or `every`."),
    every: z
      .union([v.duration().refine((s) => s > 0, { message: "every must be > 0" }), v.distribution()])
      .optional()
      .describe("Stochastic surges: time from the end of one surge to the start of the next; a plain duration is the mean of an exponential. Give `at` or `every`."),
    duration: v.fixedOrDistribution().describe("How long the surge lasts: fixed (`2h`) or a distribution. Required."),
  });
  return z.strictObject({
    hosts: z.array(hostEntry).min(1).describe("The NFVI hosts and their capacities: a list of `{hosts, cpu, memory}` (several entries for a mixed fleet)."),
    vnfs: z.array(vnf).min(1).describe("The virtual network functions: `{name, cpu, memory, instances, needed}`."),
    chains: z.array(chain).min(1).describe("The service chains: `{name, vnfs: [...]}`; a chain is up while every VNF it lists has `needed` running instances."),
    allocation: z
      .enum(ALLOCATION_POLICIES)
      .default("spread-racks")
      .describe(
        "Allocation policy, ordering the hosts offered for each instance. `spread-racks` (default): the fault domain with the fewest instances of the VNF (then of its chains) first, least loaded within it. `headroom`: first fit in host order, keeping `headroom` of each host free except when restoring lost instances. `least-loaded`: the host with the lowest CPU share in use first.",
      ),
    deployment: z
      .enum(DEPLOYMENT_POLICIES)
      .default("anti-affinity")
      .describe(
        "Deployment policy, placing instances onto the offered hosts. `anti-affinity` (default): never two instances of one VNF on one host. `co-locate-chain`: put an instance on the host already running most instances of its chains (short paths for latency-sensitive chains), no anti-affinity.",
      ),
    fault_domain: z
      .string()
      .min(1)
      .default("rack")
      .describe("Kind of the containers (via the hosts' `in:`) that are fault domains for `spread-racks`; a host inside none is its own domain. Default `rack`."),
    headroom: v
      .percent()
      .refine((p) => p >= 0 && p < 100, { message: "headroom must be in [0%, 100%)" })
      .default(20)
      .describe("With `allocation: headroom`: share of each host's CPU and memory that ordinary deployments leave free, for restoring lost instances. Default 20% (free parameter: no published figure)."),
    detection_delay: v
      .fixedOrDistribution()
      .default(fixed(40))
      .describe(
        "Time from a host's failure, return or a load surge's change to the policy engine acting on it (status signal / telemetry). Default 40s: Kubernetes --node-monitor-grace-period (kubernetes-sigs/kubespray docs/kubernetes-reliability.md).",
      ),
    deploy_time: v
      .fixedOrDistribution()
      .default(fixed(300))
      .describe(
        "Time to deploy one instance (instantiate and boot the VNF) on an allocated host. Default 5min: AWS DRS 'a Linux server normally boots within 5 minutes' (docs.aws.amazon.com/drs, CloudEndure concepts); VNF instantiation times are not published.",
      ),
    probe_period: v
      .duration()
      .refine((s) => s > 0, { message: "probe_period must be > 0" })
      .default(60)
      .describe(
        "Period of the health probe run on each host's processors (those inside the host), which tells a degraded (fail-slow) host. Default 1min: Prometheus' default scrape_interval (prometheus.io/docs configuration). Hosts without processors are not probed.",
      ),
    probe_work: v
      .duration()
      .refine((s) => s > 0, { message: "probe_work must be > 0" })
      .default(1)
      .describe("Work of one probe, seconds at the reference speed (speed 1). Default 1s (free parameter)."),
    slow_threshold: z
      .number()
      .gt(0)
      .max(1)
      .default(0.5)
      .describe(
        "A probe that ran at less than this fraction of the processor's nominal speed marks the host degraded: no new instances go there and its instances are redeployed elsewhere (make before break). Default 0.5 (free parameter).",
      ),
    rebalance: z
      .boolean()
      .default(false)
      .describe(
        "When true, a host seen usable again (repaired, or recovered from a slowdown) triggers a rebalance: while an instance on the host with the highest CPU share could move to it admissibly and leave it below that share, a replacement is deployed on it and the old instance retired once the replacement runs (make before break). Default false.",
      ),
    surges: z.array(surge).default([]).describe("Load surges raising a VNF's instance count, scripted (`at`) or stochastic (`every`). Default none."),
  });
}

export type NfvPolicyConfig = z.output<ReturnType<typeof nfvPolicyConfig>>;
