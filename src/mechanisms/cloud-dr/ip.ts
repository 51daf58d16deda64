/** IPv4 addresses and CIDR blocks as unsigned 32-bit integers, for the configuration translation. */

/** A CIDR block: `base` (the network address) and its `prefix` length. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address `a.b.c.d` as an integer, or undefined when it is not one. */
export function parseAddress(text: string): number | undefined {
  const m = OCTETS.exec(text.trim());
  if (m === null) return undefined;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/**
 * A block `a.b.c.d/p` (a bare address is a /32), or a reason it is not one:
 * the prefix must be 0–32 and the address must be the block's network
 * address (`10.0.1.0/24`, not `10.0.1.5/24`).
 */
export function parseCidr(text: string): Cidr | string {
  const [addr, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return `expected a CIDR block such as 10.0.1.0/24, got "${text}"`;
  const base = parseAddress(addr ?? "");
  if (base === undefined) return `expected a CIDR block such as 10.0.1.0/24, got "${text}"`;
  const prefix = prefixText === undefined ? 32 : /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= 32)) return `the prefix of "${text}" must be 0 to 32`;
  if ((base & mask(prefix)) >>> 0 !== base) return `"${text}" is not a network address: its host bits are set (did you mean ${formatAddress((base & mask(prefix)) >>> 0)}/${prefix}?)`;
  return { base, prefix };
}

export function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function contains(c: Cidr, address: number): boolean {
  return address >= c.base && address < c.base + size(c);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

export function formatAddress(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join(".");
}

export function formatCidr(c: Cidr): string {
  return `${formatAddress(c.base)}/${c.prefix}`;
}
