import { describe, expect, it } from "vitest";
import { markovMttdl } from "../../../src/mechanisms/raid-rebuild/markov.js";

describe("markovMttdl (cases E2, E3)", () => {
  it("RAID-5: the exact formula and the instances of case E2", () => {
    const l = 1e-6;
    const mu = 1 / 24;
    expect(markovMttdl(8, 1, l, () => mu)).toBeCloseTo((15 * l + mu) / (56 * l * l), 0);
    expect(markovMttdl(8, 1, l, () => mu) / 7.44315e8).toBeCloseTo(1, 5);
    expect(markovMttdl(5, 1, 1e-5, () => 0.1) / 5.0045e7).toBeCloseTo(1, 4);
    expect(markovMttdl(14, 1, 1 / 5e5, () => 1 / 12) / 1.14543e8).toBeCloseTo(1, 5);
  });
  it("RAID-6: serial and parallel repair, the instances of case E3", () => {
    expect(markovMttdl(10, 2, 1e-6, () => 1 / 24) / 2.41231e12).toBeCloseTo(1, 5);
    expect(markovMttdl(10, 2, 1e-6, (j) => j / 24) / 4.82415e12).toBeCloseTo(1, 5);
  });
  it("case E5's MTTDL instances through the chains markov_mttdl_s uses: classic = declustered sped up by 1/α; 4.75× worse without the speed-up", () => {
    const l = 1e-6;
    const T = 24;
    const alpha = 4 / 19;
    const classic = markovMttdl(5, 1, l, () => 1 / T) / 4; // C/G = 4 groups of G = 5
    const declustered = markovMttdl(20, 1, l, () => 1 / (alpha * T));
    const noSpeedUp = markovMttdl(20, 1, l, () => 1 / T);
    // The exact chains differ from the first-order anchors by the (2N − 1)λ/μ term, under 0.1 %.
    expect(classic / 5.2083e8).toBeCloseTo(1, 2);
    expect(declustered / 5.2083e8).toBeCloseTo(1, 2);
    expect(noSpeedUp / 1.0965e8).toBeCloseTo(1, 2);
    expect(declustered / noSpeedUp).toBeCloseTo(1 / alpha, 2);
  });

  it("no failures: never", () => {
    expect(markovMttdl(8, 1, 0, () => 1)).toBe(Infinity);
  });
});
