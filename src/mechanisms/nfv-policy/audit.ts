import type { Policies } from "./policies.js";
import type { Fleet, VnfInfo } from "./fleet.js";

/**
 * An independent ledger of the policy engine's assignments, kept apart
 * from the PlacementView the policies decide on, so that a placement that
 * breaks a rule is counted even when the bug is in the view's bookkeeping:
 * an instance assigned to a host without room for it (CPU or memory), two
 * instances of one VNF on one host under `anti-affinity`, an ordinary
 * deployment into the reserve under `headroom`, or work sent to a host the
 * engine had seen down or degraded. The `policy_violations` metric.
 */
export class PolicyAudit {
  private readonly cpu: number[];
  private readonly memory: number[];
  private readonly count: Map<number, number>[];
  violations = 0;

  constructor(
    private readonly fleet: Fleet,
    private readonly policies: Policies,
  ) {
    this.cpu = fleet.hosts.map(() => 0);
    this.memory = fleet.hosts.map(() => 0);
    this.count = fleet.hosts.map(() => new Map());
  }

  /** Records one assignment and returns how many rules it broke (0 for a sound placement). */
  assign(h: number, vnf: VnfInfo, recovery: boolean, usable: boolean): number {
    const host = this.fleet.hosts[h]!;
    this.cpu[h]! += vnf.cpu;
    this.memory[h]! += vnf.memoryBytes;
    const n = (this.count[h]!.get(vnf.index) ?? 0) + 1;
    this.count[h]!.set(vnf.index, n);
    const reserve = this.policies.allocation === "headroom" && !recovery ? this.policies.headroom : 0;
    let broken = 0;
    if (this.cpu[h]! > host.cpu * (1 - reserve) * (1 + 1e-12) || this.memory[h]! > host.memoryBytes * (1 - reserve) * (1 + 1e-12)) broken++;
    if (this.policies.deployment === "anti-affinity" && n > 1) broken++;
    if (!usable) broken++;
    this.violations += broken;
    return broken;
  }

  /** Records the release of one assignment (retired, or lost with its host). */
  release(h: number, vnf: VnfInfo): void {
    this.cpu[h]! -= vnf.cpu;
    this.memory[h]! -= vnf.memoryBytes;
    const n = (this.count[h]!.get(vnf.index) ?? 0) - 1;
    if (n < 0) throw new Error(`nfv-policy audit: release of an instance of ${vnf.name} never assigned to ${this.fleet.hosts[h]!.component.id}`);
    this.count[h]!.set(vnf.index, n);
  }
}
