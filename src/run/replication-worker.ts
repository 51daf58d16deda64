/**
 * A worker thread of {@link ReplicationPool}: runs the replications it is
 * sent, one message each, and answers on its port. After each answer it
 * bumps the shared counter and wakes the main thread, which is waiting on it
 * with `Atomics.wait` (src/run/pool.ts says why the pool is synchronous).
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { EventLimitError } from "../engine/errors.js";
import type { Scenario } from "../scenario/schema.js";
import { runReplication } from "./replication.js";
import type { ReplicationOutput } from "../metrics/replication-output.js";

/** What the pool sends: replication `replication` of `scenario` (the scenario is sent once per batch, see pool.ts). */
export type WorkerTask = { kind: "scenario"; id: number; scenario: Scenario } | { kind: "replication"; id: number; replication: number };

/** What a worker answers, for one replication. */
export type WorkerAnswer =
  | { replication: number; output: ReplicationOutput }
  | { replication: number; limit: string }
  | { replication: number; error: string };

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
const scenarios = new Map<number, Scenario>();

function answer(message: WorkerAnswer): void {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on("message", (task: WorkerTask) => {
  if (task.kind === "scenario") {
    scenarios.clear();
    scenarios.set(task.id, task.scenario);
    return;
  }
  const scenario = scenarios.get(task.id);
  const r = task.replication;
  try {
    if (scenario === undefined) throw new Error(`worker: no scenario ${task.id} for replication ${r}`);
    answer({ replication: r, output: runReplication(scenario, scenario.seed, r) });
  } catch (e) {
    if (e instanceof EventLimitError) answer({ replication: r, limit: `replication ${r}: ${e.message}` });
    else answer({ replication: r, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
// Modules loaded, handler set: tell the pool (ReplicationPool.start waits for this).
port.postMessage("ready");
