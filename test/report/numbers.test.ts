import { describe, expect, it } from "vitest";
import { formatNumber } from "../../src/report/numbers.js";

describe("formatNumber", () => {
  it("gives 6 significant digits, exponents for the very large and small", () => {
    expect(formatNumber(0.99934)).toBe("0.99934");
    expect(formatNumber(0.9993920123)).toBe("0.999392");
    expect(formatNumber(4.87299123)).toBe("4.87299");
    expect(formatNumber(3e-6)).toBe("3.0000e-6");
    expect(formatNumber(null)).toBe("-");
  });

  it("never shows a value that is not 1 as 1: it keeps three digits of the distance to 1", () => {
    expect(formatNumber(0.9999995)).toBe("0.9999995");
    expect(formatNumber(0.99999999871234)).toBe("0.99999999871");
    expect(formatNumber(-0.9999995)).toBe("-0.9999995");
    expect(formatNumber(1.0000004)).toBe("1");
    expect(formatNumber(1)).toBe("1");
  });
});
