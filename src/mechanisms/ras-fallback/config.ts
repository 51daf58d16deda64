import { z } from "zod";
import type { ConfigVocabulary } from "../mechanism.js";

/**
 * Config of a `ras-fallback` entry: RAS service processes on independent
 * processors, the active one sending heartbeats, the next in line taking
 * over after k missed beats (docs/mechanisms/ras-fallback.md).
 */
export function rasFallbackConfig(v: ConfigVocabulary) {
  return z.strictObject({
    processes: z
      .union([z.string(), z.array(z.string()).min(1)])
      .describe(
        'The processors running a RAS process, in priority order (first = highest, starts active): a group, or a list of instances and groups, e.g. ["cpu[0]", mgmt, bmc] (quote ids in a flow list). At least two.',
      ),
    network: z
      .string()
      .default("lan")
      .describe("The network carrying heartbeats and failure reports (a `network:` of the scenario's links). Each processor must be a node of it or sit in one (its host). Default lan."),
    period: v
      .duration()
      .refine((s) => s > 0, "the heartbeat period must be > 0")
      .default(1)
      .describe("Heartbeat period T. Default 1s: Windows Server Failover Clustering `SameSubnetDelay` default 1000 ms; VRRP advertisement interval 1 s."),
    missed: z
      .int()
      .min(1)
      .optional()
      .describe("k: the first standby takes over after k consecutive missed beats (timeout k·T from the last beat received). Default 5: WSFC `SameSubnetThreshold` default (Microsoft, Tuning Failover Cluster Network Thresholds). Give `missed` or `timeout`, not both."),
    timeout: v
      .duration()
      .optional()
      .describe("The first standby's timeout from the last beat received, instead of missed·period (e.g. Corosync's `token: 3s`). Must be ≥ period. Give `missed` or `timeout`, not both."),
    skew: v
      .duration()
      .optional()
      .describe(
        "Extra timeout per position in line after the first standby, so that lower standbys wait for the first to take over (VRRP's Skew_Time, RFC 5798: (256 − priority)/256 · interval). Default: one period; make it longer than takeover_delay + the network delay, or lower standbys may take over too.",
      ),
    takeover_delay: v
      .fixedOrDistribution()
      .default({ kind: "deterministic", value: 0 })
      .describe("Time from detection to the new process serving (service down meanwhile unless another process is active): a duration or a distribution. Free parameter, default 0: no published service-processor failover duration was found."),
    return: z
      .enum(["standby", "preempt"])
      .default("standby")
      .describe("What a process does when its processor comes back: `standby` stays a standby; `preempt` takes the active role back from a lower-priority active it hears (VRRP preempt mode), after takeover_delay. Default standby."),
    self_report: z
      .boolean()
      .default(true)
      .describe("Whether a process whose processor fail-stops while responsive tells the standbys at once (last gasp), so the next in line takes over after the message delay instead of the timeout. Hangs, power or host outages are never reported. Default true."),
    beat_size: v
      .size()
      .default(64)
      .describe("Size of a heartbeat (and of a failure report), bytes: its transmission time bytes/bandwidth adds to the link latency. Default 64B, the minimum Ethernet frame, which holds a VRRP advertisement."),
  });
}

export type RasFallbackConfig = z.output<ReturnType<typeof rasFallbackConfig>>;
