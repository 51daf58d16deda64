/**
 * The special functions the distributions use, for the engine's importers:
 * they live in the math layer (src/math/), which the stats layer shares.
 */

export { gammaFn, gammaP, gammaQ, logGamma } from "../math/gamma.js";
export { erf, erfc, normalCdf, normalPdf, normalQuantile } from "../math/normal.js";
