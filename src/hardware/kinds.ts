/** One hardware kind as `ftsim list` shows it. */
export interface KindDoc {
  name: string;
  description: string;
  /** The scenario fields that configure it. */
  parameters: string;
}

/** The hardware kinds this layer models; a new kind adds its line here, beside its code. */
export const HARDWARE_KINDS: readonly KindDoc[] = [
  {
    name: "component",
    description: "a repairable unit: up or down; dormant (unpowered spare, does not age) or not",
    parameters: "count, kind, mttf | failure, mttr | repair",
  },
];
