import { StatusSignal } from "../hardware/status.js";

/**
 * A service structure with every name already resolved to a signal:
 * a leaf, or a k-of-n gate (series is n-of-n, parallel is 1-of-n).
 */
export type StructureNode =
  | { kind: "leaf"; signal: StatusSignal }
  | { kind: "gate"; k: number; children: readonly StructureNode[] };

class Gate {
  upCount = 0;
  up = false;
  constructor(
    readonly k: number,
    private readonly notify: (up: boolean, now: number) => void,
  ) {}

  childChanged(childUp: boolean, now: number): void {
    this.upCount += childUp ? 1 : -1;
    const up = this.upCount >= this.k;
    if (up !== this.up) {
      this.up = up;
      this.notify(up, now);
    }
  }
}

/**
 * Evaluates a structure incrementally: each gate counts its live children,
 * so a component change costs O(depth), not O(size), whatever the system's size.
 * Returns the signal of the whole service.
 */
export function evaluateStructure(root: StructureNode, name = "service"): StatusSignal {
  if (root.kind === "leaf") return root.signal;
  const output = new StatusSignal(name, true);
  const rootGate = wire(root, (up, now) => output.set(up, now));
  output.set(rootGate.up, 0);
  return output;
}

function wire(node: StructureNode & { kind: "gate" }, notify: (up: boolean, now: number) => void): Gate {
  if (node.k < 1 || node.k > node.children.length) {
    throw new RangeError(`k-of-n gate needs 1 <= k <= n, got k=${node.k}, n=${node.children.length}`);
  }
  const gate = new Gate(node.k, notify);
  for (const child of node.children) {
    if (child.kind === "leaf") {
      if (child.signal.up) gate.upCount++;
      child.signal.onChange((up, now) => gate.childChanged(up, now));
    } else {
      const childGate = wire(child, (up, now) => gate.childChanged(up, now));
      if (childGate.up) gate.upCount++;
    }
  }
  gate.up = gate.upCount >= gate.k;
  return gate;
}
