/** `ftsim trace`: its definition (options, help); the action is in trace-action.ts and loads only when the command runs. */
import type { Command } from "commander";
import { lazyAction } from "./lazy.js";

/** `ftsim trace`: one replication's faults and state changes as JSON Lines. */
export function registerTraceCommand(cli: Command): void {
  cli
    .command("trace")
    .description("run one replication and write every fault and state change as JSON Lines (same seed, same bytes)")
    .argument("<file>", "scenario file")
    .option("--replication <k>", "which replication (0-based); its draws are those of replication k in `ftsim run`", "0")
    .option("--seed <n>", "master seed (overrides the scenario's)")
    .option("--horizon <duration>", "simulated time (overrides the scenario's), e.g. 1d")
    .option("--components <list>", "keep only these components: ids, group names or * patterns, comma-separated (e.g. service,disk,host[2],network:*)")
    .option("--events <list>", "keep only these events, comma-separated (e.g. down,up,ue)")
    .option("--max-events <n>", "cap on events in the replication (overrides the scenario's limits.max_events); hitting it exits 3")
    .option("--out <file>", "write the trace to this file (atomically) instead of stdout")
    .addHelpText(
      "after",
      "\nThe first line is a header ({\"schema\":\"ftsim.trace/v1\", scenario, seed, replication, horizon_s, warmup_s});\n" +
        "then one record per line: {\"t\": seconds, \"component\", \"event\", \"cause\", \"detail\"?}.\n\n" +
        "Examples:\n  ftsim trace scenarios/hardware-tour.yaml --out trace.jsonl\n  ftsim trace scenarios/hardware-tour.yaml --replication 3 --horizon 1d --events ue,precursor",
    )
    .action(lazyAction(async () => (await import("./trace-action.js")).traceCommand));
}
