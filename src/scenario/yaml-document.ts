/** Parsing scenario text with node positions, and finding the position of a path. */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from "yaml";
import type { Document, Node, Pair, YAMLError, YAMLMap } from "yaml";
import { formatPath, ScenarioError, type ScenarioIssue } from "./scenario-error.js";
import { describeTyped } from "./describe.js";
import { LIMITS } from "./limits.js";
import { checkYamlLimits } from "./yaml-limits.js";

/** A parsed scenario file: the YAML document (for positions) and its plain data. */
export interface ParsedScenario {
  /** The YAML document, with node ranges. */
  doc: Document;
  /** `doc.toJS()`: plain, unvalidated data. Do not merge it into other objects. */
  data: unknown;
  /** Offsets → line:col for `doc`. */
  lineCounter: LineCounter;
}

type PathSeg = PropertyKey;

function pairFor(map: YAMLMap, key: PathSeg): Pair | undefined {
  return (map.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === String(key));
}

/** The deepest YAML node along `path`; `depth` is how many segments exist. */
export function locate(doc: Document, path: readonly PathSeg[]): { node?: Node; key?: Node; depth: number } {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let depth = 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = pairFor(node, seg);
      if (pair === undefined) break;
      key = pair.key as Node;
      next = pair.value;
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      key = undefined;
      next = node.items[seg];
    } else break;
    node = next;
    depth++;
  }
  return { node: (node ?? undefined) as Node | undefined, key, depth };
}

export function positionOf(lc: LineCounter, node: Node | undefined): { line: number; col: number } {
  const offset = node?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : lc.linePos(offset);
}

/**
 * The 1-based line:col of the value at `path` in a parsed file: the value
 * itself, its key when the value is empty, or, for a missing key, the key of
 * the nearest existing parent (`repair:`), so checks made after validation
 * can report positions too.
 *
 * @param p - from {@link parseScenarioText}
 * @param path - keys and list indices, as in a zod issue
 */
export function positionAt(p: ParsedScenario, path: readonly PathSeg[]): { line: number; col: number } {
  const { node, key, depth } = locate(p.doc, path);
  const empty = isScalar(node) && node.source === "";
  if (depth === path.length) return positionOf(p.lineCounter, empty || node === undefined ? key : node);
  // Missing key: point at the parent's own key (`repair:`) when it has one.
  return positionOf(p.lineCounter, key ?? node);
}

/** The deepest path whose node range contains `offset` (for YAML errors). */
function pathAtOffset(doc: Document, offset: number): PathSeg[] {
  const path: PathSeg[] = [];
  let node: unknown = doc.contents;
  const inside = (n: unknown): boolean =>
    n !== null && typeof n === "object" && "range" in n && Array.isArray(n.range) &&
    offset >= (n.range[0] as number) && offset < (n.range[2] as number);
  for (;;) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => inside(p.key) || inside(p.value));
      if (pair === undefined || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      if (inside(pair.key)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex(inside);
      if (i < 0) return path;
      path.push(i);
      node = node.items[i];
    } else return path;
  }
}

function yamlIssue(e: YAMLError, doc: Document, lc: LineCounter, file: string, text: string): ScenarioIssue {
  const { line, col } = lc.linePos(e.pos[0]);
  // Only a duplicate key has a trustworthy path; a syntax error may sit between nodes.
  let path: PathSeg[] = [];
  let message = `YAML syntax error: ${e.message}`;
  if (/call stack/i.test(e.message)) {
    message = `lists and mappings are nested too deeply for the parser; the limit is ${LIMITS.maxDepth} levels (FTSIM_MAX_DEPTH)`;
  }
  if (e.code === "DUPLICATE_KEY") {
    path = pathAtOffset(doc, e.pos[0]);
    const last = path[path.length - 1];
    const parent = locate(doc, path.slice(0, -1)).node;
    const first = isMap(parent) && last !== undefined ? pairFor(parent, last) : undefined;
    const at = first === undefined ? "" : ` (first defined at line ${positionOf(lc, first.key as Node).line})`;
    message = `duplicate key ${JSON.stringify(String(last ?? ""))}${at}`;
  } else if (e.code === "MULTIPLE_DOCS") {
    message = 'a second YAML document starts here; a scenario file holds one (remove the "---" line)';
  } else {
    // The usual cause inside a flow list: an unquoted instance id, whose brackets YAML reads as a
    // nested list (one in quotes is fine, and says nothing).
    const id = /(?<![\w"'-])[A-Za-z_][\w-]*\[\d+\](?!["'])/.exec(lineText(text, lc, line))?.[0];
    if (id !== undefined && /flow/i.test(e.message)) message += `; instance ids in a [ ] list must be quoted: "${id}"`;
  }
  return { file, line, col, path: formatPath(path), message };
}

/** The text of line `line` (1-based) of `text`. */
function lineText(text: string, lc: LineCounter, line: number): string {
  const start = lc.lineStarts[line - 1] ?? 0;
  return text.slice(start, lc.lineStarts[line] ?? text.length);
}

/**
 * Parses scenario text (YAML 1.2, or JSON) keeping node positions.
 *
 * @param text - the file's contents
 * @param file - the name to print in errors
 * @param expectedKeys - top-level keys to mention when the file is empty
 * @throws {ScenarioError} on a syntax error, a duplicate key, an unresolved
 *   alias, an empty file or a top level that is not a mapping
 */
export function parseScenarioText(text: string, file: string, expectedKeys: readonly string[] = []): ParsedScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e) => yamlIssue(e, doc, lineCounter, file, text)));
  }
  const root = { file, line: 1, col: 1, path: "" };
  if (doc.contents === null) {
    const keys = expectedKeys.length > 0 ? `the keys ${expectedKeys.map((k) => JSON.stringify(k)).join(", ")}` : "one key";
    throw new ScenarioError([{ ...root, message: `the file is empty; expected a scenario mapping with at least ${keys}` }]);
  }
  if (!isMap(doc.contents)) {
    const { line, col } = positionOf(lineCounter, doc.contents);
    const message = `expected a scenario mapping (key: value lines) at the top level, got ${isScalar(doc.contents) ? describeTyped(doc.contents.value) : "a list"}`;
    throw new ScenarioError([{ ...root, line, col, message }]);
  }
  const limit = checkYamlLimits(doc, LIMITS.maxDepth, Math.max(LIMITS.maxAliasNodes, text.length));
  if (limit !== undefined) {
    const offset = limit.node.range?.[0] ?? 0;
    throw new ScenarioError([{ file, ...positionOf(lineCounter, limit.node), path: formatPath(pathAtOffset(doc, offset)), message: limit.message }]);
  }
  let data: unknown;
  try {
    // The expansion is bounded above (checkYamlLimits), by a size-based budget rather than yaml's alias count.
    data = doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    let where: Node | undefined;
    visit(doc, {
      Alias(_, n) {
        if (n.resolve(doc) !== undefined) return undefined;
        where = n;
        return visit.BREAK;
      },
    });
    const name = isAlias(where) ? where.source : "";
    const message = where === undefined
      ? (e instanceof Error ? e.message : String(e))
      : `unknown alias "*${name}"; an alias refers to an anchor (&${name}) defined above it`;
    const offset = where?.range?.[0] ?? 0;
    throw new ScenarioError([{ ...root, ...positionOf(lineCounter, where), path: formatPath(pathAtOffset(doc, offset)), message }]);
  }
  return { doc, data, lineCounter };
}
