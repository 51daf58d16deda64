/**
 * The choices and defaults the CLI shows in its option definitions and help
 * (`--format`, `--style`, `--max-rows`), without the renderers that use them:
 * the command definitions load at every start-up, the renderers only in the
 * command that renders. The renderers re-export them from here.
 */

/** Output formats for printed results (`ftsim run|sweep|compare|merge --format`). */
export const FORMATS = ["table", "json", "csv", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** Output formats of `ftsim check`. */
export const CHECK_FORMATS = ["table", "markdown", "json", "csv"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Styles of a distribution chart (`ftsim chart --kind distribution --style`). */
export const DISTRIBUTION_STYLES = ["histogram", "ecdf"] as const;
export type DistributionStyle = (typeof DISTRIBUTION_STYLES)[number];

/** Most component rows of a timeline chart by default (`--max-rows`). */
export const DEFAULT_MAX_ROWS = 40;
