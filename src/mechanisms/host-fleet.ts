/** Small pieces the placement mechanisms (nfv-policy, self-migration, live-migration) share about hosts. */
import type { Component } from "../hardware/component.js";
import { Processor } from "../hardware/processor.js";

/** Every processor inside `host`, at any depth, in declaration order: what runs the host's work. */
export function processorsIn(host: Component): Processor[] {
  const found: Processor[] = [];
  const walk = (c: Component): void => {
    for (const m of c.members) {
      if (m instanceof Processor) found.push(m);
      walk(m);
    }
  };
  walk(host);
  return found;
}

/** Whether `node` is `container` or inside it, at any depth. */
export function isWithin(node: Component, container: Component): boolean {
  if (node === container) return true;
  return node.containers.some((c) => isWithin(c, container));
}

/** A memory size for a message, in GiB with four significant digits (`1.5GiB`). */
export function gib(bytes: number): string {
  return `${+(bytes / 2 ** 30).toPrecision(4)}GiB`;
}
