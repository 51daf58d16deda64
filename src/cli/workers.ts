import type { Command } from "commander";
import { defaultWorkers, ReplicationPool, type ReplicationExecutor } from "../run/pool.js";
import { UsageError } from "./errors.js";

export const WORKERS_HELP =
  "worker threads for the replications (default: $FTSIM_WORKERS, else the machine's cores); the results are byte-identical for any number";

/** The pool of the command being run, started before its action and stopped after it. */
let pool: ReplicationPool | undefined;

/**
 * The number of workers from `--workers`, else `$FTSIM_WORKERS`, else the
 * machine's cores.
 */
export function resolveWorkers(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromFlag = flag !== undefined;
  const raw = fromFlag ? flag : env.FTSIM_WORKERS;
  if (raw === undefined || raw === "") return defaultWorkers();
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1024) {
    throw new UsageError(`${fromFlag ? "--workers" : "FTSIM_WORKERS"}: expected a whole number of worker threads from 1 to 1024, got "${raw}"`);
  }
  return Number(raw);
}

/**
 * Starts the worker pool of every command that has `--workers`, before its
 * action runs (the start is asynchronous: see ReplicationPool.start), and
 * stops it afterwards. With one worker there is no pool: replications run
 * in the main thread.
 */
export function registerWorkers(program: Command): void {
  program.hook("preAction", async (_program, action) => {
    if (!action.options.some((o) => o.long === "--workers")) return;
    const workers = resolveWorkers(action.opts<{ workers?: string }>().workers);
    if (workers > 1) pool = await ReplicationPool.start(workers);
  });
  program.hook("postAction", closeWorkers);
}

/** Where the running command's replications run: the pool, or undefined for this thread. */
export function workerExecutor(): ReplicationExecutor | undefined {
  return pool;
}

/** Stops the pool, if any (after the action, or when it failed). */
export function closeWorkers(): void {
  pool?.close();
  pool = undefined;
}
