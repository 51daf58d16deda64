/** Exit codes of the `ftsim` command (DESIGN.md). */
export const EXIT = {
  ok: 0,
  /** A regression or check failed. */
  checkFailed: 1,
  /** Bad input: scenario or flags. */
  badInput: 2,
  /** A run stopped by a limit (events per replication). */
  limitHit: 3,
  /** An output could not be written: the device is full (ENOSPC), a file size limit (EFBIG), an I/O error (EIO), also on stdout. */
  io: 4,
  /** A bug in ftsim itself. */
  internal: 70,
} as const;

/** Bad command-line input, reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
