import { describe, it, expect } from "vitest";
import {
  UnitError,
  parseDuration,
  parsePercent,
  parseProbability,
  parseRate,
  parseSize,
  formatQuantity,
} from "../../src/scenario/units.js";

const ok = (parse: (v: number | string) => number, cases: [number | string, number][]): void => {
  it.each(cases)("reads %j as %d", (input, expected) => {
    expect(parse(input)).toBeCloseTo(expected, 12);
  });
};

/** The UnitError message that `parse(input)` throws. */
function errorOf(parse: (v: number | string) => number, input: unknown): string {
  try {
    parse(input as number | string);
  } catch (e) {
    expect(e).toBeInstanceOf(UnitError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(input)}`);
}

describe("parseDuration", () => {
  ok(parseDuration, [
    [0, 0],
    ["0", 0],
    ["30s", 30],
    ["1.5 s", 1.5],
    ["250ms", 0.25],
    ["30s", 30],
    ["5 m", 300],
    ["2min", 120],
    ["1.5h", 5400],
    ["1e3 h", 3_600_000],
    ["2d", 172_800],
    ["1w", 604_800],
    ["3y", 3 * 31_557_600],
    ["10ns", 1e-8],
    ["10us", 1e-5],
    ["10µs", 1e-5],
    ["10μs", 1e-5],
    [".5s", 0.5],
    ["  8h  ", 28_800],
    ["+1s", 1],
  ]);

  it("uses a Julian year of 365.25 days", () => {
    expect(parseDuration("1y")).toBe(365.25 * 86_400);
  });

  it("divides for sub-second units so 100ms is exactly 0.1", () => {
    expect(parseDuration("100ms")).toBe(0.1);
  });

  it("turns -0s into 0", () => {
    expect(Object.is(parseDuration("-0s"), 0)).toBe(true);
  });

  it.each([
    ["10 parsecs", 'expected a duration such as 250ms, 30s, 8h or 3y; got "10 parsecs" (unknown unit "parsecs")'],
    ["3hr", 'expected a duration such as 250ms, 30s, 8h or 3y; got "3hr" (unknown unit "hr"; did you mean "h"?)'],
    ["5mins", 'expected a duration such as 250ms, 30s, 8h or 3y; got "5mins" (unknown unit "mins"; did you mean "min"?)'],
    ["5S", 'expected a duration such as 250ms, 30s, 8h or 3y; got "5S" (unknown unit "S"; did you mean "s"?)'],
    ["-5s", 'expected a duration such as 250ms, 30s, 8h or 3y; got "-5s" (must not be negative)'],
    [-1, "expected a duration such as 250ms, 30s, 8h or 3y; got -1 (must not be negative)"],
    ["", 'expected a duration such as 250ms, 30s, 8h or 3y; got "" (empty)'],
    ["h", 'expected a duration such as 250ms, 30s, 8h or 3y; got "h" (no number)'],
    ["inf", 'expected a duration such as 250ms, 30s, 8h or 3y; got "inf" (no number)'],
    [Infinity, "expected a duration such as 250ms, 30s, 8h or 3y; got Infinity (must be finite)"],
    [NaN, "expected a duration such as 250ms, 30s, 8h or 3y; got NaN (not a number)"],
    ["1e400s", 'expected a duration such as 250ms, 30s, 8h or 3y; got "1e400s" (must be finite)'],
    [true, "expected a duration such as 250ms, 30s, 8h or 3y; got boolean true"],
    [8760, "expected a duration such as 250ms, 30s, 8h or 3y; got 8760 (a duration needs a unit: write 8760h, 8760s or 1y)"],
    ["8760", 'expected a duration such as 250ms, 30s, 8h or 3y; got "8760" (a duration needs a unit: write 8760h, 8760s or 1y)'],
    [1.5, "expected a duration such as 250ms, 30s, 8h or 3y; got 1.5 (a duration needs a unit: write 1.5h, 1.5s or 1.5min)"],
  ])("rejects %j", (input, message) => {
    expect(errorOf(parseDuration, input)).toBe(message);
  });

  it("truncates a long value in the message", () => {
    expect(errorOf(parseDuration, `1 ${"x".repeat(60)}`)).toContain(`got "1 ${"x".repeat(35)}..."`);
  });
});

describe("parseSize", () => {
  ok(parseSize, [
    [0, 0],
    ["512B", 512],
    ["1kB", 1e3],
    ["1KB", 1e3],
    ["1.5GB", 1.5e9],
    ["16TB", 16e12],
    ["2 PB", 2e15],
    ["4KiB", 4096],
    ["1MiB", 2 ** 20],
    ["1GiB", 2 ** 30],
    ["1TiB", 2 ** 40],
    ["1PiB", 2 ** 50],
  ]);

  it.each([
    ["16Gb", 'expected a size such as 512B, 4KiB, 1.5GB or 16TB; got "16Gb" (sizes are in bytes: write 16GB, not bits)'],
    ["8bit", 'expected a size such as 512B, 4KiB, 1.5GB or 16TB; got "8bit" (sizes are in bytes: write 8B, not bits)'],
    ["16gb", 'expected a size such as 512B, 4KiB, 1.5GB or 16TB; got "16gb" (unknown unit "gb"; did you mean "GB"?)'],
    ["1GIB", 'expected a size such as 512B, 4KiB, 1.5GB or 16TB; got "1GIB" (unknown unit "GIB"; did you mean "GiB"?)'],
    ["200MB/s", 'expected a size such as 512B, 4KiB, 1.5GB or 16TB; got "200MB/s" (a size takes no time unit)'],
    ["-1GB", 'expected a size such as 512B, 4KiB, 1.5GB or 16TB; got "-1GB" (must not be negative)'],
    [512, "expected a size such as 512B, 4KiB, 1.5GB or 16TB; got 512 (a size needs a unit: write 512B, 512GB or 512GiB)"],
  ])("rejects %j", (input, message) => {
    expect(errorOf(parseSize, input)).toBe(message);
  });
});

describe("parseRate", () => {
  ok(parseRate, [
    [0, 0],
    ["200MB/s", 200e6],
    ["1.5GiB/s", 1.5 * 2 ** 30],
    ["1Gbit/s", 1e9 / 8],
    ["10Gb/s", 10e9 / 8],
    ["100Mbps", 100e6 / 8],
    ["100MBps", 100e6],
    ["8 b/s", 1],
    ["3.6GB/h", 1e6],
    ["1MB/ms", 1e9],
  ]);

  it.each([
    ["200MB", 'expected a rate such as 200MB/s, 1.5GiB/s, 10Gbit/s or 100Mbps; got "200MB" (a rate needs a time unit: write 200MB/s)'],
    ["100Mbs", 'expected a rate such as 200MB/s, 1.5GiB/s, 10Gbit/s or 100Mbps; got "100Mbs" (unknown unit "Mbs"; did you mean "Mb/s"?)'],
    ["100MBs", 'expected a rate such as 200MB/s, 1.5GiB/s, 10Gbit/s or 100Mbps; got "100MBs" (unknown unit "MBs"; did you mean "MB/s"?)'],
    ["1 furlong/fortnight", 'expected a rate such as 200MB/s, 1.5GiB/s, 10Gbit/s or 100Mbps; got "1 furlong/fortnight" (unknown unit "furlong/fortnight")'],
    ["1000", 'expected a rate such as 200MB/s, 1.5GiB/s, 10Gbit/s or 100Mbps; got "1000" (a rate needs a unit: write 1000B/s, 1000MB/s or 1000Gbit/s)'],
  ])("rejects %j", (input, message) => {
    expect(errorOf(parseRate, input)).toBe(message);
  });
});

describe("parsePercent", () => {
  ok(parsePercent, [
    [2, 2],
    ["2%", 2],
    ["0.5 %", 0.5],
    ["150%", 150],
  ]);

  it("rejects another unit", () => {
    expect(errorOf(parsePercent, "2 pc")).toBe(
      'expected a percentage such as 2%, 0.5% or 2 (a bare number is percent); got "2 pc" (unknown unit "pc")',
    );
  });
});

describe("parseProbability", () => {
  ok(parseProbability, [
    [0, 0],
    [1, 1],
    [0.95, 0.95],
    ["95%", 0.95],
    ["0.95", 0.95],
    ["100%", 1],
  ]);

  it.each([
    [95, "expected a probability such as 0.95 or 95%; got 95 (must be between 0 and 1; write 95% for a percentage)"],
    ["120%", 'expected a probability such as 0.95 or 95%; got "120%" (must be at most 100%)'],
    [-0.1, "expected a probability such as 0.95 or 95%; got -0.1 (must not be negative)"],
  ])("rejects %j", (input, message) => {
    expect(errorOf(parseProbability, input)).toBe(message);
  });
});

describe("formatQuantity (a value written back with its unit)", () => {
  it.each([
    ["duration", 0.3, "300ms"],
    ["duration", 5, "5s"],
    ["duration", 1200, "20min"],
    ["duration", 86_400, "1d"],
    ["duration", 31_557_600, "1y"],
    ["duration", 1.5, "1500ms"],
    ["duration", 0, "0s"],
    ["size", 68_719_476_736, "64GiB"],
    ["size", 16e12, "16TB"],
    ["size", 64, "64B"],
    ["rate", 1e8, "100MB/s"],
    ["rate", 125_000, "125kB/s"],
    ["percent", 2, "2%"],
    ["probability", 0.95, "0.95"],
  ] as const)("%s %d → %s", (kind, value, text) => {
    expect(formatQuantity(kind, value)).toBe(text);
  });

  it("round-trips through the parsers", () => {
    const parse = { duration: parseDuration, size: parseSize, rate: parseRate } as const;
    for (const kind of ["duration", "size", "rate"] as const) {
      for (const value of [0, 1e-6, 0.25, 1, 7, 90, 3600.5, 1e9, 123456789, 2 ** 33]) {
        expect(parse[kind](formatQuantity(kind, value)), `${kind} ${value}`).toBeCloseTo(value, 6);
      }
    }
  });
});

describe("formatQuantity on values that are nearly whole in some unit", () => {
  const parse = { duration: parseDuration, size: parseSize, rate: parseRate } as const;

  it.each([
    ["size", 123_456_789_123],
    ["size", 1e12 + 1],
    ["rate", 123_456_789_123],
    ["duration", 1_000_000_000.5],
    ["duration", 3600.000001],
    ["duration", 0.1 + 0.2],
  ] as const)("parsing the text of %s %d gives the value back exactly", (kind, value) => {
    expect(parse[kind](formatQuantity(kind, value))).toBe(value);
  });

  it("still writes whole values in the largest fitting unit", () => {
    expect(formatQuantity("duration", 0.3)).toBe("300ms");
    expect(formatQuantity("size", 123_456_789_000)).toBe("123456789kB");
    expect(formatQuantity("rate", 1e8)).toBe("100MB/s");
  });
});
