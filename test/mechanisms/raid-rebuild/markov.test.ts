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
  it("no failures: never", () => {
    expect(markovMttdl(8, 1, 0, () => 1)).toBe(Infinity);
  });
});
