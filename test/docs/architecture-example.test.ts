/**
 * The mechanism example in docs/architecture.md ("A complete, type-checked
 * example") is type-checked against the current sources: its code blocks
 * are written beside a copy of src/ in a temporary directory, the registry
 * line is added as the page says, and tsc checks the lot with the project's
 * compiler options. A change to the mechanism API that the page does not
 * follow fails here.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const page = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");

/** The ```ts blocks of the page whose first line names a file: `// src/...`. */
function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of page.matchAll(/```ts\n\/\/ (src\/\S+\.ts)\n([\s\S]*?)```/g)) files.set(match[1]!, match[2]!);
  return files;
}

describe("docs/architecture.md's mechanism example", () => {
  const dir = mkdtempSync(join(tmpdir(), "ftsim-doc-example-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names its files and shows the registry line", () => {
    expect([...exampleFiles().keys()]).toEqual(["src/mechanisms/restart/config.ts", "src/mechanisms/restart/restart.ts"]);
    expect(page).toContain('import { restart } from "./restart/restart.js";');
    expect(page).toContain("restart as MechanismDefinition<never>,");
  });

  it("type-checks against the current sources", { timeout: 60_000 }, () => {
    cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    // package.json too: its "type": "module" makes the sources ES modules, as in the project.
    for (const file of ["tsconfig.json", "package.json"]) cpSync(join(ROOT, file), join(dir, file));
    for (const [file, text] of exampleFiles()) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    // Register it as the page says, so the definition's type is checked where it is used.
    const registryPath = join(dir, "src/mechanisms/registry.ts");
    const registry = readFileSync(registryPath, "utf8");
    const withExample = registry
      .replace(/^(import .*\n)/m, '$1import { restart } from "./restart/restart.js";\n')
      .replace(/(const registry: MechanismDefinition<never>\[\] = \[\n)/, "$1  restart as MechanismDefinition<never>,\n");
    expect(withExample).not.toBe(registry);
    writeFileSync(registryPath, withExample);

    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json"), "--noEmit"], {
      encoding: "utf8",
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });
});
