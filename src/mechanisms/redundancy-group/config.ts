import { z } from "zod";
import type { ConfigVocabulary } from "../mechanism.js";

/** A group or member name: usable in metric names (`<name>.<group>.availability`). */
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const references = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** One redundancy group with its members written out, highest priority first. */
const explicitGroup = z.strictObject({
  name: z.string().regex(GROUP_NAME, "a group name starts with a letter or _, then letters, digits, _ or -").describe("Group name, used in the per-group metrics (`<group>.availability`) and traces."),
  members: z
    .array(z.string().min(1))
    .min(1)
    .describe("The nodes hosting the group's programs, in priority order: the first is active at the start, the others are standbys tried in this order. Each names one of `nodes`."),
});

/** Config of a `redundancy-group` entry (validated by case D of docs/validation.md). */
export function redundancyGroupConfig(v: ConfigVocabulary) {
  return z.strictObject({
    nodes: references.describe(
      "The storage nodes that host the programs: a group, an instance, `kind:<kind>`, or a list of these (any kind). A program is live while its node is up (a node inside a rack or host that is down is down).",
    ),
    groups: z
      .union([z.int().min(1).max(100_000), z.array(explicitGroup).min(1)])
      .describe(
        "Either a number of groups, placed by the built-in placer (`placement`, `standbys`) and named g0, g1, ...; or a list of `{name, members}` with explicit priority lists.",
      ),
    standbys: z
      .int()
      .min(0)
      .max(1000)
      .optional()
      .describe("N, the standby programs per group (1 active + N standbys on N + 1 distinct nodes), with `groups: <count>` only. Default 1."),
    placement: z
      .enum(["spread", "naive"])
      .optional()
      .describe(
        "Built-in placer, with `groups: <count>` only. `spread` (default): actives round-robin, each node's standbys spread over the other nodes (fault domains) so that a node failure moves its actives to many nodes. `naive`: the k-th standbys of all groups active on node i sit on node i + k, so node i's actives all move to one neighbour.",
      ),
    fault_domain: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Containers (e.g. `rack`, via the nodes' `in:`) that are fault domains: the spread placer puts a group's members in distinct domains, and two members in one domain count as a placement violation. Default: each node is its own domain.",
      ),
    failover: v
      .fixedOrDistribution()
      .default({ kind: "deterministic", value: 20 })
      .describe(
        "Time from the loss of the active program to the takeover by a standby, group down meanwhile: fixed (`20s`) or a distribution. Default 20 s: Ceph's osd_heartbeat_grace (20 s, heartbeats every <= 6 s; docs.ceph.com mon-osd-interaction), as detection; the takeover itself is not published (a free parameter) and counts as 0 in the default.",
      ),
    failback: z
      .enum(["none", "priority"])
      .default("none")
      .describe(
        "`none` (default): a repaired member rejoins as a standby and the active stays where it is. `priority`: when a member of higher priority than the active is live again, the group moves back to it (a planned switchover taking `failback_time`), restoring the placement's load balance.",
      ),
    failback_time: v
      .fixedOrDistribution()
      .optional()
      .describe("With `failback: priority`: the planned switchover back, group down meanwhile; fixed or a distribution. Default 0 (no pause); no published figure (a free parameter)."),
  });
}

export type RedundancyGroupConfig = z.output<ReturnType<typeof redundancyGroupConfig>>;
