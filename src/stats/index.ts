/**
 * The stats layer: estimators and intervals over replication results. It
 * imports nothing from the engine (DESIGN.md, layers).
 */

export { Welford, type WelfordJSON } from "./welford.js";
export { studentTCdf, studentTQuantile } from "./student-t.js";
export { chiSquareCdf, chiSquareQuantile, chiSquareSurvival, chiSquareUpperQuantile } from "./chi-square.js";
export { quantile } from "./quantiles.js";
export { summarize, type MetricSummary } from "./summary.js";
export { ReplicationValues, type ReplicationValuesJSON } from "./replication-values.js";
export {
  CensoredValues,
  exponentialMle,
  kaplanMeierMedian,
  kaplanMeierRestrictedMean,
  summarizeCensored,
  type CensoredMethod,
  type ExponentialMle,
  type CensoredObservation,
  type CensoredSummary,
  type CensoredValuesJSON,
} from "./censored.js";
export { RatioValues, pairedRatioDifference, summarizeRatio, withinRounding, type RatioCell, type RatioDifference } from "./ratio.js";
export { wilsonInterval } from "./binomial.js";
