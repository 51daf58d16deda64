import { describeFound } from "./units.js";

export function describeTyped(v: unknown): string {
  if (v === null) return "null (an empty value)";
  if (typeof v === "string") return `string ${describeFound(v)}`;
  if (typeof v === "number") return `number ${v}`;
  return describeFound(v);
}
