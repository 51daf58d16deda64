import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, runCli, STACK_TRACE, tempDir } from "./run-cli.js";

// raid-rebuild's bad configs exit 2 with the field and what was expected (DESIGN.md: exit codes).

const tmp = tempDir("ftsim-raid-");
afterAll(() => tmp.cleanup());

function scenario(disk: string, raid: string, count = 10): string {
  return `name: raid-errors
horizon: 10d
replications: 2
components:
  - name: disk
    kind: disk
    count: ${count}
    capacity: 1TB
    extent_size: 1GiB
    mttf: 10y
    mttr: 24h
${disk}
mechanisms:
  - type: raid-rebuild
    name: raid
    disks: disk
    chunk_size: 1GiB
${raid}
service: raid
`;
}

function expectBadInput(name: string, text: string, pattern: RegExp): void {
  const file = tmp.file(`${name}.yaml`, text);
  const r = runCli(["run", file]);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).toMatch(pattern);
}

describe("raid-rebuild bad configs", { timeout: CLI_TIMEOUT_MS }, () => {
  it("a width G larger than the pool C", () => {
    expectBadInput("g-over-c", scenario("", "    layout: declustered\n    width: 12\n    parity: 2"), /mechanisms\.0\.width: width G = 12 is larger than the 10 disks/);
  });
  it("a parity count ≥ G", () => {
    expectBadInput("parity", scenario("", "    width: 2\n    parity: 2", 10), /mechanisms\.0\.parity: parity P = 2 must be smaller than width G = 2/);
  });
  it("no room for the distributed spare", () => {
    expectBadInput("no-spare-room", scenario("", "    layout: declustered\n    width: 10\n    parity: 2\n    distributed_spare: 1"), /mechanisms\.0\.distributed_spare: no room for the distributed spare/);
    expectBadInput("spare-zero", scenario("", "    layout: declustered\n    width: 5\n    parity: 1\n    distributed_spare: 0"), /mechanisms\.0\.distributed_spare: no room for the distributed spare/);
  });
  it("an extent size larger than a disk, and a chunk larger than a disk", () => {
    expectBadInput("extent", scenario("", "    width: 5\n    parity: 1").replace("extent_size: 1GiB", "extent_size: 2TB"), /components\.0\.extent_size: .*exceeds the capacity/);
    expectBadInput("chunk", scenario("", "    width: 5\n    parity: 1").replace("chunk_size: 1GiB", "chunk_size: 1024GiB"), /mechanisms\.0\.chunk_size: chunk_size .* is larger than a disk/);
  });
  it("a scrub period with no unit, or a misspelt one", () => {
    expectBadInput("scrub-bare", scenario("", "    width: 5\n    parity: 1\n    scrub_period: 720"), /mechanisms\.0\.scrub_period: expected a duration with its unit, such as 720h/);
    expectBadInput("scrub-unit", scenario("", "    width: 5\n    parity: 1\n    scrub_period: 720hrs"), /mechanisms\.0\.scrub_period: expected a duration/);
  });
  it("a misspelt layout gets a did-you-mean; disks that are not disks are named", () => {
    expectBadInput("layout", scenario("", "    layout: declustred\n    width: 5\n    parity: 1"), /did you mean "declustered"/);
    const notDisk = scenario("  - name: host\n    count: 5\n    mttf: 1y\n    mttr: 1h", "    width: 5\n    parity: 1").replace("    disks: disk\n", "    disks: host\n");
    expectBadInput("not-disk", notDisk, /mechanisms\.0\.disks: host\[0\] is a .*not a disk/);
  });
  it("classic groups need a multiple of G disks, and dedicated spares one per group", () => {
    expectBadInput("multiple", scenario("", "    width: 4\n    parity: 1"), /not a multiple of 4/);
    const spares = scenario("  - name: spare\n    kind: disk\n    count: 1\n    capacity: 1TB\n    extent_size: 1GiB\n    mttf: 10y\n    mttr: 24h", "    width: 5\n    parity: 1\n    spares: spare\n    spare: dedicated");
    expectBadInput("dedicated", spares, /mechanisms\.0\.spares: spare: dedicated needs one spare per group: 2 groups but 1 spares/);
  });
});

describe("raid-rebuild on the command line", { timeout: CLI_TIMEOUT_MS }, () => {
  it("ftsim list shows the mechanism with its parameters, units and defaults", () => {
    const r = runCli(["list"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/raid-rebuild/);
    expect(r.stdout).toMatch(/scrub_period/);
    expect(r.stdout).toMatch(/metric mttdl_s /);
    expect(r.stdout).toMatch(/p_data_loss/);
  });
  it("ftsim trace shows disk losses and rebuild progress on the timeline", () => {
    const text = scenario("", "    width: 5\n    parity: 1").replace("service: raid\n", "faults:\n  - {type: fail-stop, target: \"disk[3]\", at: 1d}\nservice: raid\n");
    const file = tmp.file("trace.yaml", text);
    const r = runCli(["trace", file]);
    expect(r.status, r.stderr).toBe(0);
    for (const event of ["disk-lost", "rebuild-progress", "rebuild-done"]) expect(r.stdout).toContain(`"event":"${event}"`);
  });
});
