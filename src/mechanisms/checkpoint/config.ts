import { z } from "zod";
import type { ConfigVocabulary } from "../mechanism.js";

const MB = 1e6;

/** A duration that must carry its unit (`2h`, not `7200`): a bare number there is almost always a mistake in minutes or hours. */
function durationWithUnit(v: ConfigVocabulary, field: string, example: string) {
  return z
    .unknown()
    .superRefine((x, ctx) => {
      if (typeof x === "number" || (typeof x === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(x))) {
        ctx.addIssue({ code: "custom", message: `${field} needs a unit: write it as a duration such as ${example}, not the bare number ${String(x)}` });
      }
    })
    .pipe(v.duration());
}

/** Config of a `checkpoint` entry (docs/mechanisms/checkpoint.md). */
export function checkpointConfig(v: ConfigVocabulary) {
  const log = z.strictObject({
    /** Duration (s): how far back messages are kept; a local rollback needs it to cover the time since the last checkpoint. Required, with its unit. Free parameter (no published window size). */
    window: durationWithUnit(v, "log window", "2h")
      .refine((s) => s > 0, { message: "the log window must be > 0" })
      .describe("How far back (wall time) the log keeps messages; after a node failure, if it covers the time since the last checkpoint only that node's processes roll back. Required, with a unit. Free parameter (no published window size)."),
    /** Rate (bytes/s per process) of messages a process receives while computing: the logged volume. Default 10MB/s. Free parameter. */
    message_rate: v
      .rate()
      .refine((r) => r > 0, { message: "message_rate must be > 0" })
      .default(10 * MB)
      .describe("Bytes/s of messages each process receives while computing, all logged; the replay of a rolled-back process re-delivers them. Default 10MB/s (free parameter)."),
    /** Rate (bytes/s) at which a recovering process consumes its logged messages in the replay. Default 1GB/s. Free parameter. */
    replay_rate: v
      .rate()
      .refine((r) => r > 0, { message: "replay_rate must be > 0" })
      .default(1000 * MB)
      .describe("Bytes/s at which the rolled-back processes re-consume their logged messages: replay time = logged volume / replay_rate. Default 1GB/s (free parameter)."),
  });
  return z.strictObject({
    /** The compute nodes (processors) the job starts on: a group or a list of groups and instance ids. Required. */
    nodes: z
      .union([z.string(), z.array(z.string()).min(1)])
      .describe('The compute nodes (processors) the job starts on: a group, or a list of groups and instance ids, e.g. ["node[0]", "node[1]"].'),
    /** Number of processes P, spread over the nodes in equal consecutive blocks. Default 1 per node. */
    processes: z.int().min(1).optional().describe("Number of processes P, spread over the nodes in equal consecutive blocks (the scenario's pairing rule). Default one per node."),
    /** Duration (s): the job's work W at speed 1, checkpoints and failures excluded. Required. */
    work: v
      .duration()
      .refine((s) => s > 0, { message: "work must be > 0" })
      .describe("The job's work W: failure-free, checkpoint-free run time on nodes of speed 1. Required."),
    /** Size (bytes) of one process's checkpoint image. Default 680MB: DMTCP's RunCMS image (Ansel, Arya, Cooperman, IPDPS 2009). */
    state_per_process: v
      .size()
      .refine((b) => b > 0, { message: "state_per_process must be > 0 bytes" })
      .default(680 * MB)
      .describe("Bytes of one process's checkpoint image (written at each checkpoint, read back at a restart, moved by a migration). Default 680MB: the RunCMS image of DMTCP (Ansel, Arya, Cooperman, IPDPS 2009)."),
    /** The disks holding the checkpoint images (group or instance ids); their write/read bandwidth sets the checkpoint and restart costs. Required. */
    storage: z
      .union([z.string(), z.array(z.string()).min(1)])
      .describe("The disks (kind disk) that hold the checkpoint images: process blocks go to them round-robin; their bandwidth, shared by all the writes, sets the checkpoint time and the restart's read time."),
    /** The network between the nodes, the spares and the storage: images and migrations cross it. Default none (storage local to the I/O path). */
    network: z
      .string()
      .optional()
      .describe("The network joining the nodes, the spares and the storage's nodes (a disk, or its host): checkpoint images and migrations are bulk transfers over it, sharing its links. Default none: images go to the disks without crossing a network; migration then needs one."),
    /** Checkpoint interval policy: fixed (`tau`), young √(2δM), daly (Daly 2006 higher order) or adaptive (Daly with M observed so far). Default daly. */
    interval: z
      .enum(["fixed", "young", "daly", "adaptive"])
      .default("daly")
      .describe("How τ (work between checkpoints) is chosen: `fixed` (`tau`); `young`: √(2δM) (Young, CACM 1974); `daly`: Daly's higher-order estimate (FGCS 2006); `adaptive`: Daly's with M the failure interval observed so far in the run. Default daly."),
    /** Duration (s): τ for `interval: fixed`; required then, and only then. */
    tau: v
      .duration()
      .refine((s) => s > 0, { message: "tau (the checkpoint interval) must be > 0" })
      .optional()
      .describe("The work between checkpoints τ for `interval: fixed` (required with it, refused with the others)."),
    /** Duration (s): platform MTBF M for young/daly; default derived from the nodes' stated failure rates (M = 1/Σλ). */
    mtbf: v
      .duration()
      .refine((s) => s > 0, { message: "mtbf must be > 0" })
      .optional()
      .describe("Platform MTBF M used by young and daly (and adaptive before its first failure). Default: from the stated failure rates of the nodes the job starts on, M = 1/Σλ (each node's mttf/failure and its fail-stop and precursor faults)."),
    /** Duration (s): fixed part of a restart, after its images are read back. Default 2s: DMTCP's restart on 128 cores (Ansel et al. 2009). */
    restart: v
      .duration()
      .default(2)
      .describe("Fixed part of a restart (relaunch, reconnect), added to reading the images back. Default 2s: DMTCP restarts 128 cores / 32 nodes in about 2 s (Ansel, Arya, Cooperman 2009)."),
    /** Duration (s): time to notice a node that stopped without reporting it (hang, silent failure). Default 5s: WSFC 1 s heartbeat × 5 missed. */
    detection: v
      .duration()
      .default(5)
      .describe("Time to notice a node that stopped without reporting it (a hang, its host down): missed heartbeats. Also the retry delay of a restart whose storage is down. Default 5s: WSFC SameSubnetDelay 1 s × SameSubnetThreshold 5."),
    /** Spare nodes (processors) for restarts and migrations; a name that does not exist is an error. Default none. */
    spares: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe("Spare nodes (processors): a failed node's processes restart on an idle one, and a precursor moves them to one ahead of the failure. Without one, the job waits for the node's repair. Default none."),
    /** Whether a precursor moves the node's processes to an idle spare (process migration). Default true (needs `spares` and `network`). */
    migrate: z
      .boolean()
      .default(true)
      .describe("Whether a precursor (announced failure) of a node moves its processes to an idle spare over `network` ahead of the failure. Default true; takes effect with `spares`."),
    /** Duration (s) per process: remapping its hardware addresses (MAC/RDMA) on the target. Default 50ms. Free parameter. */
    remap: v
      .duration()
      .default(0.05)
      .describe("Time per migrated process to remap its hardware addresses (MAC, RDMA) on the target, after its state is copied. Default 50ms (free parameter: no published figure)."),
    /** Windowed message logging `{window, message_rate, replay_rate}`; `off` or absent: none. */
    log: z
      .preprocess((x) => (x === "off" ? undefined : x), log.optional())
      .describe("Windowed message logging `{window, message_rate, replay_rate}`; absent or `off`: none (every failure rolls the whole job back)."),
  });
}

export type CheckpointConfig = z.output<ReturnType<typeof checkpointConfig>>;
export type LogConfig = NonNullable<CheckpointConfig["log"]>;
