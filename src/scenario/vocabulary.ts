import type { ConfigVocabulary } from "../mechanisms/mechanism.js";
import { distribution, fixedOrDistribution } from "./distribution-schema.js";
import { duration, percent, probability, rate, size } from "./zod-units.js";

/** The scenario format's value types, as handed to every mechanism's `configSchema`. */
export const vocabulary: ConfigVocabulary = {
  duration,
  size,
  rate,
  percent,
  probability,
  distribution: () => distribution,
  fixedOrDistribution,
};
