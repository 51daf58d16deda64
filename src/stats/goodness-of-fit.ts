/** Goodness-of-fit tests of samples against a hypothesised distribution. */

export interface KsResult {
  /** D = sup |F_n(x) − F(x)|, the largest gap between the sample's ECDF and the CDF. */
  statistic: number;
  /** P(D ≥ observed) under the hypothesis, from the asymptotic Kolmogorov distribution. */
  pValue: number;
  /** Sample size. */
  n: number;
}

/**
 * One-sample Kolmogorov–Smirnov test of `samples` against a continuous `cdf`.
 * The p-value uses Stephens' small-sample correction, λ = (√n + 0.12 + 0.11/√n)·D
 * (M. A. Stephens, JRSS B 32 (1970) 115–122; Numerical Recipes 3rd ed. §14.3.3),
 * good to a few percent from n ≈ 5. For a CDF with jumps the test is conservative
 * (and D overstates the gap at the jumps), so test discrete distributions otherwise.
 */
export function ksTest(samples: readonly number[], cdf: (x: number) => number): KsResult {
  const n = samples.length;
  if (n === 0) throw new RangeError("ksTest: samples must not be empty");
  const sorted = Float64Array.from(samples).sort();
  if (Number.isNaN(sorted[n - 1])) throw new RangeError("ksTest: samples must not contain NaN");
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    if (!(f >= 0 && f <= 1)) throw new RangeError(`ksTest: cdf(${sorted[i]}) must be in [0, 1], got ${f}`);
    // The ECDF steps from i/n to (i+1)/n at the i-th smallest value.
    const gap = Math.max((i + 1) / n - f, f - i / n);
    if (gap > d) d = gap;
  }
  const sqrtN = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d), n };
}

/**
 * The Kolmogorov distribution's survival function Q(λ) = P(K > λ) =
 * 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}. Below λ = 1.18 that series converges slowly,
 * so the equivalent theta-function form P(K ≤ λ) = (√(2π)/λ) Σ_{j≥1}
 * e^{−(2j−1)²π²/(8λ²)} is used instead (Numerical Recipes 3rd ed. §6.14.12).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return Number.isNaN(lambda) ? NaN : 1;
  if (lambda < 1.18) {
    const y = Math.exp(-(Math.PI * Math.PI) / (8 * lambda * lambda));
    const y2 = y * y;
    const y8 = y2 * y2 * y2 * y2;
    // Terms y^{(2j−1)²}: y, y^9, y^25, y^49; the next is below 1e-17 relative.
    const series = y * (1 + y8 * (1 + y8 * y8 * (1 + y8 * y8 * y8)));
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * series;
  }
  const x = Math.exp(-2 * lambda * lambda);
  const x2 = x * x;
  const x4 = x2 * x2;
  // Terms x, x^4, x^9, x^16: the last is below 1e-19 here.
  return 2 * (x - x4 + x4 * x4 * x - x4 * x4 * x4 * x4);
}
