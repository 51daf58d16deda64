import { drawer, makeDistribution } from "../../engine/distributions.js";
import { ModelReferenceError, resolveNetwork, containersOfKind, resolveExactlyOne } from "../../hardware/inventory.js";
import type { MechanismDefinition } from "../mechanism.js";
import { fileserverFailoverConfig, type FileserverFailoverConfig } from "./config.js";
import { FileserverFailover } from "./failover.js";
import { WriteLoad } from "./write-load.js";

export const fileserverFailover: MechanismDefinition<FileserverFailoverConfig> = {
  type: "fileserver-failover",
  summary: "a share replicated by snapshots every S over a WAN to a file server at another site; heartbeat detection, promotion, directory/DNS redirect after the TTL, failback by reverse replication",
  configSchema: fileserverFailoverConfig,
  metrics: [
    { name: "rpo_s", unit: "s", description: "mean data-loss window at a failover in the window: from the point in time of the destination's newest complete snapshot to the loss of the source (0 for a planned failover)" },
    { name: "data_loss_bytes", unit: "bytes", description: "bytes written to the source and never replicated, summed over the failovers in the window" },
    { name: "rto_s", unit: "s", description: "mean time a client could not reach the share at a failover (loss of the source to the client's redirect), over clients and failovers in the window" },
    { name: "rto_max_s", unit: "s", description: "mean over failovers of the last client's time without the share (all clients back)" },
    { name: "<client>.rto_s", unit: "s", description: "per client (c0, c1, ...): its mean time without the share over the failovers in the window" },
    { name: "detection_time_s", unit: "s", description: "mean time from the loss of the source to the destination's heartbeat timeout, over unplanned failovers in the window" },
    { name: "failovers", unit: "count", description: "failovers completed (every client redirected) whose loss fell in the window, planned ones included", direction: "none" },
    { name: "failbacks", unit: "count", description: "failbacks to the source completed in the window", direction: "none" },
    { name: "failback_time_s", unit: "s", description: "mean time from the start of a failback (reverse replication) to the last client redirected to the source" },
    { name: "replication_lag_s", unit: "s", description: "mean time from a snapshot's point in time to its last byte at the destination, over snapshots completed in the window", direction: "lower-is-better" },
    { name: "snapshots_behind", unit: "count", description: "mean number of snapshots taken but not complete at the destination when the source was lost, over failovers in the window", direction: "lower-is-better" },
  ],
  build(ctx, name, config) {
    const source = resolveExactlyOne(ctx.inventory, config.source, "source", "one file server");
    const destination = resolveExactlyOne(ctx.inventory, config.destination, "destination", "one file server");
    if (source === destination) throw new ModelReferenceError(`the destination is the source (${source.id}); expected a file server at another site`, ["destination"]);
    const shared = containersOfKind(source, "site").filter((s) => containersOfKind(destination, "site").includes(s));
    if (shared.length > 0) {
      throw new ModelReferenceError(
        `the destination ${destination.id} is on the same site as the source ${source.id} (${shared[0]!.id}); a site fault would take both: expected a destination in another site (in: <another site>)`,
        ["destination"],
      );
    }
    const network = resolveNetwork(ctx.networks, config.network, ["network"]);
    const nodes = [source, destination].map((c, i) => {
      const node = network.nodeFor(c);
      if (node === undefined) {
        const field = i === 0 ? "source" : "destination";
        throw new ModelReferenceError(`${c.id} cannot reach network "${config.network}": neither it nor a container of it is joined by a link of that network`, [field]);
      }
      return node;
    });
    if (nodes[0] === nodes[1]) throw new ModelReferenceError(`source and destination reach network "${config.network}" through the same node ${nodes[0]!.id}`, ["destination"]);
    if ((config.burst_rate === undefined) !== (config.burst_every === undefined)) {
      throw new ModelReferenceError("give both burst_rate and burst_every for bursty writes, or neither", [config.burst_rate === undefined ? "burst_rate" : "burst_every"]);
    }
    const load = new WriteLoad(ctx.sim, {
      baseRate: config.write_rate,
      bursts:
        config.burst_rate !== undefined && config.burst_every !== undefined
          ? { rate: config.burst_rate, meanGapS: config.burst_every, length: makeDistribution(config.burst_duration), stream: ctx.streams.stream(`${name}/bursts`) }
          : undefined,
    });
    const phaseStream = ctx.streams.stream(`${name}/ttl-phase`);
    const phases = Array.from({ length: config.clients }, () => phaseStream.next() * config.ttl);
    return new FileserverFailover(ctx, name, {
      servers: [source, destination],
      nodes,
      network,
      load,
      promotion: drawer(config.promotion, () => ctx.streams.stream(`${name}/promotion`)),
      directoryUpdate: drawer(config.directory_update, () => ctx.streams.stream(`${name}/directory`)),
      phases,
    }, config);
  },
};
