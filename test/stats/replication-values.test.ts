import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { ReplicationValues } from "../../src/stats/replication-values.js";

const metricNames = ["mttr_s", "availability", "data_loss_bytes", "b", "a"];
const units: Record<string, string> = {
  mttr_s: "s",
  availability: "ratio",
  data_loss_bytes: "bytes",
  b: "s",
  a: "s",
};

/** Random cells: per metric, distinct replication indices with arbitrary finite values. */
const cellsArb = fc
  .array(
    fc.record({
      metric: fc.constantFrom(...metricNames),
      replication: fc.nat({ max: 200 }),
      value: fc.double({ min: -1e9, max: 1e9, noNaN: true }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((cells) => {
    const seen = new Set<string>();
    return cells.filter((c) => {
      const key = `${c.metric}/${c.replication}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });

function build(cells: readonly { metric: string; replication: number; value: number }[]): ReplicationValues {
  const values = new ReplicationValues();
  for (const c of cells) values.record(c.metric, c.replication, c.value, units[c.metric] as string);
  return values;
}

describe("ReplicationValues", () => {
  it("summarises each metric over its values in replication order, whatever the recording order", () => {
    const values = new ReplicationValues().record("x", 2, 30, "s").record("x", 0, 10, "s").record("x", 1, 20, "s");
    expect(values.values("x")).toEqual([10, 20, 30]);
    expect(values.summaries()["x"]).toMatchObject({ mean: 20, n: 3, min: 10, max: 30, unit: "s" });
  });

  it("keys summaries and JSON by metric name in sorted order", () => {
    const values = new ReplicationValues()
      .record("zeta", 0, 1, "s")
      .record("alpha", 0, 2, "s")
      .record("Mid", 0, 3, "s");
    expect(Object.keys(values.summaries())).toEqual(["Mid", "alpha", "zeta"]);
    expect(Object.keys(values.toJSON().metrics)).toEqual(["Mid", "alpha", "zeta"]);
  });

  it("gives bit-identical summaries when the replications are split into shards merged in any order", () => {
    fc.assert(
      fc.property(
        cellsArb,
        fc.array(fc.nat({ max: 5 }), { minLength: 120, maxLength: 120 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }),
        (cells, shardOf, order) => {
          const shards: (typeof cells)[] = [[], [], [], [], [], []];
          cells.forEach((c, i) => shards[shardOf[i] as number]?.push(c));
          const merged = ReplicationValues.merge(...order.map((k) => build(shards[k] ?? [])));
          const whole = build(cells);
          expect(JSON.stringify(merged.summaries())).toBe(JSON.stringify(whole.summaries()));
          expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
        },
      ),
    );
  });

  it("gives the same result merging pairwise as merging all at once", () => {
    const a = new ReplicationValues().record("x", 0, 1.1, "s");
    const b = new ReplicationValues().record("x", 2, 3.3, "s");
    const c = new ReplicationValues().record("x", 1, 2.2, "s");
    const pairwise = ReplicationValues.merge(ReplicationValues.merge(c, a), b);
    expect(JSON.stringify(pairwise.summaries())).toBe(JSON.stringify(ReplicationValues.merge(a, b, c).summaries()));
  });

  it("leaves the merged parts unchanged", () => {
    const a = new ReplicationValues().record("x", 0, 1, "s");
    const b = new ReplicationValues().record("x", 1, 2, "s");
    ReplicationValues.merge(a, b);
    expect(a.values("x")).toEqual([1]);
    expect(b.values("x")).toEqual([2]);
  });

  it("throws when two parts hold the same (metric, replication) pair", () => {
    const a = new ReplicationValues().record("x", 3, 1, "s");
    const b = new ReplicationValues().record("x", 3, 1, "s");
    expect(() => ReplicationValues.merge(a, b)).toThrow(/"x".*replication 3 is already recorded/);
  });

  it("throws when two parts disagree on a metric's unit", () => {
    const a = new ReplicationValues().record("x", 0, 1, "s");
    const b = new ReplicationValues().record("x", 1, 1, "h");
    expect(() => ReplicationValues.merge(a, b)).toThrow(/unit "h" but earlier in "s"/);
  });

  it("rejects non-finite values, naming the metric and replication", () => {
    const values = new ReplicationValues();
    expect(() => values.record("mttr_s", 4, NaN, "s")).toThrow(/"mttr_s" replication 4 has value NaN/);
  });

  it("rejects negative or fractional replication indices", () => {
    expect(() => new ReplicationValues().record("x", -1, 1, "s")).toThrow(/replication index/);
    expect(() => new ReplicationValues().record("x", 1.5, 1, "s")).toThrow(/replication index/);
  });

  it("round-trips through JSON", () => {
    fc.assert(
      fc.property(cellsArb, (cells) => {
        const values = build(cells);
        const copy = ReplicationValues.fromJSON(JSON.parse(JSON.stringify(values)));
        expect(JSON.stringify(copy)).toBe(JSON.stringify(values));
        expect(JSON.stringify(copy.summaries())).toBe(JSON.stringify(values.summaries()));
      }),
    );
  });

  it("keeps a metric named __proto__ as an ordinary key", () => {
    const values = new ReplicationValues().record("__proto__", 0, 1, "s");
    const summaries = values.summaries();
    expect(Object.keys(summaries)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(summaries)).toBe(Object.prototype);
  });

  it("rejects malformed JSON", () => {
    expect(() => ReplicationValues.fromJSON({})).toThrow(/"metrics"/);
    expect(() => ReplicationValues.fromJSON({ metrics: { x: { unit: "s", values: [[0]] } } })).toThrow(/pairs/);
  });
});
