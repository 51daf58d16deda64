import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { StatusSignal } from "../../src/hardware/status.js";
import { evaluateStructure, type StructureNode } from "../../src/metrics/structure.js";

const leaf = (signal: StatusSignal): StructureNode => ({ kind: "leaf", signal });
const gate = (k: number, children: StructureNode[]): StructureNode => ({ kind: "gate", k, children });
const series = (...children: StructureNode[]) => gate(children.length, children);
const parallel = (...children: StructureNode[]) => gate(1, children);
const signals = (n: number) => Array.from({ length: n }, (_, i) => new StatusSignal(`c${i}`));

/** The service signal and a log of its changes as [time, up]. */
function evaluate(root: StructureNode) {
  const service = evaluateStructure(root);
  const trace: [number, boolean][] = [];
  service.onChange((up, now) => trace.push([now, up]));
  return { service, trace };
}

describe("evaluateStructure", () => {
  it("returns the leaf's own signal when the structure is a single leaf", () => {
    const [a] = signals(1);
    expect(evaluateStructure(leaf(a!))).toBe(a);
  });

  it("takes a series down when any member goes down", () => {
    const [a, b, c] = signals(3);
    const { service, trace } = evaluate(series(leaf(a!), leaf(b!), leaf(c!)));
    expect(service.up).toBe(true);
    b!.set(false, 1);
    expect(service.up).toBe(false);
    c!.set(false, 2);
    b!.set(true, 3);
    expect(service.up).toBe(false);
    c!.set(true, 4);
    expect(trace).toEqual([[1, false], [4, true]]);
  });

  it("keeps a parallel structure up while any member is up", () => {
    const [a, b] = signals(2);
    const { service, trace } = evaluate(parallel(leaf(a!), leaf(b!)));
    a!.set(false, 1);
    expect(service.up).toBe(true);
    b!.set(false, 2);
    expect(service.up).toBe(false);
    a!.set(true, 3);
    expect(trace).toEqual([[2, false], [3, true]]);
  });

  it("keeps a 2-of-3 gate up while at least two members are up", () => {
    const [a, b, c] = signals(3);
    const { service, trace } = evaluate(gate(2, [leaf(a!), leaf(b!), leaf(c!)]));
    a!.set(false, 1);
    expect(service.up).toBe(true);
    c!.set(false, 2);
    expect(service.up).toBe(false);
    a!.set(true, 3);
    expect(trace).toEqual([[2, false], [3, true]]);
  });

  it("propagates through nested gates", () => {
    const [a, b, c, d] = signals(4);
    // (a || b) && (c || d)
    const { service, trace } = evaluate(series(parallel(leaf(a!), leaf(b!)), parallel(leaf(c!), leaf(d!))));
    a!.set(false, 1);
    c!.set(false, 2);
    expect(service.up).toBe(true);
    d!.set(false, 3);
    expect(service.up).toBe(false);
    c!.set(true, 4);
    b!.set(false, 5);
    expect(trace).toEqual([[3, false], [4, true], [5, false]]);
  });

  it("counts a component referenced twice once per reference", () => {
    const [a, b] = signals(2);
    // 2-of-[a, a, b]: a alone is enough, b alone is not.
    const { service } = evaluate(gate(2, [leaf(a!), leaf(a!), leaf(b!)]));
    b!.set(false, 1);
    expect(service.up).toBe(true);
    b!.set(true, 2);
    a!.set(false, 3);
    expect(service.up).toBe(false);
  });

  it("goes down once when a component shared by two branches fails", () => {
    const [a, b, c] = signals(3);
    // (a && b) || (a && c)
    const { trace } = evaluate(parallel(series(leaf(a!), leaf(b!)), series(leaf(a!), leaf(c!))));
    a!.set(false, 1);
    a!.set(true, 2);
    expect(trace).toEqual([[1, false], [2, true]]);
  });

  it("starts down when the structure is down from the start", () => {
    const a = new StatusSignal("a", false);
    const b = new StatusSignal("b");
    const { service, trace } = evaluate(series(leaf(a), leaf(b)));
    expect(service.up).toBe(false);
    a.set(true, 5);
    expect(trace).toEqual([[5, true]]);
  });

  it("names the service signal", () => {
    const [a, b] = signals(2);
    expect(evaluateStructure(series(leaf(a!), leaf(b!)), "web").id).toBe("web");
  });

  it("rejects a gate whose k is outside 1..n", () => {
    const [a, b] = signals(2);
    expect(() => evaluateStructure(gate(3, [leaf(a!), leaf(b!)]))).toThrow(RangeError);
    expect(() => evaluateStructure(gate(0, [leaf(a!), leaf(b!)]))).toThrow(RangeError);
    expect(() => evaluateStructure(series(leaf(a!), gate(2, [leaf(b!)])))).toThrow(/k=2, n=1/);
  });
});

/** A random structure over `n` leaves, as plain data (leaf indices may repeat). */
type Shape = { leaf: number } | { k: number; children: Shape[] };

const shapeArb = (n: number): fc.Arbitrary<Shape> =>
  fc.letrec<{ node: Shape; gate: Shape }>((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.record({ leaf: fc.nat(n - 1) }), tie("gate")),
    gate: fc
      .array(tie("node"), { minLength: 1, maxLength: 4 })
      .chain((children) => fc.integer({ min: 1, max: children.length }).map((k): Shape => ({ k, children }))),
  })).node;

function toNode(shape: Shape, leaves: StatusSignal[]): StructureNode {
  return "leaf" in shape ? leaf(leaves[shape.leaf]!) : gate(shape.k, shape.children.map((c) => toNode(c, leaves)));
}

/** Direct recursive evaluation, the reference the incremental one must agree with. */
function direct(shape: Shape, up: boolean[]): boolean {
  if ("leaf" in shape) return up[shape.leaf]!;
  return shape.children.filter((c) => direct(c, up)).length >= shape.k;
}

describe("evaluateStructure (property)", () => {
  it("agrees with a direct recursive evaluation after every component change", () => {
    const n = 5;
    fc.assert(
      fc.property(
        shapeArb(n),
        fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        fc.array(fc.tuple(fc.nat(n - 1), fc.boolean()), { maxLength: 30 }),
        (shape, initial, changes) => {
          const leaves = initial.map((up, i) => new StatusSignal(`c${i}`, up));
          const up = [...initial];
          const service = evaluateStructure(toNode(shape, leaves));
          let notifications = 0;
          let last = service.up;
          service.onChange((value) => {
            notifications++;
            expect(value).not.toBe(last);
            last = value;
          });
          expect(service.up).toBe(direct(shape, up));
          let expectedNotifications = 0;
          changes.forEach(([i, value], t) => {
            const before = direct(shape, up);
            up[i] = value;
            leaves[i]!.set(value, t);
            const after = direct(shape, up);
            if (after !== before) expectedNotifications++;
            expect(service.up).toBe(after);
          });
          expect(notifications).toBe(expectedNotifications);
        },
      ),
      { seed: 20240501, numRuns: 300 },
    );
  });
});
