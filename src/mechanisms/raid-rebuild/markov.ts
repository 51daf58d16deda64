/**
 * The mean time to data loss of the RAID birth–death chain (cases E2 and E3
 * of the validation suite; Gibson 1992, Chen et al., ACM Computing Surveys
 * 1994): N disks, state j = failed disks (0 … P), forward rate (N − j)λ,
 * the step from P to P + 1 is the loss; the repair from j ≥ 1 goes back to
 * j − 1 at `repair(j)` (μ for serial repair, jμ for parallel). The mean time
 * to absorption from state 0 solves the linear system T_j = 1/q_j +
 * Σ p_jk T_k, done here by the standard forward elimination for a tridiagonal
 * chain.
 */
export function markovMttdl(disks: number, parity: number, lambda: number, repair: (j: number) => number): number {
  if (!(lambda > 0)) return Infinity;
  // Forward elimination: T_{j−1} = a[j−1] + b[j−1]·T_j. State 0: T_0 = 1/(Nλ) + T_1.
  // State j: T_j = 1/q + (f/q)·T_{j+1} + (r/q)·T_{j−1}, q = f + r, with T_{P+1} = 0 (the loss).
  const a = [1 / (disks * lambda)];
  const b = [1];
  for (let j = 1; j <= parity; j++) {
    const f = (disks - j) * lambda;
    const r = repair(j);
    const q = f + r;
    const d = q - r * b[j - 1]!;
    a.push((1 + r * a[j - 1]!) / d);
    b.push(f / d);
  }
  let t = a[parity]!; // T_P, since T_{P+1} = 0
  for (let j = parity - 1; j >= 0; j--) t = a[j]! + b[j]! * t;
  return t;
}
