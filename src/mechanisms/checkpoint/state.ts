import type { Disk } from "../../hardware/disk.js";
import type { Network } from "../../hardware/network.js";
import type { Processor } from "../../hardware/processor.js";

/** A compute node or a spare, as the job's runtime knows it (from its status signal, never its state). */
export interface NodeRec {
  readonly proc: Processor;
  /** The slot it runs, if any. */
  slot: Slot | undefined;
  /** Seen up (its last status change was up). */
  up: boolean;
  /** Stopped without reporting it: a detection is pending. */
  suspect: boolean;
  /** Left by a migration ahead of its announced failure: not a spare until it has failed and been repaired. */
  retiring: boolean;
  /** The target of a migration in progress. */
  reserved: boolean;
}

/** A block of processes that runs on one node and whose images live on one disk. */
export interface Slot {
  readonly index: number;
  readonly procs: number;
  readonly disk: Disk;
  node: NodeRec | undefined;
}

export type Phase = "compute" | "checkpoint" | "stalled" | "waiting" | "restart" | "replay" | "migrate" | "done";

/** A rollback being recovered from: which slots restart, and the work age they return to. */
export interface Recovery {
  kind: "full" | "local";
  slots: Set<Slot>;
  /** Work since the last checkpoint that the replay re-executes (local); 0 for a full rollback. */
  age: number;
}

export interface JobWiring {
  nodes: readonly Processor[];
  spares: readonly Processor[];
  slots: readonly { procs: number; disk: Disk }[];
  network: Network | undefined;
  /** Platform MTBF M (s) from the configuration, for young/daly (Infinity: no stated failures). */
  mtbfS: number;
  /** Checkpoint duration δ estimated from the disks' nominal write bandwidth (s). */
  deltaEstimateS: number;
  /** Daly's expected completion time for this run, when his assumptions hold. */
  expectedS: number | undefined;
}
