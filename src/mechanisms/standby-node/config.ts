import { z } from "zod";
import type { DistributionSpec } from "../../engine/distribution.js";
import type { ConfigVocabulary } from "../mechanism.js";

const GiB = 2 ** 30;
const fixed = (value: number): DistributionSpec => ({ kind: "deterministic", value });

/** A fraction in (0, 1]: a predictor that never fires (recall 0) or never hits (precision 0) is "off", not a predictor. */
function positiveProbability(v: ConfigVocabulary, field: string) {
  return v.probability().refine((p) => p > 0, { message: `${field} must be in (0, 1]; use no predictor (omit it, or \`predictor: off\`) for none` });
}

/** Config of a `standby-node` entry (docs/mechanisms/standby-node.md). */
export function standbyNodeConfig(v: ConfigVocabulary) {
  const predictor = z.strictObject({
    recall: positiveProbability(v, "recall").describe(
      "Fraction of the precursor signals of active nodes that the predictor turns into a predicted failure, in (0, 1]. Free parameter (no published figure).",
    ),
    precision: positiveProbability(v, "precision").describe(
      "Fraction of the predictor's alarms that are true, in (0, 1]; false alarms (each a needless transfer) arrive per active node at rate recall·(1/precision − 1)/precursor_every. Free parameter.",
    ),
    precursor_every: v
      .duration()
      .refine((s) => s > 0, { message: "precursor_every must be > 0" })
      .describe(
        "Mean time between precursors of one node that the predictor was calibrated on (the `every:` of the scenario's precursor fault): sets the false-alarm rate. Required.",
      ),
  });
  return z.strictObject({
    nodes: z
      // One reference, not two: a list of one group of three is valid; build() counts the resolved nodes.
      .union([z.string(), z.array(z.string()).min(1)])
      .describe(
        'The CPU nodes (processors): a group, or a list of groups and instance ids, e.g. ["cpu[0]", "cpu[1]", "cpu[2]"]. All but one start active; the standby is the last one unless `standby` names another.',
      ),
    standby: z.string().optional().describe("The instance id of the node that starts as the standby; default the last of `nodes`."),
    io_domains: z
      .union([z.string(), z.array(z.string())])
      .describe("The two IO domains: a group of two or two instance ids. The first starts active (ztC Endurance: 2 I/O modules)."),
    fabric: z.string().default("fabric").describe("The network (links with `network: <fabric>`) joining every node and IO domain; transfers run over it. Default `fabric`."),
    memory: v
      .size()
      .refine((b) => b > 0, { message: "memory must be > 0 bytes" })
      .default(64 * GiB)
      .describe("Bytes of state and memory of one node's workload, copied by a transfer. Default 64GiB (free parameter: no published module size)."),
    dirty_rate: v
      .rate()
      .default(100e6)
      .describe("Bytes/s of memory the workload dirties while it is being copied (pre-copy rounds resend them). Default 100MB/s (free parameter)."),
    max_pause: v
      .duration()
      .default(0.3)
      .describe(
        "Pre-copy stops and the final stop-and-copy (service paused) starts once the dirty set can be sent in this time at the last round's rate. Default 300ms (QEMU DEFAULT_MIGRATE_SET_DOWNTIME; Google's live-migration blackout p99, Ruprecht et al. VEE 2018).",
      ),
    max_rounds: z
      .number()
      .int()
      .min(1)
      .default(30)
      .describe("Most pre-copy rounds before the stop-and-copy, converged or not. Default 30 (free parameter)."),
    transfer_time: v
      .fixedOrDistribution()
      .optional()
      .describe(
        "Overrides the fabric: a transfer takes this drawn time, all of it with the service paused (a switchover of that length). Default: the pre-copy over the fabric.",
      ),
    restart: v
      .fixedOrDistribution()
      .default(fixed(30))
      .describe(
        "Restart of a workload from its last state on the standby after a sudden (covered) failure, service down meanwhile. Default 30s fixed (free parameter; the switchover of docs/validation.md B-ii).",
      ),
    coverage: v
      .probability()
      .default(1)
      .describe("Probability that a sudden failure of an active node is covered (the standby restarts its workload); otherwise an uncovered recovery follows. Default 1."),
    uncovered_recovery: v
      .fixedOrDistribution()
      .optional()
      .describe("Recovery after an uncovered failure (service down), after which the standby runs the workload. Required when coverage < 1."),
    detection: v
      .duration()
      .default(5)
      .describe(
        "Time to detect an active node that stopped without reporting it (hang, silent failure, a container down). Default 5s (WSFC SameSubnetDelay 1 s × SameSubnetThreshold 5).",
      ),
    io_failover: v
      .fixedOrDistribution()
      .default(fixed(5))
      .describe(
        "Time for the other IO domain to take over the communication functions of a failed active one (service down meanwhile): a duration or a distribution. Default 5s (detection by WSFC's 1 s × 5 heartbeats; takeover itself free).",
      ),
    predictor: z
      // `off` is no predictor; not a union, which would report a misspelt key as "expected off".
      .preprocess((x) => (x === "off" ? undefined : x), predictor.optional())
      .describe("Failure predictor `{recall, precision, precursor_every}` turning precursors into proactive transfers; absent or `off`: none."),
  });
}

export type StandbyNodeConfig = z.output<ReturnType<typeof standbyNodeConfig>>;
export type PredictorConfig = NonNullable<StandbyNodeConfig["predictor"]>;
