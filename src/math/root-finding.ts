/** Root finding for monotone functions. */

export interface MonotoneSolveOptions {
  /** Whether g increases with x (the sign of g then says on which side of the root x lies). */
  increasing: boolean;
  /** A bracket known to hold the root; either end may be infinite. Default (−∞, ∞). */
  lo?: number;
  hi?: number;
  /** Stop once a step is at most this long. */
  tol: number;
  /** Whether `tol` is relative to |x| (else absolute). Default false. */
  relative?: boolean;
  /** Give up after this many evaluations and return the last point. Default 500. */
  maxIterations?: number;
}

/**
 * Safeguarded Newton for a monotone g: `evaluate(x)` gives g(x) and its
 * slope. Newton steps are taken while they stay inside the bracket that the
 * signs of g have established so far, bisection (or expansion by
 * max(1, |end|) when one side is still open) otherwise. Stops when a step is
 * below `tol`; Newton's quadratic convergence makes the returned point far
 * more accurate than that step. Returns x at once where g(x) is exactly 0.
 */
export function solveMonotone(
  evaluate: (x: number) => readonly [g: number, slope: number],
  x0: number,
  options: MonotoneSolveOptions,
): number {
  const { increasing, tol, relative = false, maxIterations = 500 } = options;
  let lo = options.lo ?? -Infinity;
  let hi = options.hi ?? Infinity;
  let x = x0;
  for (let i = 0; i < maxIterations; i++) {
    const [g, slope] = evaluate(x);
    if (g === 0) return x;
    if (g < 0 === increasing) lo = x;
    else hi = x;
    let next = x - g / slope;
    if (!(next > lo && next < hi)) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
      else if (Number.isFinite(lo)) next = lo + Math.max(1, Math.abs(lo));
      else next = hi - Math.max(1, Math.abs(hi));
    }
    const scale = relative ? Math.abs(x) : 1;
    if (Math.abs(next - x) <= tol * scale) return next;
    x = next;
  }
  return x;
}
