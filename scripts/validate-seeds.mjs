#!/usr/bin/env node
/**
 * The slower validation tier (`npm run validate:seeds`, not part of `npm test`):
 * runs every check of test/validation/ under several master seeds and shows
 * that their z-scores are centred, as they must be if the simulator is right
 * and the standard errors are honest: mean z near 0, spread near 1, |z| < 2
 * for about 95 % of them and |z| ≥ 3 rare.
 *
 *     npm run validate:seeds                 # seeds s1 … s8
 *     FTSIM_SEEDS=a,b,c npm run validate:seeds
 *     node scripts/validate-seeds.mjs --json z.jsonl   # also keep the raw z's
 *
 * Each seed is one `vitest run test/validation` with FTSIM_VALIDATION_SEED
 * set (read by test/validation/helpers.ts, which combines it with each test's
 * own seed) and FTSIM_VALIDATION_Z_OUT naming a file where every comparison
 * appends its signed z and relative SE. A failing test in one seed does not
 * stop the tier: at z < 3 about 1 check in 370 fails by chance. The tier
 * fails (exit 1) when the z's are not centred: |mean z| > 3·sd/√N, sd of z
 * outside [0.7, 1.3], or fewer than 90 % with |z| < 2.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const seeds = (process.env.FTSIM_SEEDS ?? "s1,s2,s3,s4,s5,s6,s7,s8").split(",").filter((s) => s !== "");
const jsonIndex = process.argv.indexOf("--json");
const keep = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : undefined;
const dir = mkdtempSync(join(tmpdir(), "ftsim-seeds-"));
const out = join(dir, "z.jsonl");
writeFileSync(out, "");

const failedRuns = [];
for (const seed of seeds) {
  const started = Date.now();
  const r = spawnSync("npx", ["vitest", "run", "test/validation", "--reporter=dot"], {
    env: { ...process.env, FTSIM_VALIDATION_SEED: seed, FTSIM_VALIDATION_Z_OUT: out },
    encoding: "utf8",
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const failed = (r.stdout.match(/Tests\s+.*?(\d+) failed/) ?? [])[1];
  process.stdout.write(`seed ${seed}: ${r.status === 0 ? "all passed" : `${failed ?? "some"} test(s) failed`} (${seconds} s)\n`);
  if (r.status !== 0) failedRuns.push(seed);
}

const rows = readFileSync(out, "utf8")
  .split("\n")
  .filter((l) => l !== "")
  .map((l) => JSON.parse(l));
if (keep !== undefined) writeFileSync(keep, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
rmSync(dir, { recursive: true, force: true });

const zs = rows.map((r) => r.z);
const n = zs.length;
const mean = zs.reduce((a, b) => a + b, 0) / n;
const sd = Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
const share = (bound) => zs.filter((z) => Math.abs(z) < bound).length / n;

// Per check: its mean z over the seeds (a check biased by b SE shows a mean near b).
const byCheck = new Map();
for (const r of rows) {
  const key = r.label ? `${r.test} [${r.label}]` : r.test;
  if (!byCheck.has(key)) byCheck.set(key, []);
  byCheck.get(key).push(r.z);
}
process.stdout.write(`\n${"mean z".padStart(7)} ${"max|z|".padStart(7)}  n  check\n`);
for (const [key, list] of [...byCheck].sort()) {
  const m = list.reduce((a, b) => a + b, 0) / list.length;
  const max = Math.max(...list.map(Math.abs));
  process.stdout.write(`${m.toFixed(2).padStart(7)} ${max.toFixed(2).padStart(7)} ${String(list.length).padStart(2)}  ${key}\n`);
}

const centred = Math.abs(mean) <= (3 * sd) / Math.sqrt(n);
const spread = sd >= 0.7 && sd <= 1.3;
const within2 = share(2);
process.stdout.write(
  `\n${n} z-scores over ${seeds.length} seeds and ${byCheck.size} checks: mean ${mean.toFixed(3)} (±${(sd / Math.sqrt(n)).toFixed(3)}), sd ${sd.toFixed(3)}, ` +
    `|z| < 2: ${(100 * within2).toFixed(1)} %, |z| < 3: ${(100 * share(3)).toFixed(1)} %, max |z| ${Math.max(...zs.map(Math.abs)).toFixed(2)}\n`,
);
if (failedRuns.length > 0) process.stdout.write(`seeds with a failing test: ${failedRuns.join(", ")}\n`);
const ok = n > 0 && centred && spread && within2 >= 0.9;
process.stdout.write(ok ? "the z-scores are centred\n" : "the z-scores are NOT centred: a check is biased or its SE is wrong\n");
process.exit(ok ? 0 : 1);
