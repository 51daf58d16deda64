/** The action of `ftsim trace` (loaded when it runs): one replication's faults and state changes as JSON Lines. */
import { EventLimitError } from "../engine/errors.js";
import type { TraceRecord } from "../engine/trace.js";
import { loadScenario } from "../run/load.js";
import { applyOverrides, OverrideError } from "../run/overrides.js";
import { traceFilter, traceReplication } from "../run/trace.js";
import { openAtomic, type AtomicWriter } from "../report/write-file.js";
import { parseDuration, UnitError } from "../scenario/units.js";
import { suggest } from "../math/did-you-mean.js";
import { displayMessage } from "../scenario/display-text.js";
import { EXIT, UsageError } from "./errors.js";
import { checkWritable } from "./run-commands.js";

export interface TraceFlags {
  replication: string;
  seed?: string;
  horizon?: string;
  components?: string;
  events?: string;
  maxEvents?: string;
  out?: string;
}

/** The record filter `--components a,b` and `--events x,y` ask for, or undefined for every record. */
function recordFilter(flags: TraceFlags): ((r: TraceRecord) => boolean) | undefined {
  const list = (raw: string | undefined, flag: string) => {
    if (raw === undefined) return undefined;
    const items = raw.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
    if (items.length === 0) throw new UsageError(`${flag}: expected a comma-separated list, got "${raw}"`);
    return items;
  };
  const components = list(flags.components, "--components");
  const events = list(flags.events, "--events");
  return components === undefined && events === undefined ? undefined : traceFilter({ components, events });
}

export function traceCommand(file: string, flags: TraceFlags): void {
  if (!/^\d+$/.test(flags.replication) || !Number.isSafeInteger(Number(flags.replication))) {
    throw new UsageError(`--replication: expected a replication number 0, 1, 2..., got "${flags.replication}"`);
  }
  const replication = Number(flags.replication);
  if (flags.out !== undefined) checkWritable(flags.out, "--out", [file]);
  const loaded = loadScenario(file);
  let scenario = loaded.scenario;
  try {
    const seed = flags.seed === undefined ? undefined : Number.isSafeInteger(Number(flags.seed)) && String(Number(flags.seed)) === flags.seed ? Number(flags.seed) : flags.seed;
    const maxEvents = flags.maxEvents === undefined ? undefined : Number(flags.maxEvents);
    if (flags.maxEvents !== undefined && (!/^(\d+|\d+(\.\d+)?e\d+)$/i.test(flags.maxEvents) || !Number.isSafeInteger(maxEvents) || maxEvents! < 1)) {
      throw new UsageError(`--max-events: expected a positive integer such as 30 or 1e9, got "${flags.maxEvents}"`);
    }
    scenario = applyOverrides(scenario, {
      ...(seed !== undefined ? { seed } : {}),
      ...(flags.horizon !== undefined ? { horizonS: parseDuration(flags.horizon) } : {}),
      ...(maxEvents !== undefined ? { maxEvents } : {}),
    });
  } catch (e) {
    if (e instanceof UnitError || e instanceof OverrideError) {
      const flag = e instanceof UnitError ? "--horizon" : e.option === "horizonS" ? "--horizon" : e.option === "maxEvents" ? "--max-events" : `--${e.option}`;
      throw new UsageError(`${flag}: ${e.message}`);
    }
    throw e;
  }
  const keep = recordFilter(flags);
  const writer: AtomicWriter | undefined = flags.out === undefined ? undefined : openAtomic(flags.out);
  const write = writer
    ? (s: string) => writer.write(s)
    : (s: string) => {
        // A closed pipe (`ftsim trace ... | head`) shows at once as a destroyed stdout:
        // stop the simulation rather than run it to the end for nobody.
        if (process.stdout.destroyed) throw new ReaderGone();
        process.stdout.write(s);
      };
  const seenEvents = new Set<string>();
  const seenComponents = new Set<string>();
  try {
    traceReplication(scenario, loaded.identity, replication, (line) => {
      if ("t" in line) {
        seenEvents.add(line.event);
        seenComponents.add(line.component);
      }
      if (keep === undefined || !("t" in line) || keep(line)) write(JSON.stringify(line) + "\n");
    });
  } catch (e) {
    writer?.abort();
    if (e instanceof ReaderGone) return;
    if (e instanceof EventLimitError) {
      process.stderr.write(`ftsim: replication ${replication}: ${e.message}; no trace written\n`);
      process.exitCode = EXIT.limitHit;
      return;
    }
    throw e;
  }
  writer?.commit();
  warnUnseenEvents(flags.events, seenEvents);
  warnUnmatchedComponents(flags.components, seenComponents);
}

/** `--components 'nvf*'`: says on stderr which patterns matched no record's component, with a did-you-mean, instead of an empty trace without a word. */
function warnUnmatchedComponents(raw: string | undefined, seen: ReadonlySet<string>): void {
  if (raw === undefined) return;
  const known = [...seen].sort();
  for (const pattern of raw.split(",").map((x) => x.trim()).filter((x) => x !== "")) {
    const matches = traceFilter({ components: [pattern] });
    if (known.some((component) => matches({ t: 0, component, event: "", cause: "" }))) continue;
    const close = suggest(pattern, known);
    const hint = close !== undefined ? `; did you mean "${close}"?` : "";
    process.stderr.write(`ftsim: note: --components: "${displayMessage(pattern)}" matched no component with a record in this replication${hint}\n`);
  }
}

/** `--events dwon`: says on stderr which asked-for events no record had, with a did-you-mean, instead of an empty trace without a word. */
function warnUnseenEvents(raw: string | undefined, seen: ReadonlySet<string>): void {
  if (raw === undefined) return;
  const known = [...seen].sort();
  for (const event of raw.split(",").map((x) => x.trim()).filter((x) => x !== "")) {
    if (seen.has(event)) continue;
    const close = suggest(event, known);
    const hint = close !== undefined ? `; did you mean "${close}"?` : known.length > 0 ? `; the events of this replication: ${known.join(", ")}` : "";
    process.stderr.write(`ftsim: note: --events: no record of this replication has the event "${displayMessage(event)}"${hint}\n`);
  }
}

/** The reader of stdout went away (a closed pipe): the trace ends quietly. */
class ReaderGone extends Error {
  override readonly name = "ReaderGone";
}
