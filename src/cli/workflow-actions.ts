/** The actions of `ftsim sweep` and `ftsim compare` (loaded when one of them runs). */
import { runComparison, type CompareInput } from "../run/compare.js";
import { loadScenario, type LoadedScenario } from "../run/load.js";
import { shellQuote } from "../run/overrides.js";
import { runSweep } from "../run/sweep.js";
import { renderComparison } from "../report/compare-text.js";
import { renderSweep } from "../report/sweep-text.js";
import type { Format } from "../report/text.js";
import { suggest } from "../math/did-you-mean.js";
import { UsageError } from "./errors.js";
import { progressReporter } from "./progress.js";
import { workerExecutor } from "./workers.js";
import { applyFlags, checkWritable, emit, exitOnLimit, parseOverrides, parsePrecision, withPrecisionFlags, type RunFlags } from "./run-commands.js";

export function sweepCommand(file: string, flags: RunFlags): void {
  if (flags.out !== undefined) checkWritable(flags.out, "--out", [file]);
  const { precision, extra: precisionExtra } = parsePrecision(flags);
  const loaded = loadScenario(file);
  if (loaded.sweep === undefined) {
    throw new UsageError(`${file} has no sweep: section; add one (see docs/scenario-format.md, "Sweeps") or use ftsim run`);
  }
  const { overrides, extra } = parseOverrides(flags);
  const base = applyFlags(loaded.scenario, overrides);
  const points = loaded.sweep.points.map((p) => ({ ...p, scenario: applyFlags(p.scenario, overrides) }));
  const progress = progressReporter(base.name);
  let result;
  try {
    result = withPrecisionFlags(() =>
      runSweep(base, loaded.identity, { ...loaded.sweep!, points }, {
        precision,
        onProgress: progress.update,
        reproduceFlags: [extra, precisionExtra].filter((x) => x !== "").join(" "),
        executor: workerExecutor(),
      }),
    );
  } finally {
    progress.stop();
  }
  let text = renderSweep(result, flags.format as Format);
  if (flags.format === "table" || flags.format === "markdown") for (const note of loaded.notes) text += `\nnote: ${note}\n`;
  emit(text, flags.out, flags.format);
  exitOnLimit(result);
}

interface CompareFlags extends RunFlags {
  variants?: string[];
}

export function compareCommand(files: string[], flags: CompareFlags): void {
  if (flags.out !== undefined) checkWritable(flags.out, "--out", files);
  const { precision, extra: precisionExtra } = parsePrecision(flags);
  const { overrides, extra } = parseOverrides(flags);
  let a: CompareInput;
  let b: CompareInput;
  let head: string;
  if (flags.variants !== undefined) {
    if (files.length !== 1) {
      throw new UsageError(`--variants compares two points of one sweep file; give one file before --variants, got ${files.length}`);
    }
    if (flags.variants.length !== 2) {
      throw new UsageError(`--variants: expected two point names, A then B, got ${flags.variants.length}`);
    }
    const [nameA, nameB] = flags.variants as [string, string];
    if (nameA === nameB) throw new UsageError(`--variants: "${nameA}" is given twice; name two different points`);
    const loaded = loadScenario(files[0]!);
    a = variant(loaded, files[0]!, nameA);
    a = { ...a, scenario: applyFlags(a.scenario, overrides) };
    b = variant(loaded, files[0]!, nameB);
    b = { ...b, scenario: applyFlags(b.scenario, overrides) };
    head = `ftsim compare ${shellQuote(files[0]!)} --variants ${shellQuote(nameA)} ${shellQuote(nameB)}`;
  } else {
    if (files.length !== 2) {
      throw new UsageError(
        `compare needs two scenario files (A then B), or one file with a sweep: section and --variants <a> <b>; got ${files.length} file${files.length === 1 ? "" : "s"}`,
      );
    }
    const [la, lb] = [loadScenario(files[0]!), loadScenario(files[1]!)];
    const sa = applyFlags(la.scenario, overrides);
    // B runs with A's seed and replications, so that replication r of each draws from the same streams.
    const sb = applyFlags(lb.scenario, { ...overrides, seed: sa.seed, replications: sa.replications });
    const same = sa.name === sb.name;
    a = { label: same ? files[0]! : sa.name, scenario: sa, identity: la.identity };
    b = { label: same ? files[1]! : sb.name, scenario: sb, identity: lb.identity };
    head = `ftsim compare ${shellQuote(files[0]!)} ${shellQuote(files[1]!)}`;
  }
  const reproduce =
    `${head} --seed ${shellQuote(String(a.scenario.seed))} --replications ${a.scenario.replications}` +
    [extra, precisionExtra].filter((x) => x !== "").map((x) => ` ${x}`).join("");
  const progress = progressReporter(`${a.label} vs ${b.label}`);
  let doc;
  try {
    doc = withPrecisionFlags(() => runComparison(a, b, { precision, onProgress: progress.update, reproduce, executor: workerExecutor() }));
  } finally {
    progress.stop();
  }
  emit(renderComparison(doc, flags.format as Format), flags.out, flags.format);
  exitOnLimit(doc);
}

/** A point of the file's sweep as one side of a comparison. */
function variant(loaded: LoadedScenario, file: string, name: string): CompareInput {
  if (loaded.sweep === undefined) {
    throw new UsageError(`--variants: ${file} has no sweep: section, so it has no variants; compare two files instead`);
  }
  const point = loaded.sweep.points.find((p) => p.name === name);
  if (point === undefined) {
    const names = loaded.sweep.points.map((p) => p.name);
    const close = suggest(name, names);
    throw new UsageError(
      `--variants: ${file} has no point named "${name}"` +
        (close !== undefined ? `; did you mean "${close}"?` : `; its points are ${names.map((n) => `"${n}"`).join(", ")}`),
    );
  }
  return { label: point.name, scenario: point.scenario, identity: loaded.identity };
}
