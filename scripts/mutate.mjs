#!/usr/bin/env node
/**
 * `npm run mutate`: mutation testing of the validation suite, one Stryker run
 * per group of stryker.config.mjs (default: active-standby, which finishes in
 * well under 30 minutes on 2 cores; FTSIM_MUTATE_GROUPS=a,b or `all` for the
 * others), then the
 * overall score and every surviving mutant, for review in docs/validation.md.
 * Reports: reports/mutation/<group>.json (mutation-testing-report schema).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { GROUPS } from "../stryker.config.mjs";

const DEFAULT = ["active-standby"];
const asked = process.env.FTSIM_MUTATE_GROUPS;
const groups = asked === "all" ? Object.keys(GROUPS) : asked ? asked.split(",") : DEFAULT;

const totals = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
const survivors = [];
for (const group of groups) {
  process.stdout.write(`\n== group ${group}: ${GROUPS[group].mutate.join(", ")} against ${GROUPS[group].tests.join(", ")}\n`);
  const r = spawnSync("npx", ["stryker", "run"], { env: { ...process.env, FTSIM_MUTATE_GROUP: group }, stdio: "inherit" });
  const report = `reports/mutation/${group}.json`;
  if (r.status !== 0 || !existsSync(report)) {
    process.stderr.write(`stryker failed for group ${group}\n`);
    process.exit(1);
  }
  const { files } = JSON.parse(readFileSync(report, "utf8"));
  for (const [file, { mutants }] of Object.entries(files)) {
    for (const m of mutants) {
      if (m.status in totals) totals[m.status]++;
      else totals.other++;
      if (m.status === "Survived" || m.status === "NoCoverage") {
        survivors.push(`${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? "")} (${m.status})`);
      }
    }
  }
}
const detected = totals.Killed + totals.Timeout;
const valid = detected + totals.Survived + totals.NoCoverage;
process.stdout.write(`\nsurviving mutants (${survivors.length}):\n${survivors.map((s) => `  ${s}`).join("\n")}\n`);
process.stdout.write(
  `\nmutation score over groups ${groups.join(", ")}: ${((100 * detected) / valid).toFixed(1)} % ` +
    `(${totals.Killed} killed, ${totals.Timeout} timed out, ${totals.Survived} survived, ${totals.NoCoverage} not covered; ${totals.other} other)\n`,
);
