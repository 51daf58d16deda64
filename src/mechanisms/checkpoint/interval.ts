/**
 * Checkpoint intervals and the expected wall time of a checkpointed job
 * under Poisson failures. All times in seconds.
 */

/** Young's first-order optimum τ = √(2δM) (Young, CACM 17(9):530–531, 1974). */
export function youngInterval(deltaS: number, mtbfS: number): number {
  return Math.sqrt(2 * deltaS * mtbfS);
}

/**
 * Daly's higher-order estimate of the optimum (Daly, FGCS 22(3):303–312,
 * 2006, eq. 37): τ = √(2δM)·[1 + ⅓√(δ/2M) + (1/9)(δ/2M)] − δ for δ < 2M,
 * and τ = M otherwise.
 */
export function dalyInterval(deltaS: number, mtbfS: number): number {
  if (deltaS >= 2 * mtbfS) return mtbfS;
  const x = deltaS / (2 * mtbfS);
  return Math.sqrt(2 * deltaS * mtbfS) * (1 + Math.sqrt(x) / 3 + x / 9) - deltaS;
}

/**
 * Expected wall time of `workS` of work done in segments of `tauS` (the last
 * one shorter if τ does not divide W), each followed by a checkpoint of
 * `deltaS`, with Poisson failures of mean interval `mtbfS` striking every
 * phase, a restart of `restartS` after each (restarted by a failure during
 * it) and no downtime. Per segment of w this is Bougeret et al.'s exact
 * form e^{λR}(1/λ)(e^{λ(w+δ)} − 1) (SC'11, with D = 0); for T_s/τ an integer
 * it is Daly's M·e^{R/M}(e^{(τ+δ)/M} − 1)·T_s/τ (FGCS 2006).
 */
export function expectedWallTime(workS: number, tauS: number, deltaS: number, restartS: number, mtbfS: number): number {
  const segment = (w: number) => mtbfS * Math.exp(restartS / mtbfS) * Math.expm1((w + deltaS) / mtbfS);
  const full = Math.floor(workS / tauS + 1e-9);
  const rest = workS - full * tauS;
  return full * segment(tauS) + (rest > 1e-9 * tauS ? segment(rest) : 0);
}
