import type { EventHandle } from "../../engine/event-queue.js";
import type { Processor } from "../../hardware/processor.js";
import type { Copy } from "./precopy.js";

/**
 * What a node is doing:
 * - `active`: runs a workload;
 * - `standby`: up and idle, ready to take one over;
 * - `reserved`: the target of a takeover in progress;
 * - `leaving`: the active node of a workload being failed over after it stopped (its repair held until the takeover ends);
 * - `down`: failed or otherwise not up, not part of a takeover.
 */
export type Role = "active" | "standby" | "reserved" | "leaving" | "down";

export interface Node {
  readonly proc: Processor;
  role: Role;
  /** The workload it runs (active), ran (leaving), or is the takeover target of (reserved). */
  workload: Workload | undefined;
  /** An alarm raised on it while no standby was idle: served when one is, if the node is still active (cleared when it takes a workload). */
  pendingAlarm: { cause: "predicted" | "false-alarm"; detail: Record<string, number> } | undefined;
}

export interface ProactiveTakeover {
  readonly kind: "proactive";
  readonly source: Node;
  readonly target: Node;
  readonly copy: Copy;
  readonly startedAt: number;
  readonly inWindow: boolean;
  pausedAt: number | undefined;
}

export interface ReactiveTakeover {
  readonly kind: "reactive";
  readonly source: Node | undefined;
  readonly target: Node;
  readonly stoppedAt: number;
  readonly inWindow: boolean;
  event: EventHandle | undefined;
}

/** One active node's work; the service needs every workload running. */
export interface Workload {
  readonly index: number;
  node: Node | undefined;
  running: boolean;
  takeover: ProactiveTakeover | ReactiveTakeover | undefined;
  stoppedAt: number;
}

