import { z } from "zod";
import type { ConfigVocabulary } from "../mechanism.js";

/** Config of an `active-standby` entry (case B of docs/validation.md). */
export function activeStandbyConfig(v: ConfigVocabulary) {
  return z.strictObject({
    units: z
      .union([z.string(), z.array(z.string()).length(2)])
      .describe('The two units: a group of two, or two instance ids, e.g. ["cpu[0]", "cpu[1]"] (quoted in YAML). The first starts active.'),
    standby: z
      .enum(["hot", "cold"])
      .default("hot")
      .describe("`hot`: the standby is powered and can fail; `cold`: it is dormant and does not age until it takes over. Default hot."),
    coverage: v
      .probability()
      .default(1)
      .describe("Probability that a failure of the active unit is detected and the switchover succeeds (Arnold 1973). Default 1."),
    switchover: v
      .fixedOrDistribution()
      .optional()
      .describe("Switchover time (service down meanwhile); omit for an instantaneous switchover."),
    uncovered_recovery: v
      .fixedOrDistribution()
      .optional()
      .describe("Recovery after an uncovered failure (manual or secondary recovery, service down meanwhile). Required when coverage < 1."),
  });
}

export type ActiveStandbyConfig = z.output<ReturnType<typeof activeStandbyConfig>>;
