/**
 * Writing output files (`--out`, `--junit`, `--markdown`, traces) so that
 * they cannot be turned against the user (docs/robustness.md, "Output files"):
 *
 * - a regular file is written to a temporary file beside it, created
 *   exclusively (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600) under an
 *   unpredictable name, so a planted symlink is never followed; every write's
 *   byte count is checked, the file is given its final mode, fsynced and
 *   renamed into place, so a reader never sees a half-written result;
 * - a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe)
 *   is written through, never renamed over; other special files are refused;
 * - a temporary name embeds the writer's pid (`.<name>.ftsim-<pid>-<random>.tmp`),
 *   so that a later write into the same directory removes the ones left by
 *   a killed ftsim process of the same user.
 *
 * Errors are {@link OutputError}s: `path` (exit code 2: the path cannot be
 * written) or `io` (exit code 4: the device failed or is full).
 */
import { randomBytes } from "node:crypto";
import {
  accessSync, closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join } from "node:path";

/** Why an output could not be written: a bad path (exit 2) or a failed device (exit 4). */
export class OutputError extends Error {
  override readonly name = "OutputError";
  constructor(
    message: string,
    /** `path`: the path cannot be written (bad input, exit 2); `io`: the write failed (exit 4). */
    readonly kind: "path" | "io",
  ) {
    super(message);
  }
}

/** Error codes that say the path is wrong (bad input) rather than the device failing. */
const PATH_CODES: Record<string, string> = {
  ENOENT: "no such directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
  EEXIST: "the temporary file exists",
};

/** Describes an I/O error for the user: `no space left on device (ENOSPC)`. */
const IO_TEXT: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large (a file size limit such as `ulimit -f`)",
  EIO: "input/output error",
  EPIPE: "the reader closed the pipe",
};

/** An fs error turned into an {@link OutputError} about `path`. */
export function outputError(path: string, e: unknown): OutputError {
  if (e instanceof OutputError) return e;
  const code = String((e as { code?: unknown }).code ?? "");
  if (code in PATH_CODES) return new OutputError(`cannot write ${path}: ${PATH_CODES[code]}`, "path");
  const text = IO_TEXT[code] ?? (e instanceof Error ? e.message : String(e));
  return new OutputError(`cannot write ${path}: ${text}${code !== "" && !text.includes(code) ? ` (${code})` : ""}`, "io");
}

/** True for a target written through rather than replaced: a character device or a FIFO. */
function writesThrough(st: Stats): boolean {
  return st.isCharacterDevice() || st.isFIFO();
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Checks, before any work, that `path` can be written by a command's flag:
 * a non-empty file name in an existing, writable directory, not a directory,
 * not a special file other than a character device or FIFO, and not any of
 * `inputs` under another spelling (same device and inode).
 *
 * @throws {OutputError} of kind `path`, naming the flag
 */
export function checkOutputPath(path: string, flag: string, inputs: readonly string[] = []): void {
  const fail = (why: string) => new OutputError(`${flag}: ${why}`, "path");
  if (path === "") throw fail(`expected a file name, got ""`);
  if (/[\\/]$/.test(path)) throw fail(`${path} names a directory (it ends in "/"); give a file name`);
  const st = statOrUndefined(path);
  if (st?.isDirectory()) throw fail(`${path} is a directory; give a file name`);
  if (st !== undefined && !st.isFile() && !writesThrough(st)) throw fail(`${path} is a special file (not a regular file, character device or FIFO); refusing to write it`);
  // Only a regular file is clobbered: a device or FIFO that is also an input (a terminal as /dev/stdin and /dev/stdout) is written through.
  if (st?.isFile()) {
    for (const input of inputs) {
      const other = statOrUndefined(input);
      if (other !== undefined && other.dev === st.dev && other.ino === st.ino) {
        throw fail(`${path} is the input ${input}; refusing to overwrite it (write the output elsewhere)`);
      }
    }
  }
  if (st !== undefined && writesThrough(st)) return;
  const dir = dirname(path);
  const dst = statOrUndefined(dir);
  if (dst === undefined || !dst.isDirectory()) throw fail(`cannot write ${path}: ${dir} is not an existing directory`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw fail(`cannot write ${path}: ${dir} is not a writable directory`);
  }
}

/** Refuses two outputs of one command that are the same file (`--markdown x --junit x`). */
export function checkDistinctOutputs(outputs: readonly { flag: string; path: string }[]): void {
  for (let i = 0; i < outputs.length; i++) {
    for (let j = i + 1; j < outputs.length; j++) {
      const a = outputs[i]!;
      const b = outputs[j]!;
      const sa = statOrUndefined(a.path);
      const sb = statOrUndefined(b.path);
      const same = a.path === b.path || (sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino && sa.isFile());
      if (same) throw new OutputError(`${b.flag}: ${b.path} is also ${a.flag}'s output; give each output its own file`, "path");
    }
  }
}

/** The mode a new file gets: 0666 less the process's umask (read from /proc; 022 where it cannot be read). */
function newFileMode(): number {
  try {
    const m = /^Umask:\s*([0-7]+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m !== null) return 0o666 & ~parseInt(m[1]!, 8);
  } catch {
    /* not Linux: fall back to the usual umask */
  }
  return 0o644;
}

/** The temporary names of one target's directory: `.<name>.ftsim-<pid>-<hex>.tmp` (name cut to fit NAME_MAX). */
const TEMP_NAME = /^\..*\.ftsim-(\d+)-[0-9a-f]{12}\.tmp$/;

function tempPath(path: string): string {
  // 12 hex digits from the OS's random source: not guessable by someone planting symlinks.
  // (Not a simulation random stream: no result depends on it.)
  const name = basename(path).slice(0, 180);
  return join(dirname(path), `.${name}.ftsim-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes temporary files left in `dir` by ftsim processes of this user
 * that have died (killed during a long trace, say): regular files only,
 * owned by this user, whose embedded pid no longer runs.
 *
 * @returns the paths removed
 */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile() || (uid !== undefined && st.uid !== uid)) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      /* gone meanwhile, or not ours to remove */
    }
  }
  return removed;
}

/** Writes all of `data` to `fd`, looping over short writes. */
function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    const n = writeSync(fd, data, offset, data.length - offset);
    if (n <= 0) throw Object.assign(new Error("short write"), { code: "EIO" });
    offset += n;
  }
}

/** Temporary files of this process not yet renamed into place, removed on an error exit. */
const pending = new Set<string>();

/** Removes this process's temporary files (called on SIGINT/SIGTERM and on exit). */
export function removePendingTemps(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}

/** Writes a file atomically (a regular file) or through (a character device or FIFO). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const writer = openAtomic(path);
  try {
    writer.write(content);
    writer.commit();
  } catch (e) {
    writer.abort();
    throw outputError(path, e);
  }
}

/** A file written piece by piece, which appears under its name only when committed. */
export interface AtomicWriter {
  write(text: string | Uint8Array): void;
  /** Flushes, fsyncs and renames the temporary file into place. */
  commit(): void;
  /** Removes the temporary file (after an error). */
  abort(): void;
}

/**
 * Opens `path` for an atomic streamed write (for output too large to build
 * in memory, such as a trace): pieces are buffered and appended to an
 * exclusive temporary file beside `path`, renamed into place by `commit`.
 *
 * @throws {OutputError} when the file cannot be opened
 */
export function openAtomic(path: string): AtomicWriter {
  const st = statOrUndefined(path);
  if (st !== undefined && !st.isFile() && !writesThrough(st)) {
    throw new OutputError(`cannot write ${path}: it is ${st.isDirectory() ? "a directory" : "a special file"}`, "path");
  }
  const through = st !== undefined && writesThrough(st);
  let temp: string | undefined;
  let fd: number;
  try {
    if (through) {
      fd = openSync(path, constants.O_WRONLY);
    } else {
      removeStaleTemps(dirname(path));
      temp = tempPath(path);
      fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      pending.add(temp);
    }
  } catch (e) {
    throw outputError(path, e);
  }
  const finalMode = st?.isFile() ? st.mode & 0o7777 : newFileMode();
  let buffer: Uint8Array[] = [];
  let buffered = 0;
  let closed = false;
  const flush = () => {
    if (buffer.length === 0) return;
    const chunk = buffer.length === 1 ? buffer[0]! : Buffer.concat(buffer);
    buffer = [];
    buffered = 0;
    writeAll(fd, chunk);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
  };
  const discard = () => {
    try {
      close();
    } catch {
      /* closing after a failed write may fail too */
    }
    if (temp !== undefined) {
      rmSync(temp, { force: true });
      pending.delete(temp);
    }
  };
  return {
    write(text) {
      const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
      buffer.push(bytes);
      buffered += bytes.length;
      try {
        if (buffered >= 1 << 20) flush();
      } catch (e) {
        discard();
        throw outputError(path, e);
      }
    },
    commit() {
      try {
        flush();
        if (temp !== undefined) {
          fchmodSync(fd, finalMode);
          fsyncSync(fd);
        }
        close();
        if (temp !== undefined) {
          renameSync(temp, path);
          pending.delete(temp);
          syncDir(dirname(path));
        }
      } catch (e) {
        discard();
        throw outputError(path, e);
      }
    },
    abort: discard,
  };
}

/** Fsyncs a directory so that a rename in it survives a crash (best effort: not every file system allows it). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
