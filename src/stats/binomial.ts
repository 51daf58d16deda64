/**
 * A confidence interval for a probability estimated from n Bernoulli trials
 * (replications that saw an event or not), such as the probability of data
 * loss over the horizon. The Student-t interval of the 0/1 values is wrong
 * here: with no event it collapses to [0, 0], and near 0 or 1 it leaves the
 * unit interval. The Wilson score interval (Wilson, "Probable inference, the
 * law of succession, and statistical inference", JASA 22(158), 1927) keeps
 * close to its nominal coverage for small counts and never leaves [0, 1]:
 *   (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n),  z = 1.959964
 * (Brown, Cai & DasGupta, Statistical Science 16(2), 2001, recommend it over
 * the Wald interval for exactly this reason.)
 */

const Z95 = 1.959963984540054;

/** Two-sided 95% Wilson score interval for `successes` out of `trials`. */
export function wilsonInterval(successes: number, trials: number): [number, number] {
  if (!(Number.isInteger(trials) && trials >= 1)) throw new RangeError(`wilsonInterval: trials must be an integer ≥ 1, got ${trials}`);
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= trials)) {
    throw new RangeError(`wilsonInterval: successes must be an integer in [0, ${trials}], got ${successes}`);
  }
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const centre = p + z2 / (2 * trials);
  const half = Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const scale = 1 + z2 / trials;
  const lo = successes === 0 ? 0 : (centre - half) / scale;
  const hi = successes === trials ? 1 : (centre + half) / scale;
  return [Math.max(0, lo), Math.min(1, hi)];
}
