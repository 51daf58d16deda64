/** Reading an input file (scenario, baseline, result, trace) within the size limit. */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { formatBytes, LIMIT_ENV, LIMITS } from "./limits.js";

/** An input too large to read: checked before reading it (or, for a pipe or device, while reading). */
export class InputTooLargeError extends Error {
  override readonly name = "InputTooLargeError";
  readonly code = "EFBIG";
}

/**
 * Reads a file as UTF-8 text, refusing one larger than `limit` (by default
 * {@link LIMITS.maxInputBytes}, for scenarios; data files pass {@link LIMITS.maxDataBytes}): a regular file by its size before reading a
 * byte, anything else (a FIFO, `/dev/zero`) after reading one byte past the limit.
 *
 * @throws {InputTooLargeError} for a file over the limit
 * @throws the fs error (with its `code`: ENOENT, EISDIR, EACCES...) when it cannot be read
 */
export function readInputText(path: string, limit: number = LIMITS.maxInputBytes, variable: string = LIMIT_ENV.maxInputBytes): string {
  const fd = openSync(path, "r");
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: "EISDIR" });
    const tooLarge = (what: string) =>
      new InputTooLargeError(`the file is ${what}; the limit is ${formatBytes(limit)} (set ${variable} to raise it)`);
    if (st.isFile() && st.size > limit) throw tooLarge(formatBytes(st.size));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge(`larger than that`);
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** As {@link readInputText}, for a data file (baseline, result, trace) under {@link LIMITS.maxDataBytes}. */
export function readDataText(path: string): string {
  return readInputText(path, LIMITS.maxDataBytes, LIMIT_ENV.maxDataBytes);
}
