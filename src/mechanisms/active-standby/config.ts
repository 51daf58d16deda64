import { z } from "zod";
import { distribution } from "../../scenario/distribution-schema.js";
import { probability } from "../../scenario/zod-units.js";

/** Config of an `active-standby` entry (case B of validation/CASES.md). */
export const activeStandbyConfig = z.strictObject({
  /** The two units: a group of two, or two instance ids, e.g. `[cpu[0], cpu[1]]`. The first starts active. */
  units: z.union([z.string(), z.array(z.string()).length(2)]),
  /** `hot`: the standby is powered and can fail; `cold`: it is dormant and does not age until it takes over. Default hot. */
  standby: z.enum(["hot", "cold"]).default("hot"),
  /** Probability that a failure of the active unit is detected and the switchover succeeds (Arnold 1973). Default 1. */
  coverage: probability().default(1),
  /** Switchover time (service down meanwhile); omit for an instantaneous switchover. */
  switchover: distribution.optional(),
  /** Recovery after an uncovered failure (manual or secondary recovery, service down meanwhile). Required when coverage < 1. */
  uncovered_recovery: distribution.optional(),
});

export type ActiveStandbyConfig = z.output<typeof activeStandbyConfig>;
