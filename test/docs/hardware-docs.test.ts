import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../../src/faults/kinds.js";
import { HARDWARE_KINDS } from "../../src/hardware/kind-docs.js";

const docs = ["docs/hardware.md", "docs/hardware/devices.md", "docs/hardware/network.md"].map((f) => readFileSync(f, "utf8")).join("\n");

describe("docs/hardware.md and its pages", () => {
  it("document every hardware kind and each of its parameters", () => {
    for (const kind of HARDWARE_KINDS) {
      expect(docs, kind.name).toContain(`\`${kind.name}\``);
      for (const p of kind.parameters) expect(docs, `${kind.name}.${p.name}`).toContain(`\`${p.name}\``);
    }
  });

  it("document every fault kind", () => {
    for (const fault of FAULT_KINDS) expect(docs, fault.name).toContain(`\`${fault.name}\``);
  });
});
