import { z } from "zod";
import type { ConfigVocabulary } from "../mechanism.js";

/**
 * A duration that must be written with its unit (`15min`, `300s`): for the
 * snapshot interval, where a bare number is more likely a forgotten unit
 * (minutes?) than seconds.
 */
function durationWithUnit(v: ConfigVocabulary, what: string) {
  return z
    .union([z.number(), z.string()])
    .superRefine((value, ctx) => {
      if (typeof value === "number") {
        ctx.addIssue({ code: "custom", message: `${what} needs a unit, e.g. 15min or 300s; got the bare number ${value} (write ${value}s for seconds)`, input: value });
      }
    })
    .pipe(v.duration())
    .meta({ "x-ftsim-unit": "duration" });
}

/**
 * Config of a `fileserver-failover` entry: a share served by a source file
 * server and shipped to a destination at another site by periodic
 * snapshots; failover on heartbeat loss or at a scripted time, clients
 * redirected by a directory update and their cached entries' TTL, failback
 * by reverse replication (docs/mechanisms/fileserver-failover.md).
 */
export function fileserverFailoverConfig(v: ConfigVocabulary) {
  return z.strictObject({
    source: z.string().describe("The source file server (a host or any component that is a node of `network` or sits in one): it serves the share at the start. Must sit in a site other than the destination's."),
    destination: z.string().describe("The destination file server at another site, which receives the snapshots and takes over on failover."),
    network: z.string().default("wan").describe("The network carrying snapshots, heartbeats and the reverse replication (a `network:` of the scenario's links). Default wan."),
    clients: z.int().min(1).default(10).describe("Number of clients of the share; each caches the directory entry of the share for `ttl` with its own expiry phase. Default 10."),
    interval: durationWithUnit(v, "the snapshot interval")
      .refine((s) => s > 0, "the snapshot interval must be > 0")
      .default(300)
      .describe("Snapshot interval S, with a unit (a bare number is refused): each snapshot carries the writes since the previous one. Default 300s: Azure Site Recovery Hyper-V policy example `replicationIntervalInSeconds: 300` (pulumi azure HyperVReplicationPolicy docs)."),
    write_rate: v.rate().default(10e6).describe("Clients' write rate to the share outside bursts, bytes/s (all clients together). Default 10MB/s, the example of the AWS Elastic Disaster Recovery RPO page (\"if your server writes 10 MB/s, your network needs at least 10 MB/s\")."),
    burst_rate: v.rate().optional().describe("Write rate during a burst, bytes/s. Bursts are off unless burst_rate and burst_every are both given."),
    burst_every: v.duration().optional().describe("Mean time between the starts of write bursts (exponential, a Poisson process of bursts), s. No default: no bursts."),
    burst_duration: v.fixedOrDistribution().default({ kind: "deterministic", value: 300 }).describe("Length of a write burst: a duration or a distribution. Default 5min (free parameter)."),
    period: v.duration().refine((s) => s > 0, "the heartbeat period must be > 0").default(1).describe("Heartbeat period T between the file servers, s. Default 1s: Windows Server Failover Clustering `CrossSubnetDelay` default 1000 ms (learn.microsoft.com, failover clustering network thresholds)."),
    missed: z.int().min(1).default(5).describe("k: the destination declares the source lost after k missed beats (timeout k·T from the last beat heard). Default 5: WSFC `CrossSubnetThreshold` default."),
    beat_size: v.size().default(64).describe("Size of a heartbeat, bytes. Default 64B (a minimum Ethernet frame)."),
    promotion: v.fixedOrDistribution().default({ kind: "deterministic", value: 0 }).describe("Time to promote the destination's last complete snapshot to a read-write share: a duration or a distribution. Free parameter, default 0 (no published figure; Nutanix Files Smart DR documents the step, not its duration)."),
    directory_update: v.fixedOrDistribution().default({ kind: "deterministic", value: 0 }).describe("Time from the promotion to the directory (Active Directory / DNS) record naming the new server: replication of the change. Free parameter, default 0 (not found in the references)."),
    ttl: v.duration().default(1200).describe("TTL of the share's directory entry cached by each client, s: a client sees the new server when its cached entry next expires, U(0, ttl) after the update. Default 20min: the Windows DNS client's registration TTL (`DefaultRegisteredTtl` 1200 s, Microsoft DNS client documentation); AD/DNS delay is otherwise a free parameter."),
    planned_failover_at: v.duration().optional().describe("A planned failover at this time (s from the start): writes quiesce, a final snapshot is shipped, then the destination is promoted and clients redirected; nothing is lost. No default: none."),
    failback: z.boolean().default(true).describe("Whether to fail back once the source is heard again: the destination's changes are replicated back while it serves, then writes quiesce for a final delta and clients are redirected to the source. Default true."),
    failback_delay: v.duration().default(0).describe("Wait between hearing the returned source and starting the failback (an operator's decision), s. Default 0."),
  });
}

export type FileserverFailoverConfig = z.output<ReturnType<typeof fileserverFailoverConfig>>;
