import { ModelReferenceError } from "../../hardware/inventory.js";
import { contains, formatAddress, formatCidr, overlaps, parseAddress, parseCidr, size, type Cidr } from "./ip.js";

/** What the translation reads of the config (already checked by its schema). */
export interface TranslationInput {
  readonly subnets: readonly { name: string; cidr: string; gateway?: string | undefined; dns: readonly string[] }[];
  readonly servers: readonly { name: string; subnet: string; address: string; dns?: readonly string[] | undefined; peers: readonly string[] }[];
  readonly subnet_map: readonly { from: string; to: string }[];
  readonly recovery_in_use: readonly string[];
  readonly recovery_pool: string;
}

/** A subnet or an address that could not keep its mapped place at the recovery site. */
export interface Conflict {
  readonly kind: "subnet" | "address";
  /** The subnet or server (or `<subnet> gateway`) concerned. */
  readonly name: string;
  /** Where the mapping would have put it. */
  readonly mapped: string;
  /** What it collided with. */
  readonly with: string;
  /** Where it went instead. */
  readonly to: string;
}

export interface TranslatedSubnet {
  readonly name: string;
  readonly from: Cidr;
  readonly to: Cidr;
  readonly gateway: number | undefined;
}

export interface TranslatedServer {
  readonly name: string;
  readonly subnet: string;
  readonly from: number;
  readonly address: number;
  readonly gateway: number | undefined;
  readonly dns: readonly number[];
  readonly peers: readonly number[];
}

export interface Translation {
  readonly subnets: readonly TranslatedSubnet[];
  readonly servers: readonly TranslatedServer[];
  readonly conflicts: readonly Conflict[];
  /** Every primary address the configuration mentions, to its recovery address. */
  readonly addresses: ReadonlyMap<number, number>;
}

const cidr = (text: string): Cidr => parseCidr(text.includes("/") ? text : `${text}/32`) as Cidr;
const addr = (text: string): number => parseAddress(text)!;

/**
 * Translates the primary site's network configuration into the recovery
 * site's: each subnet moves by the subnet mapping (or stays put); a subnet
 * whose target overlaps a block in use at the recovery site (or another
 * translated subnet) is remapped to the first free block of its size in
 * the pool; a gateway or server address whose target is in use, or already
 * given, moves to the next free host address of its subnet; then every
 * reference (gateways, DNS servers, peers) is rewritten through the same
 * address map. Nothing is silently reused: each move is a `Conflict`.
 * @throws {ModelReferenceError} when a subnet straddles a mapping's edge, or the pool or a subnet is full
 */
export function translate(input: TranslationInput): Translation {
  const inUse = input.recovery_in_use.map((u) => ({ text: u, block: cidr(u) }));
  const usedBlocks = inUse.filter((u) => u.block.prefix < 32);
  const usedAddresses = new Set(inUse.filter((u) => u.block.prefix === 32).map((u) => u.block.base));
  const maps = input.subnet_map.map((m) => ({ from: cidr(m.from), to: cidr(m.to) }));
  const pool = cidr(input.recovery_pool);
  const conflicts: Conflict[] = [];

  // 1. Subnets.
  const subnets: { name: string; from: Cidr; to: Cidr; gatewayFrom: number | undefined }[] = [];
  input.subnets.forEach((s, i) => {
    const from = cidr(s.cidr);
    const m = maps.find((x) => overlaps(x.from, from));
    if (m !== undefined && !(contains(m.from, from.base) && contains(m.from, from.base + size(from) - 1))) {
      throw new ModelReferenceError(`subnet ${s.name} (${s.cidr}) straddles the edge of the mapping from ${formatCidr(m.from)}; map it whole`, ["subnets", i, "cidr"]);
    }
    const mapped: Cidr = m === undefined ? from : { base: m.to.base + (from.base - m.from.base), prefix: from.prefix };
    const clash = (b: Cidr): string | undefined => {
      const used = usedBlocks.find((u) => overlaps(u.block, b));
      if (used !== undefined) return used.text;
      const other = subnets.find((t) => overlaps(t.to, b));
      return other === undefined ? undefined : `translated subnet ${other.name}`;
    };
    const hit = clash(mapped);
    let to = mapped;
    if (hit !== undefined) {
      const step = size(from);
      let found: Cidr | undefined;
      for (let base = pool.base; base + step <= pool.base + size(pool); base += step) {
        const candidate = { base, prefix: from.prefix };
        if (clash(candidate) === undefined && !inUse.some((u) => overlaps(u.block, candidate))) {
          found = candidate;
          break;
        }
      }
      if (found === undefined) throw new ModelReferenceError(`subnet ${s.name} conflicts with ${hit} at the recovery site and recovery_pool ${input.recovery_pool} has no free /${from.prefix}`, ["recovery_pool"]);
      to = found;
      conflicts.push({ kind: "subnet", name: s.name, mapped: formatCidr(mapped), with: hit, to: formatCidr(to) });
    }
    subnets.push({ name: s.name, from, to, gatewayFrom: s.gateway === undefined ? undefined : addr(s.gateway) });
  });

  // 2. Addresses: gateways first, then servers; a clash moves to the next free host of the subnet.
  const addresses = new Map<number, number>();
  const given = new Set<number>();
  const shift = (a: number, s: { from: Cidr; to: Cidr }) => s.to.base + (a - s.from.base);
  const free = (a: number, s: { to: Cidr }) => !usedAddresses.has(a) && !given.has(a) && a !== s.to.base && a !== s.to.base + size(s.to) - 1;
  const place = (name: string, a: number, s: { name: string; from: Cidr; to: Cidr }): number => {
    const mapped = shift(a, s);
    if (free(mapped, s)) return mapped;
    const hosts = size(s.to);
    for (let k = 1; k < hosts; k++) {
      const candidate = s.to.base + ((mapped - s.to.base + k) % hosts);
      if (free(candidate, s)) {
        conflicts.push({ kind: "address", name, mapped: formatAddress(mapped), with: usedAddresses.has(mapped) ? "an address in use at the recovery site" : "an address already given", to: formatAddress(candidate) });
        return candidate;
      }
    }
    throw new ModelReferenceError(`subnet ${s.name} has no free address left at the recovery site (${formatCidr(s.to)}) for ${name}`, ["subnets"]);
  };
  const assign = (name: string, a: number, s: { name: string; from: Cidr; to: Cidr }) => {
    const to = place(name, a, s);
    given.add(to);
    addresses.set(a, to);
  };
  for (const s of subnets) if (s.gatewayFrom !== undefined) assign(`${s.name} gateway`, s.gatewayFrom, s);
  const subnetOf = new Map(subnets.map((s) => [s.name, s]));
  // Addresses that keep their offset first, so that one moved by a clash never takes another's place.
  const servers = input.servers.map((v) => ({ v, from: addr(v.address), s: subnetOf.get(v.subnet)! }));
  const clean = servers.filter(({ from, s }) => free(shift(from, s), s) && servers.filter((o) => shift(o.from, o.s) === shift(from, s)).length === 1);
  for (const { v, from, s } of clean) assign(v.name, from, s);
  for (const { v, from, s } of servers) if (!addresses.has(from)) assign(v.name, from, s);

  // 3. References.
  const rewrite = (a: number): number => {
    const known = addresses.get(a);
    if (known !== undefined) return known;
    const s = subnets.find((x) => contains(x.from, a));
    return s === undefined ? a : shift(a, s); // outside the primary's subnets (a public resolver): unchanged
  };
  const translatedServers: TranslatedServer[] = servers.map(({ v, from, s }) => {
    const primary = input.subnets.find((x) => x.name === v.subnet)!;
    return {
      name: v.name,
      subnet: v.subnet,
      from,
      address: addresses.get(from)!,
      gateway: s.gatewayFrom === undefined ? undefined : addresses.get(s.gatewayFrom),
      dns: (v.dns ?? primary.dns).map((d) => rewrite(addr(d))),
      peers: v.peers.map((p) => rewrite(addr(p))),
    };
  });
  return {
    subnets: subnets.map((s) => ({ name: s.name, from: s.from, to: s.to, gateway: s.gatewayFrom === undefined ? undefined : addresses.get(s.gatewayFrom) })),
    servers: translatedServers,
    conflicts,
    addresses,
  };
}

/** The network objects the recovery environment needs: the network, then per subnet the subnet and (with a gateway) its route table. */
export function networkObjects(t: Translation): string[] {
  const objects = ["network"];
  for (const s of t.subnets) {
    objects.push(`subnet ${s.name} ${formatCidr(s.to)}`);
    if (s.gateway !== undefined) objects.push(`route-table ${s.name} via ${formatAddress(s.gateway)}`);
  }
  return objects;
}
