/**
 * Time to first failure of a non-exponential lifetime: a non-repairable
 * parallel pair of exponential units (λ = 1e-3/h each). R(t) = 2e^{−λt} − e^{−2λt},
 * MTTF = 1/λ + 1/(2λ) = 1500 h. The exponential MLE (exposure / events) is
 * biased for it once runs are censored (1818 h [1773, 1865] at a 1500 h
 * horizon); the reported figure must not be.
 */
import { describe, expect, it } from "vitest";
import { summarizeCensored, type CensoredSummary } from "../../src/stats/censored.js";
import { replicate } from "./helpers.js";

const HOUR = 3600;
const LAMBDA = 1 / 1000;

function firstFailure(horizon: string, replications: number): CensoredSummary {
  const outputs = replicate({
    seed: 11,
    replications,
    horizon,
    components: [{ name: "u", count: 2, mttf: "1000h", repair: "none" }],
    service: { parallel: ["u"] },
  });
  return summarizeCensored(outputs.map((o) => o.times.first_failure_s!), "s");
}

/** §0 with the reported interval: the SE is its half-width / 1.96 (normal) or / t (which is ≈ 1.96 at these n). */
function expectAgrees(s: CensoredSummary, anchorH: number, maxRelSe: number): void {
  const se = (s.ci95[1] - s.ci95[0]) / 2 / 1.96 / HOUR;
  const z = (s.mean / HOUR - anchorH) / se;
  expect(se / anchorH, `relative SE ${se / anchorH}`).toBeLessThanOrEqual(maxRelSe);
  expect(Math.abs(z), `${s.method} ${s.mean / HOUR} h vs ${anchorH} h: z = ${z.toFixed(2)}`).toBeLessThan(3);
}

describe("time to first failure of a parallel pair (MTTF 1500 h, not exponential)", () => {
  it("without censoring: the sample mean, and its t-interval covers 1500 h", () => {
    // Horizon 30 MTTF: a censored run has probability ≈ e^{−30}. The lifetime's CV is 0.745
    // (sd √(1000² + 500²) h), so 6000 runs give a relative SE of 0.96 %, below the 1.2 % bound
    // with a margin for the scatter of the estimated SE (4000 sat at the bound: 1.18 %).
    const s = firstFailure("30000h", 6000);
    expect(s.censored).toBe(0);
    expect(s.method).toBe("sample-mean");
    expectAgrees(s, 1500, 0.012);
  });

  it("censored at 1500 h: the Kaplan–Meier restricted mean matches ∫₀^1500h R(t) dt, where the exponential MLE is far off", () => {
    const tau = 1500;
    const restricted = 2000 * (1 - Math.exp(-LAMBDA * tau)) - 500 * (1 - Math.exp(-2 * LAMBDA * tau)); // 1078.6 h
    const s = firstFailure(`${tau}h`, 4000);
    expect(s.censored).toBeGreaterThan(1000);
    expect(s.method).toBe("kaplan-meier-restricted");
    expect(s.restricted_to).toBe(tau * HOUR);
    expectAgrees(s, restricted, 0.012);
    // The Kaplan–Meier median: R(m) = ½, e^{−λm} = 1 − √½, about 1228 h.
    const median = -Math.log(1 - Math.SQRT1_2) / LAMBDA;
    expect(Math.abs(s.median! / HOUR / median - 1)).toBeLessThan(0.03);
    // The exponential MLE, kept as a labelled figure, misses the true 1500 h by far more than its interval.
    expect(s.exponential_mle.ci95[0] / HOUR).toBeGreaterThan(1600);
  });
});
