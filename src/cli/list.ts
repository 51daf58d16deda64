import { FAULT_KINDS } from "../faults/kinds.js";
import { COMMON_PARAMETER_DOCS, HARDWARE_KINDS } from "../hardware/kind-docs.js";
import type { KindDoc } from "../hardware/kinds.js";
import { MECHANISMS } from "../mechanisms/registry.js";
import { SERVICE_METRICS, TIME_TO_EVENT_METRICS } from "../metrics/metric-docs.js";
import { alignColumns } from "../report/text.js";
import { DISTRIBUTION_PARAMETERS } from "../scenario/distribution-schema.js";
import { toJsonSchema } from "../scenario/json-schema.js";
import { formatQuantity, type UnitKind } from "../scenario/units.js";
import { vocabulary } from "../scenario/vocabulary.js";

/** Parameter names, types and defaults of a mechanism's config, read from its schema. */
interface PropertySchema {
  default?: unknown;
  description?: string;
  "x-ftsim-unit"?: UnitKind;
  anyOf?: PropertySchema[];
}

/**
 * A default as a scenario would write it: values with units are stored in
 * the base unit (0.3 s), shown with one (`300ms`); a fixed distribution is
 * shown as its value.
 */
function formatDefault(p: PropertySchema): string {
  const value = p.default;
  const unit = p["x-ftsim-unit"] ?? p.anyOf?.find((alt) => alt["x-ftsim-unit"] !== undefined)?.["x-ftsim-unit"];
  if (typeof value === "number" && unit !== undefined) return formatQuantity(unit, value);
  if (typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "deterministic") {
    const fixed = (value as { value?: unknown }).value;
    if (typeof fixed === "number") return formatQuantity("duration", fixed);
  }
  return JSON.stringify(value);
}

function mechanismParameters(schema: unknown): string[][] {
  const json = toJsonSchema(schema as never) as { properties?: Record<string, PropertySchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([key, p]) => [
    `  ${key}`,
    json.required?.includes(key) ? "required" : p.default !== undefined ? `default ${formatDefault(p)}` : "optional",
    p.description ?? "",
  ]);
}

export function listCommand(): void {
  const out: string[] = [];
  const section = (title: string, rows: string[][]) => {
    out.push(title, ...alignColumns(rows).map((l) => "  " + l), "");
  };
  const kinds = (title: string, docs: readonly KindDoc[]) => {
    out.push(title);
    for (const k of docs) {
      out.push(`  ${k.name}: ${k.description}`);
      if (k.parameters.length > 0) out.push(...alignColumns(k.parameters.map((p) => [`    ${p.name}`, p.unit, `default ${p.default}`, p.description])).map((l) => "  " + l));
    }
    out.push("");
  };
  kinds("HARDWARE KINDS (components: - kind: ...)", [{ name: "every kind", description: "takes these, besides its own parameters", parameters: COMMON_PARAMETER_DOCS }, ...HARDWARE_KINDS]);
  kinds("FAULT KINDS (faults: - type: ...)", FAULT_KINDS);
  section("DISTRIBUTIONS (dist: ...)", [["dist", "parameters"], ...DISTRIBUTION_PARAMETERS.map(([d, p]) => [d, p])]);
  section("METRICS", [
    ["metric", "unit", "meaning"],
    ...SERVICE_METRICS.map((m) => [m.name, m.unit, m.description]),
    ...TIME_TO_EVENT_METRICS.map((m) => [m.name, m.unit, m.description]),
  ]);
  out.push("MECHANISMS (mechanisms: - type: ...; metrics are reported as <name>.<metric>)");
  for (const m of MECHANISMS) {
    out.push(`  ${m.type}: ${m.summary}`);
    out.push(...alignColumns(mechanismParameters(m.configSchema(vocabulary))).map((l) => "  " + l));
    out.push(...alignColumns(m.metrics.map((x) => [`  metric ${x.name}`, x.unit, x.direction === undefined ? x.description : `${x.description} (${x.direction})`])).map((l) => "  " + l));
  }
  process.stdout.write(out.join("\n") + "\n");
}
