import { describe, expect, it } from "vitest";
import { formatAddress, formatCidr, parseCidr } from "../../../src/mechanisms/cloud-dr/ip.js";
import { networkObjects, translate, type TranslationInput } from "../../../src/mechanisms/cloud-dr/translation.js";

// A hand-made primary site whose mapping lands two subnets on a block already in use at the
// recovery site, and one server on an address in use there.
const input: TranslationInput = {
  subnets: [
    { name: "mgmt", cidr: "10.0.0.0/24", gateway: "10.0.0.1", dns: ["10.0.0.53", "8.8.8.8"] },
    { name: "web", cidr: "10.0.1.0/24", gateway: "10.0.1.1", dns: ["10.0.0.53"] },
    { name: "app", cidr: "10.0.2.0/24", gateway: "10.0.2.1", dns: ["10.0.0.53"] },
    { name: "db", cidr: "10.0.3.0/25", gateway: "10.0.3.1", dns: ["10.0.0.53"] },
  ],
  servers: [
    { name: "dns1", subnet: "mgmt", address: "10.0.0.53", peers: [] },
    { name: "web1", subnet: "web", address: "10.0.1.10", peers: ["10.0.2.20"] },
    { name: "web2", subnet: "web", address: "10.0.1.11", peers: ["10.0.2.20"] },
    { name: "app1", subnet: "app", address: "10.0.2.20", peers: ["10.0.3.5", "10.0.3.99"] },
    { name: "db1", subnet: "db", address: "10.0.3.5", dns: ["10.0.0.53", "1.1.1.1"], peers: [] },
  ],
  subnet_map: [{ from: "10.0.0.0/22", to: "10.20.0.0/22" }],
  recovery_in_use: ["10.20.2.0/23", "10.20.1.10"],
  recovery_pool: "10.99.0.0/16",
};

describe("cloud-dr translation (hand-computed)", () => {
  const t = translate(input);
  const server = (name: string) => t.servers.find((s) => s.name === name)!;

  it("moves each subnet by the mapping, and the two that land on 10.20.2.0/23 (in use) into the pool", () => {
    expect(t.subnets.map((s) => [s.name, formatCidr(s.to)])).toEqual([
      ["mgmt", "10.20.0.0/24"],
      ["web", "10.20.1.0/24"],
      ["app", "10.99.0.0/24"], // the pool's first free /24
      ["db", "10.99.1.0/25"], // the first /25 that overlaps neither the block in use nor app's new /24
    ]);
    expect(t.subnets.map((s) => formatAddress(s.gateway!))).toEqual(["10.20.0.1", "10.20.1.1", "10.99.0.1", "10.99.1.1"]);
  });

  it("keeps each address's offset, except web1, whose target 10.20.1.10 is in use: it takes the next free one (10.20.1.11 is web2's)", () => {
    expect(t.servers.map((s) => [s.name, formatAddress(s.address)])).toEqual([
      ["dns1", "10.20.0.53"],
      ["web1", "10.20.1.12"],
      ["web2", "10.20.1.11"],
      ["app1", "10.99.0.20"],
      ["db1", "10.99.1.5"],
    ]);
  });

  it("rewrites every reference: gateways, DNS servers, peers; addresses outside the primary's subnets are unchanged", () => {
    expect(formatAddress(server("web1").gateway!)).toBe("10.20.1.1");
    expect(server("dns1").dns.map(formatAddress)).toEqual(["10.20.0.53", "8.8.8.8"]);
    expect(server("db1").dns.map(formatAddress)).toEqual(["10.20.0.53", "1.1.1.1"]);
    expect(server("web1").peers.map(formatAddress)).toEqual(["10.99.0.20"]);
    // A peer in a primary subnet that no server holds moves with its subnet.
    expect(server("app1").peers.map(formatAddress)).toEqual(["10.99.1.5", "10.99.1.99"]);
  });

  it("reports each move as a conflict, and uses no address twice or one in use", () => {
    expect(t.conflicts.map((c) => [c.kind, c.name, c.mapped, c.with, c.to])).toEqual([
      ["subnet", "app", "10.20.2.0/24", "10.20.2.0/23", "10.99.0.0/24"],
      ["subnet", "db", "10.20.3.0/25", "10.20.2.0/23", "10.99.1.0/25"],
      ["address", "web1", "10.20.1.10", "an address in use at the recovery site", "10.20.1.12"],
    ]);
    const used = [...t.addresses.values()];
    expect(new Set(used).size).toBe(used.length);
    expect(used.map(formatAddress)).not.toContain("10.20.1.10");
    const inUse = parseCidr("10.20.2.0/23") as { base: number; prefix: number };
    for (const a of used) expect(a >= inUse.base && a < inUse.base + 512).toBe(false);
  });

  it("needs the network, four subnets and four route tables", () => {
    expect(networkObjects(t)).toEqual([
      "network",
      "subnet mgmt 10.20.0.0/24",
      "route-table mgmt via 10.20.0.1",
      "subnet web 10.20.1.0/24",
      "route-table web via 10.20.1.1",
      "subnet app 10.99.0.0/24",
      "route-table app via 10.99.0.1",
      "subnet db 10.99.1.0/25",
      "route-table db via 10.99.1.1",
    ]);
  });

  it("without conflicts, is the plain mapping", () => {
    const plain = translate({ ...input, recovery_in_use: [] });
    expect(plain.conflicts).toEqual([]);
    expect(plain.servers.map((s) => formatAddress(s.address))).toEqual(["10.20.0.53", "10.20.1.10", "10.20.1.11", "10.20.2.20", "10.20.3.5"]);
  });
});
