import type { KindDoc } from "../hardware/kinds.js";

/** The fault kinds this layer injects; a new kind adds its line here, beside its code. */
export const FAULT_KINDS: readonly KindDoc[] = [
  {
    name: "fail-stop (stochastic)",
    description: "per component: time to failure from its distribution, then repair by a crew",
    parameters: "failure, repair, repair.crews",
  },
];
