/**
 * Reading an `ftsim.trace/v1` file (JSON Lines, from `ftsim trace`): a
 * header line, then one record per line in event order. Checked line by
 * line, so a damaged file is reported at its line number.
 */
import type { TraceRecord } from "../../engine/trace.js";
import { ChartInputError } from "./input.js";

/** The first line of a trace. */
export interface TraceHeader {
  schema: "ftsim.trace/v1";
  /** The scenario as `ftsim trace` describes it; charts read only its `name`. */
  scenario: { name?: string; [key: string]: unknown };
  seed: number | string;
  replication: number;
  horizon_s: number;
  warmup_s: number;
}

export interface Trace {
  header: TraceHeader;
  records: TraceRecord[];
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

function parseLine(line: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw new ChartInputError(`${where}: not JSON (${(e as Error).message})`);
  }
}

function wholeDocumentSchema(text: string): unknown {
  try {
    const doc: unknown = JSON.parse(text);
    return isObject(doc) ? doc.schema : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses the text of a trace file.
 *
 * @param text - the file's content
 * @param source - its path, for messages (`trace.jsonl:7: ...`)
 * @throws {ChartInputError} when the header or a record is not what `ftsim.trace/v1` holds
 */
export function parseTrace(text: string, source: string): Trace {
  const lines = text.split("\n");
  const first = lines[0]?.trim() ?? "";
  if (first === "") throw new ChartInputError(`${source}: empty file; expected an ftsim trace (JSON Lines from ftsim trace)`);
  let header: unknown;
  try {
    header = JSON.parse(first);
  } catch {
    const schema = wholeDocumentSchema(text);
    throw new ChartInputError(
      schema === undefined
        ? `${source}:1: not an ftsim trace: the first line must be the JSON header {"schema": "ftsim.trace/v1", ...} written by ftsim trace`
        : `${source} is an ${String(schema)} document, not a trace: --kind timeline draws a trace from ftsim trace (JSON Lines)`,
    );
  }
  if (!isObject(header) || header.schema !== "ftsim.trace/v1") {
    const found = isObject(header) && "schema" in header ? `"schema": ${JSON.stringify(header.schema)}` : `${first.slice(0, 60)}`;
    throw new ChartInputError(`${source}:1: not an ftsim trace: expected a header with "schema": "ftsim.trace/v1", found ${found}`);
  }
  for (const key of ["horizon_s", "warmup_s", "replication"]) {
    if (typeof header[key] !== "number") throw new ChartInputError(`${source}:1: the header's "${key}" must be a number, found ${JSON.stringify(header[key])}`);
  }
  if (!isObject(header.scenario)) throw new ChartInputError(`${source}:1: the header's "scenario" must be an object`);

  const records: TraceRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${source}:${i + 1}`;
    const r = parseLine(line, where);
    if (!isObject(r) || typeof r.t !== "number" || typeof r.component !== "string" || typeof r.event !== "string") {
      throw new ChartInputError(`${where}: expected a record {"t": seconds, "component": ..., "event": ..., "cause": ...}, found ${line.slice(0, 80)}`);
    }
    records.push(r as unknown as TraceRecord);
  }
  return { header: header as unknown as TraceHeader, records };
}
