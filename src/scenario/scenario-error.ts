/** A scenario file that cannot be used, and how its problems are printed. */
import { displayMessage, truncateText } from "./display-text.js";
import { LIMITS } from "./limits.js";

/** One problem in a scenario file, at a position when it has one. */
export interface ScenarioIssue {
  /** The file as the user named it. */
  file: string;
  /** 1-based line, absent for problems with the file as a whole (cannot read it). */
  line?: number;
  /** 1-based column. */
  col?: number;
  /** Dotted path into the scenario (`nodes.0.repair.mean_h`), `""` for the root. */
  path: string;
  /** What is wrong, and what was expected. */
  message: string;
}

/** A scenario file that cannot be used; `issues` holds every problem found. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  /** The problems, ordered by position in the file. */
  readonly issues: ScenarioIssue[];

  /** @param issues - at least one problem */
  constructor(issues: ScenarioIssue[]) {
    super(issues.slice(0, LIMITS.maxErrors).map(formatIssue).join("\n"));
    this.issues = issues;
  }

  /**
   * One line per issue: `file:line:col: path: message` (path `(root)` when empty), at most
   * {@link LIMITS.maxErrors} of them, then how many more; control characters escaped, long echoes cut.
   */
  format(): string {
    const shown = this.issues.slice(0, LIMITS.maxErrors).map(formatIssue);
    const more = this.issues.length - shown.length;
    if (more > 0) shown.push(`... and ${more} more problem${more === 1 ? "" : "s"} (FTSIM_MAX_ERRORS=${this.issues.length} shows them all)`);
    return shown.join("\n");
  }
}

export function formatIssue(i: ScenarioIssue): string {
  const where = i.line === undefined ? i.file : `${i.file}:${i.line}:${i.col ?? 1}`;
  return displayMessage(`${truncateText(where, 300)}: ${i.path === "" ? "(root)" : truncateText(i.path, 300)}: ${i.message}`);
}

/** Formats a zod/YAML path as `a.b.0.c`, quoting keys that are not plain words. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((seg, i) => {
      const s = typeof seg === "symbol" ? String(seg) : seg;
      if (typeof s === "number") return i === 0 ? String(s) : `.${s}`;
      if (/^[A-Za-z_][\w-]*$/.test(s)) return i === 0 ? s : `.${s}`;
      return `[${JSON.stringify(s)}]`;
    })
    .join("");
}
