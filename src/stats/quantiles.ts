/**
 * Sample quantiles by Hyndman & Fan's (1996) definition 7, the default of R's
 * `quantile()`, NumPy's `percentile()` and Excel's PERCENTILE.INC: with the n
 * values sorted as x₀ ≤ … ≤ x_{n−1}, h = (n − 1)·p and j = ⌊h⌋,
 *   Q(p) = x_j + (h − j)·(x_{j+1} − x_j),
 * i.e. linear interpolation between order statistics, so Q(0) is the minimum,
 * Q(1) the maximum and Q(½) the usual median. Unlike definitions 4–9 in
 * general it never extrapolates beyond the data, which suits tail figures
 * (p99) over few replications: they are honest about not knowing more.
 */

/**
 * The p-quantile (0 ≤ p ≤ 1) of values already sorted ascending, by
 * Hyndman–Fan type 7; the result is in the values' unit. Throws on an empty
 * array, p outside [0, 1], or values that are not sorted (a likely caller bug).
 */
export function quantile(sortedValues: readonly number[], p: number): number {
  const n = sortedValues.length;
  if (n === 0) throw new RangeError("quantile: no values");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  for (let i = 1; i < n; i++) {
    if (!((sortedValues[i] as number) >= (sortedValues[i - 1] as number))) {
      throw new RangeError(`quantile: values must be sorted ascending (index ${i - 1}..${i} is not)`);
    }
  }
  const h = (n - 1) * p;
  const j = Math.floor(h);
  const lo = sortedValues[j] as number;
  if (j + 1 >= n) return lo;
  const hi = sortedValues[j + 1] as number;
  const frac = h - j;
  // R's form: exact at the order statistics and when neighbours are equal.
  return frac === 0 || lo === hi ? lo : (1 - frac) * lo + frac * hi;
}
