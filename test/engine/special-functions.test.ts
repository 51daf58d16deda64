import { describe, expect, it } from "vitest";
import * as gamma from "../../src/math/gamma.js";
import * as normal from "../../src/math/normal.js";
import * as special from "../../src/engine/special-functions.js";

// The functions themselves are tested in test/math/.
describe("special-functions", () => {
  it("re-exports the math layer's gamma and normal functions unchanged", () => {
    expect(special.gammaFn).toBe(gamma.gammaFn);
    expect(special.gammaP).toBe(gamma.gammaP);
    expect(special.gammaQ).toBe(gamma.gammaQ);
    expect(special.logGamma).toBe(gamma.logGamma);
    for (const name of ["erf", "erfc", "normalCdf", "normalPdf", "normalQuantile"] as const) {
      expect(special[name]).toBe(normal[name]);
    }
  });
});
