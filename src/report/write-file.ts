import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file atomically: to a temporary name beside it, then a rename,
 * so that a reader never sees a half-written result as if it were complete.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** A file written piece by piece, which appears under its name only when committed. */
export interface AtomicWriter {
  write(text: string): void;
  /** Flushes and renames the temporary file into place. */
  commit(): void;
  /** Removes the temporary file (after an error). */
  abort(): void;
}

/**
 * Opens `path` for an atomic streamed write (for output too large to build
 * in memory, such as a trace): pieces are buffered and appended to a
 * temporary file beside `path`, renamed into place by `commit`.
 */
export function openAtomic(path: string): AtomicWriter {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temp, "w");
  let buffer: string[] = [];
  let buffered = 0;
  let closed = false;
  const flush = () => {
    if (buffer.length === 0) return;
    writeSync(fd, buffer.join(""));
    buffer = [];
    buffered = 0;
  };
  const close = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
  };
  return {
    write(text) {
      buffer.push(text);
      buffered += text.length;
      if (buffered >= 1 << 20) flush();
    },
    commit() {
      try {
        flush();
        close();
        renameSync(temp, path);
      } catch (e) {
        close();
        rmSync(temp, { force: true });
        throw e;
      }
    },
    abort() {
      close();
      rmSync(temp, { force: true });
    },
  };
}
