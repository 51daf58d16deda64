import type { AllocationPolicy, DeploymentPolicy } from "./config.js";
import type { Fleet, VnfInfo } from "./fleet.js";

/**
 * What the policy engine believes about the NFVI: per host, the resources
 * reserved by the instances assigned to it (deploying or running, as far
 * as it knows), how many instances of each VNF and chain it holds, and
 * whether it may receive work (seen up and not degraded). Placement
 * decisions read only this, never the hardware's state.
 */
export class PlacementView {
  readonly usedCpu: number[];
  readonly usedMemory: number[];
  /** `vnfCount[h][v]`: instances of VNF v assigned to host h. */
  readonly vnfCount: number[][];
  /** `chainCount[h][c]`: instances assigned to host h of VNFs of chain c. */
  readonly chainCount: number[][];
  /** `domainVnf[d][v]`: instances of VNF v assigned to hosts of fault domain d. */
  readonly domainVnf: number[][];
  readonly domainChain: number[][];
  /** Seen up and not degraded. */
  readonly usable: boolean[];

  constructor(readonly fleet: Fleet) {
    const h = fleet.hosts.length;
    const zeros = (n: number) => new Array<number>(n).fill(0);
    this.usedCpu = zeros(h);
    this.usedMemory = zeros(h);
    this.vnfCount = fleet.hosts.map(() => zeros(fleet.vnfs.length));
    this.chainCount = fleet.hosts.map(() => zeros(fleet.chains.length));
    this.domainVnf = Array.from({ length: fleet.domains }, () => zeros(fleet.vnfs.length));
    this.domainChain = Array.from({ length: fleet.domains }, () => zeros(fleet.chains.length));
    this.usable = new Array<boolean>(h).fill(true);
  }

  /** Reserves (delta 1) or releases (delta −1) one instance of `vnf` on host `h`. */
  change(h: number, vnf: VnfInfo, delta: 1 | -1): void {
    const host = this.fleet.hosts[h]!;
    this.usedCpu[h]! += delta * vnf.cpu;
    this.usedMemory[h]! += delta * vnf.memoryBytes;
    this.vnfCount[h]![vnf.index]! += delta;
    this.domainVnf[host.domain]![vnf.index]! += delta;
    for (const c of vnf.chains) {
      this.chainCount[h]![c]! += delta;
      this.domainChain[host.domain]![c]! += delta;
    }
  }

  /** CPU share in use on host h. */
  load(h: number): number {
    return this.usedCpu[h]! / this.fleet.hosts[h]!.cpu;
  }
}

export interface Policies {
  readonly allocation: AllocationPolicy;
  readonly deployment: DeploymentPolicy;
  /** With `headroom`: the share of each host ordinary deployments leave free, in [0, 1). */
  readonly headroom: number;
}

/** Float slack when adding reservations up to a capacity. */
const EPS = 1e-9;

/**
 * Whether host h may take one more instance of `vnf` under the policies:
 * usable, enough free CPU and memory (below the headroom cap for an
 * ordinary deployment under `headroom`; a `recovery` of lost instances may
 * use it), and no instance of the VNF there already under `anti-affinity`.
 */
export function admissible(view: PlacementView, policies: Policies, vnf: VnfInfo, h: number, recovery: boolean): boolean {
  if (!view.usable[h]) return false;
  const host = view.fleet.hosts[h]!;
  const cap = policies.allocation === "headroom" && !recovery ? 1 - policies.headroom : 1;
  if (view.usedCpu[h]! + vnf.cpu > cap * host.cpu + EPS) return false;
  if (view.usedMemory[h]! + vnf.memoryBytes > cap * host.memoryBytes + EPS) return false;
  if (policies.deployment === "anti-affinity" && view.vnfCount[h]![vnf.index]! > 0) return false;
  return true;
}

/**
 * The host for one more instance of `vnf`, or undefined when none is
 * admissible (a capacity shortfall). The deployment policy's preference
 * comes first (`co-locate-chain`: the host holding most instances of the
 * VNF's chains), then the allocation policy's order:
 * - `spread-racks`: fewest instances of the VNF in the host's fault domain,
 *   then fewest of its chains there, then the lowest CPU share;
 * - `headroom`: first fit, in host order;
 * - `least-loaded`: the lowest CPU share.
 * Ties go to the lower host index.
 */
export function chooseHost(view: PlacementView, policies: Policies, vnf: VnfInfo, recovery: boolean): number | undefined {
  let best: number | undefined;
  let bestKey: number[] = [];
  for (let h = 0; h < view.fleet.hosts.length; h++) {
    if (!admissible(view, policies, vnf, h, recovery)) continue;
    const key = sortKey(view, policies, vnf, h);
    if (best === undefined || less(key, bestKey)) {
      best = h;
      bestKey = key;
    }
  }
  return best;
}

function sortKey(view: PlacementView, policies: Policies, vnf: VnfInfo, h: number): number[] {
  const key: number[] = [];
  if (policies.deployment === "co-locate-chain") {
    let affinity = 0;
    for (const c of vnf.chains) affinity += view.chainCount[h]![c]!;
    key.push(-affinity);
  }
  const d = view.fleet.hosts[h]!.domain;
  switch (policies.allocation) {
    case "spread-racks": {
      let chainsThere = 0;
      for (const c of vnf.chains) chainsThere += view.domainChain[d]![c]!;
      key.push(view.domainVnf[d]![vnf.index]!, chainsThere, view.load(h));
      break;
    }
    case "headroom":
      break; // first fit: the host index decides
    case "least-loaded":
      key.push(view.load(h));
      break;
  }
  return key;
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]! - EPS) return true;
    if (a[i]! > b[i]! + EPS) return false;
  }
  return false;
}
