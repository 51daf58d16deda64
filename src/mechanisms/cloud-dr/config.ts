import { z } from "zod";
import { suggest } from "../../math/did-you-mean.js";
import type { ConfigVocabulary } from "../mechanism.js";
import { contains, overlaps, parseAddress, parseCidr, type Cidr } from "./ip.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Config of a `cloud-dr` entry: a primary site's servers and their network
 * configuration, replicated to a recovery site in a cloud and recovered
 * there after a site disaster (docs/mechanisms/cloud-dr.md).
 */
export function cloudDrConfig(v: ConfigVocabulary) {
  const subnet = z.strictObject({
    name: z.string().regex(NAME, "a subnet name: letters, digits, - and _").describe("Name of the subnet, referred to by its servers."),
    cidr: z.string().describe("The subnet's block at the primary site, e.g. 10.0.1.0/24."),
    gateway: z.string().optional().describe("The subnet's default gateway, an address inside it."),
    dns: z.array(z.string()).default([]).describe("The DNS servers its servers use by default (addresses, inside or outside the primary's subnets)."),
  });
  const server = z.strictObject({
    name: z.string().regex(NAME, "a server name: letters, digits, - and _").describe("Name of the server (metrics `<server>.rto_s`)."),
    subnet: z.string().describe("The subnet it sits in (a name of `subnets`)."),
    address: z.string().describe("Its address, inside its subnet."),
    dns: z.array(z.string()).optional().describe("Its DNS servers, if not its subnet's."),
    peers: z.array(z.string()).default([]).describe("Addresses it is configured to reach (a database, a cache...): rewritten by the translation."),
    depends_on: z.array(z.string()).default([]).describe("Servers that must be running at the recovery site before it is deployed (a database before the application that uses it)."),
    os: z.enum(["linux", "windows"]).default("linux").describe("Its operating system, which sets the default boot time."),
    boot: v.fixedOrDistribution().optional().describe("Time to launch and boot it at the recovery site. Default: linux_boot or windows_boot, by its os."),
  });
  return z
    .strictObject({
      site: z.string().describe("The primary site (a component of kind site): its failure is the disaster."),
      replicator: z.string().describe("The replication agent at the primary site (a node of `network`, or inside one) that ships the servers' writes and sends heartbeats."),
      recovery: z.string().describe("The staging node at the recovery site (a node of `network`, or inside one) that receives the replication and watches the heartbeats."),
      network: z.string().default("wan").describe("The network carrying replication and heartbeats. Default wan."),
      write_rate: v.rate().default(10e6).describe("The servers' total write rate, bytes/s, replicated continuously. Default 10MB/s (the AWS DRS RPO page's example)."),
      checkpoint: v.duration().refine((s) => s > 0, "the checkpoint interval must be > 0").default(5).describe("Interval of the crash-consistent checkpoints of the replicated journal: the recovery point is the newest checkpoint complete at the recovery site. Default 5s (Zerto: a checkpoint \"every few seconds\")."),
      period: v.duration().refine((s) => s > 0, "the heartbeat period must be > 0").default(1).describe("Heartbeat period from the replicator to the recovery site. Default 1s (WSFC CrossSubnetDelay)."),
      missed: z.int().min(1).default(5).describe("Missed beats before the recovery site raises the disaster alarm. Default 5 (WSFC CrossSubnetThreshold)."),
      declare_delay: v.fixedOrDistribution().default({ kind: "deterministic", value: 0 }).describe("Time from the alarm to the disaster's declaration (an operator's decision). Free parameter, default 0."),
      object_time: v.fixedOrDistribution().default({ kind: "deterministic", value: 30 }).describe("Time to create one network object of the recovery environment (network, subnet, route table), created one after another. Free parameter (not found in the references), default 30s."),
      linux_boot: v.fixedOrDistribution().default({ kind: "deterministic", value: 300 }).describe("Launch-and-boot time of a linux server without its own `boot`. Default 5min (AWS Elastic Disaster Recovery: Linux servers boot within 5 minutes)."),
      windows_boot: v.fixedOrDistribution().default({ kind: "deterministic", value: 1200 }).describe("Launch-and-boot time of a windows server without its own `boot`. Default 20min (AWS Elastic Disaster Recovery: Windows servers boot within 20 minutes)."),
      parallelism: z.int().min(1).default(4).describe("How many servers may be launching and booting at once at the recovery site. Free parameter, default 4."),
      recovered_by: v.duration().optional().describe("`servers_recovered` counts the servers running within this time of the disaster (sweep it for the recovery curve). Default: by the end of the run."),
      subnets: z.array(subnet).min(1).describe("The primary site's subnets."),
      servers: z.array(server).min(1).describe("The primary site's servers, in the order they are deployed when several are ready."),
      subnet_map: z.array(z.strictObject({ from: z.string().describe("A block at the primary site."), to: z.string().describe("The block it becomes at the recovery site (same size).") })).default([]).describe("The subnet mapping: each primary subnet inside a `from` block moves to the same offset in its `to` block; an unmapped subnet keeps its block."),
      recovery_in_use: z.array(z.string()).default([]).describe("Blocks and addresses (a /32 or a bare address) already in use at the recovery site: a translated subnet or address that overlaps one is remapped, never reused."),
      recovery_pool: z.string().default("100.64.0.0/10").describe("Where a conflicting subnet is remapped: the first free block of its size in this pool. Default 100.64.0.0/10 (RFC 6598 shared address space)."),
    })
    .superRefine((c, ctx) => checkConfig(c, ctx));
}

type Raw = {
  subnets: { name: string; cidr: string; gateway?: string | undefined; dns: string[] }[];
  servers: { name: string; subnet: string; address: string; dns?: string[] | undefined; peers: string[]; depends_on: string[] }[];
  subnet_map: { from: string; to: string }[];
  recovery_in_use: string[];
  recovery_pool: string;
};

function checkConfig(c: Raw, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const cidrAt = (text: string, path: (string | number)[]): Cidr | undefined => {
    const r = parseCidr(text);
    if (typeof r === "string") {
      issue(path, r);
      return undefined;
    }
    return r;
  };
  const addressAt = (text: string, path: (string | number)[]): number | undefined => {
    const a = parseAddress(text);
    if (a === undefined) issue(path, `expected an IPv4 address such as 10.0.1.10, got "${text}"`);
    return a;
  };
  // Subnets: valid, distinct, not overlapping; gateways inside.
  const blocks = c.subnets.map((s, i) => cidrAt(s.cidr, ["subnets", i, "cidr"]));
  const names = c.subnets.map((s) => s.name);
  c.subnets.forEach((s, i) => {
    if (names.indexOf(s.name) !== i) issue(["subnets", i, "name"], `subnet "${s.name}" is defined twice`);
    const b = blocks[i];
    for (let j = 0; j < i; j++) {
      const o = blocks[j];
      if (b && o && overlaps(b, o)) issue(["subnets", i, "cidr"], `subnet ${s.name} (${s.cidr}) overlaps subnet ${c.subnets[j]!.name} (${c.subnets[j]!.cidr})`);
    }
    if (s.gateway !== undefined) {
      const g = addressAt(s.gateway, ["subnets", i, "gateway"]);
      if (g !== undefined && b && !contains(b, g)) issue(["subnets", i, "gateway"], `the gateway ${s.gateway} is outside its subnet ${s.name} (${s.cidr})`);
    }
    s.dns.forEach((d, k) => addressAt(d, ["subnets", i, "dns", k]));
  });
  // Servers: a known subnet, an address inside it and not taken, known dependencies.
  const serverNames = c.servers.map((s) => s.name);
  const taken = new Map<number, string>();
  c.servers.forEach((s, i) => {
    if (serverNames.indexOf(s.name) !== i) issue(["servers", i, "name"], `server "${s.name}" is defined twice`);
    const k = names.indexOf(s.subnet);
    if (k < 0) {
      const hint = suggest(s.subnet, names);
      issue(["servers", i, "subnet"], `no subnet named "${s.subnet}"` + (hint ? `; did you mean "${hint}"?` : `; the subnets are ${names.join(", ")}`));
    }
    const a = addressAt(s.address, ["servers", i, "address"]);
    const b = k >= 0 ? blocks[k] : undefined;
    if (a !== undefined && b && !contains(b, a)) issue(["servers", i, "address"], `the address ${s.address} is outside its subnet ${s.subnet} (${c.subnets[k]!.cidr})`);
    if (a !== undefined) {
      if (taken.has(a)) issue(["servers", i, "address"], `the address ${s.address} is also ${taken.get(a)}'s`);
      else taken.set(a, s.name);
    }
    s.dns?.forEach((d, j) => addressAt(d, ["servers", i, "dns", j]));
    s.peers.forEach((p, j) => addressAt(p, ["servers", i, "peers", j]));
    s.depends_on.forEach((d, j) => {
      if (serverNames.includes(d)) return;
      const hint = suggest(d, serverNames);
      issue(["servers", i, "depends_on", j], `no server named "${d}"` + (hint ? `; did you mean "${hint}"?` : ""));
    });
  });
  const cycle = dependencyCycle(c.servers);
  if (cycle !== undefined) {
    const at = serverNames.indexOf(cycle[0]!);
    issue(["servers", at, "depends_on"], `a dependency cycle: ${cycle.join(" → ")}; servers can be deployed only in an order where each comes after what it depends on`);
  }
  // The mapping: valid blocks of equal size, no two overlapping on either side.
  const maps = c.subnet_map.map((m, i) => ({ from: cidrAt(m.from, ["subnet_map", i, "from"]), to: cidrAt(m.to, ["subnet_map", i, "to"]) }));
  maps.forEach((m, i) => {
    if (m.from && m.to && m.from.prefix !== m.to.prefix) issue(["subnet_map", i, "to"], `${c.subnet_map[i]!.to} is not the size of ${c.subnet_map[i]!.from}; a mapping keeps each address's offset, so both blocks need the same prefix`);
    for (let j = 0; j < i; j++) {
      const o = maps[j]!;
      if (m.from && o.from && overlaps(m.from, o.from)) issue(["subnet_map", i, "from"], `mapping ${i} (${c.subnet_map[i]!.from}) overlaps mapping ${j} (${c.subnet_map[j]!.from}): an address would have two destinations`);
      if (m.to && o.to && overlaps(m.to, o.to)) issue(["subnet_map", i, "to"], `mapping ${i}'s target ${c.subnet_map[i]!.to} overlaps mapping ${j}'s target ${c.subnet_map[j]!.to}: two blocks would land on the same addresses`);
    }
  });
  c.recovery_in_use.forEach((u, i) => {
    const text = u.includes("/") ? u : `${u}/32`;
    cidrAt(text, ["recovery_in_use", i]);
  });
  cidrAt(c.recovery_pool, ["recovery_pool"]);
}

/** A cycle of `depends_on` (its names, the first repeated at the end), or undefined. */
export function dependencyCycle(servers: readonly { name: string; depends_on: readonly string[] }[]): string[] | undefined {
  const byName = new Map(servers.map((s) => [s.name, s]));
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const s = state.get(name);
    if (s === 2) return undefined;
    if (s === 1) return [...path.slice(path.indexOf(name)), name];
    state.set(name, 1);
    path.push(name);
    for (const d of byName.get(name)?.depends_on ?? []) {
      if (!byName.has(d)) continue;
      const found = visit(d);
      if (found) return found;
    }
    path.pop();
    state.set(name, 2);
    return undefined;
  };
  for (const s of servers) {
    const found = visit(s.name);
    if (found) return found;
  }
  return undefined;
}

export type CloudDrConfig = z.output<ReturnType<typeof cloudDrConfig>>;
