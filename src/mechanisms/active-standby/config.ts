import { z } from "zod";
import { distribution } from "../../scenario/distribution-schema.js";
import { probability } from "../../scenario/zod-units.js";

/** Config of an `active-standby` entry (case B of validation/CASES.md). */
export const activeStandbyConfig = z.strictObject({
  /** The two units: a group of two, or two instance ids, e.g. `[cpu[0], cpu[1]]`. The first starts active. */
  units: z.union([z.string(), z.array(z.string()).length(2)]).describe("The two units: a group of two, or two instance ids, e.g. `[cpu[0], cpu[1]]`. The first starts active."),
  /** `hot`: the standby is powered and can fail; `cold`: it is dormant and does not age until it takes over. Default hot. */
  standby: z.enum(["hot", "cold"]).default("hot").describe("`hot`: the standby is powered and can fail; `cold`: it is dormant and does not age until it takes over. Default hot."),
  /** Probability that a failure of the active unit is detected and the switchover succeeds (Arnold 1973). Default 1. */
  coverage: probability().default(1).describe("Probability that a failure of the active unit is detected and the switchover succeeds (Arnold 1973). Default 1."),
  /** Switchover time (service down meanwhile); omit for an instantaneous switchover. */
  switchover: distribution.optional().describe("Switchover time (service down meanwhile); omit for an instantaneous switchover."),
  /** Recovery after an uncovered failure (manual or secondary recovery, service down meanwhile). Required when coverage < 1. */
  uncovered_recovery: distribution.optional().describe("Recovery after an uncovered failure (manual or secondary recovery, service down meanwhile). Required when coverage < 1."),
});

export type ActiveStandbyConfig = z.output<typeof activeStandbyConfig>;
