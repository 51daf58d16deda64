import { activeStandby } from "./active-standby/active-standby.js";
import type { MechanismDefinition } from "./mechanism.js";
import { rasFallback } from "./ras-fallback/ras-fallback.js";
import { standbyNode } from "./standby-node/standby-node.js";
import { redundancyGroup } from "./redundancy-group/redundancy-group.js";
import { liveMigration } from "./live-migration/live-migration.js";
import { nfvPolicy } from "./nfv-policy/nfv-policy.js";
import { selfMigration } from "./self-migration/self-migration.js";
import { raidRebuild } from "./raid-rebuild/raid-rebuild.js";
import { checkpoint } from "./checkpoint/checkpoint.js";
import { fileserverFailover } from "./fileserver-failover/fileserver-failover.js";
import { cloudDr } from "./cloud-dr/cloud-dr.js";

const registry: MechanismDefinition<never>[] = [
  // Adding a built-in mechanism is one line here.
  activeStandby as MechanismDefinition<never>,
  rasFallback as MechanismDefinition<never>,
  standbyNode as MechanismDefinition<never>,
  redundancyGroup as MechanismDefinition<never>,
  liveMigration as MechanismDefinition<never>,
  nfvPolicy as MechanismDefinition<never>,
  selfMigration as MechanismDefinition<never>,
  raidRebuild as MechanismDefinition<never>,
  checkpoint as MechanismDefinition<never>,
  fileserverFailover as MechanismDefinition<never>,
  cloudDr as MechanismDefinition<never>,
];

/** Every mechanism ftsim knows, built in or registered, in registration order. */
export const MECHANISMS: readonly MechanismDefinition<never>[] = registry;

export function findMechanism(type: string): MechanismDefinition<unknown> | undefined {
  return registry.find((m) => m.type === type) as MechanismDefinition<unknown> | undefined;
}

/**
 * Adds a mechanism written outside ftsim (library use). Call it before the
 * first scenario is parsed: the scenario schema reads the registry once.
 */
export function registerMechanism<C>(definition: MechanismDefinition<C>): void {
  if (findMechanism(definition.type)) throw new Error(`a mechanism of type "${definition.type}" is already registered`);
  registry.push(definition as MechanismDefinition<never>);
}
