/**
 * Replications on worker threads, with the same results as one thread.
 *
 * Replication r draws only from the streams of (seed, r), so where it runs
 * cannot change what it gives; the pool hands replications out one at a
 * time to whichever worker is free and gives them back to the caller in
 * replication order, stopping at the first one that hits the event limit
 * exactly as the sequential loop does (later replications that were already
 * running are discarded). Summaries are computed from the ordered outputs by
 * the same code either way, so the result bytes are identical for any
 * number of workers (test/run/pool.test.ts).
 *
 * The pool is synchronous on purpose: the caller blocks in `Atomics.wait`
 * on a counter the workers bump, then takes the answers with
 * `receiveMessageOnPort`. The runner, sweeps, precision batches and the
 * baseline gate keep their synchronous signatures, and the main thread has
 * nothing else to do while replications run. (piscina, the usual pool, is
 * promise-based; it would have made every caller async for no gain here.)
 *
 * Workers know only the built-in mechanisms: one added with
 * `registerMechanism` lives in the caller's thread, so library users who
 * register their own run with one worker (the default of `runScenario`).
 */
import { availableParallelism } from "node:os";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Scenario } from "../scenario/schema.js";
import type { ReplicationOutput } from "../metrics/replication-output.js";
import type { WorkerAnswer, WorkerTask } from "./replication-worker.js";

/** Runs replications `from` … `to − 1` of a scenario, appending their outputs in order (see runner.ts). */
export interface ReplicationExecutor {
  run(scenario: Scenario, from: number, to: number, outputs: ReplicationOutput[], onEach?: () => void): string | undefined;
}

/** The number of workers `--workers` defaults to: the machine's cores. */
export function defaultWorkers(): number {
  return availableParallelism();
}

interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  /** Replication it is running, or -1 when idle. */
  busy: number;
  /** Id of the scenario it holds. */
  scenarioId: number;
}

/**
 * The worker's entry: the compiled `replication-worker.js` beside this file,
 * or, when ftsim runs from its TypeScript sources (tsx, vitest), a small
 * bootstrap that registers tsx in the worker thread first: Node 20 does not
 * carry a parent's loader hooks into worker threads.
 */
function workerEntry(): [entry: string | URL, eval_: boolean] {
  if (!import.meta.url.endsWith(".ts")) return [new URL("./replication-worker.js", import.meta.url), false];
  const api = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const worker = JSON.stringify(new URL("./replication-worker.ts", import.meta.url).href);
  return [`import(${api}).then((tsx) => { tsx.register(); return import(${worker}); });`, true];
}

export class ReplicationPool implements ReplicationExecutor {
  private readonly workers: PoolWorker[] = [];
  /** Answers received so far, bumped by the workers. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private seen = 0;
  private nextScenarioId = 0;
  private lastScenario: Scenario | undefined;

  /**
   * Starts `size` workers and waits until each has loaded its modules. The
   * wait must be asynchronous: under a loader such as tsx, a worker's module
   * loading needs the main thread's event loop, which `Atomics.wait` blocks.
   */
  static async start(size: number): Promise<ReplicationPool> {
    const pool = new ReplicationPool(size);
    try {
      await Promise.all(
        pool.workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.worker.once("error", reject);
              w.port.once("message", () => {
                w.worker.off("error", reject);
                resolve();
              });
            }),
        ),
      );
    } catch (e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  private constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`a pool needs a whole number of workers >= 1, got ${size}`);
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const [entry, eval_] = workerEntry();
      const worker = new Worker(entry, { eval: eval_, workerData: { port: port2, signal: this.signal }, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.workers.push({ worker, port: port1, busy: -1, scenarioId: -1 });
    }
  }

  run(scenario: Scenario, from: number, to: number, outputs: ReplicationOutput[], onEach?: () => void): string | undefined {
    if (scenario !== this.lastScenario) {
      this.lastScenario = scenario;
      this.nextScenarioId++;
    }
    const id = this.nextScenarioId;
    const done = new Map<number, ReplicationOutput>();
    let next = from; // next replication to hand out
    let deliver = from; // next replication to give back
    let stopAt = to; // first replication not to give back (lowered by an event limit)
    let limit: string | undefined;
    let running = 0;

    const dispatch = (w: PoolWorker): void => {
      if (w.scenarioId !== id) {
        w.port.postMessage({ kind: "scenario", id, scenario } satisfies WorkerTask);
        w.scenarioId = id;
      }
      w.busy = next;
      w.port.postMessage({ kind: "replication", id, replication: next++ } satisfies WorkerTask);
      running++;
    };
    for (const w of this.workers) if (next < stopAt) dispatch(w);

    while (running > 0) {
      Atomics.wait(this.signal, 0, this.seen);
      this.seen = Atomics.load(this.signal, 0);
      for (const w of this.workers) {
        for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) {
          const a = m.message as WorkerAnswer;
          running--;
          w.busy = -1;
          if ("error" in a) {
            this.close();
            throw new Error(`replication ${a.replication} failed in a worker thread:\n${a.error}`);
          }
          if ("limit" in a) {
            if (a.replication < stopAt) {
              stopAt = a.replication;
              limit = a.limit;
            }
          } else if (a.replication < stopAt) {
            done.set(a.replication, a.output);
          }
          if (next < stopAt) dispatch(w);
        }
      }
      for (let out = done.get(deliver); deliver < stopAt && out !== undefined; out = done.get(deliver)) {
        done.delete(deliver++);
        outputs.push(out);
        onEach?.();
      }
    }
    // Every replication below stopAt has been given back; anything above it is dropped.
    return limit;
  }

  /** Stops the workers; the pool cannot be used afterwards. */
  close(): void {
    for (const w of this.workers.splice(0)) {
      w.port.close();
      void w.worker.terminate();
    }
  }
}
