import { activeStandby } from "./active-standby/active-standby.js";
import type { MechanismDefinition } from "./mechanism.js";

/** Every mechanism ftsim knows, by `type`. Adding one is one line here. */
export const MECHANISMS: readonly MechanismDefinition<never>[] = [
  activeStandby as MechanismDefinition<never>,
];

export function findMechanism(type: string): MechanismDefinition<unknown> | undefined {
  return MECHANISMS.find((m) => m.type === type) as MechanismDefinition<unknown> | undefined;
}
