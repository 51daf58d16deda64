/** Reading a zod schema at a path of the data, for did-you-mean on keys and values. */

/** One step of a path into scenario data: a key or a list index. */
export type PathSeg = PropertyKey;


/** The parts of zod 4's `_zod.def` read here (a loose view over every schema kind). */
interface LooseDef {
  type: string;
  shape?: Record<string, LooseSchema>;
  options?: LooseSchema[];
  items?: LooseSchema[];
  discriminator?: string;
  getter?: () => LooseSchema;
  values?: unknown[];
  entries?: Record<string, unknown>;
  rest?: LooseSchema | null;
  [child: string]: unknown; // element, innerType, in, out, valueType, left, right: LooseSchema
}
export interface LooseSchema {
  _zod: { def: LooseDef; optin?: string };
}
const sub = (d: LooseDef, name: string): LooseSchema | undefined => d[name] as LooseSchema | undefined;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional", "success"]);

function literalValues(s: LooseSchema): unknown[] {
  return expand(s, undefined).flatMap((x) => x._zod.def.values ?? Object.values(x._zod.def.entries ?? {}));
}

/** Unwraps wrappers, pipes, lazies and unions to the concrete schemas `value` may be checked by. */
export function expand(s: LooseSchema, value: unknown, depth = 0): LooseSchema[] {
  if (depth > 32) return [];
  const d = s._zod.def;
  const again = (x: LooseSchema | undefined | null): LooseSchema[] => (x ? expand(x, value, depth + 1) : []);
  if (WRAPPERS.has(d.type)) return again(sub(d, "innerType"));
  if (d.type === "lazy") return again(d.getter?.());
  if (d.type === "pipe") return sub(d, "in")?._zod.def.type === "transform" ? again(sub(d, "out")) : again(sub(d, "in"));
  if (d.type === "intersection") return [...again(sub(d, "left")), ...again(sub(d, "right"))];
  if (d.type === "union") {
    const options = d.options ?? [];
    const disc = d.discriminator;
    if (disc !== undefined && value !== null && typeof value === "object" && Object.hasOwn(value, disc)) {
      const v = (value as Record<string, unknown>)[disc];
      const chosen = options.filter((o) => {
        const field = expand(o, value, depth + 1).map((x) => x._zod.def.shape?.[disc]);
        return field.some((f) => f !== undefined && literalValues(f).includes(v));
      });
      if (chosen.length > 0) return chosen.flatMap((o) => again(o));
    }
    return options.flatMap((o) => again(o));
  }
  return [s];
}

export function child(value: unknown, seg: PathSeg): unknown {
  return value !== null && typeof value === "object" && Object.hasOwn(value, seg)
    ? (value as Record<PropertyKey, unknown>)[seg]
    : undefined;
}

/** The concrete schemas that check the value at `path`. */
export function schemasAt(schema: LooseSchema, path: readonly PathSeg[], data: unknown): LooseSchema[] {
  let current = [schema];
  let value = data;
  for (const seg of path) {
    current = current.flatMap((c) =>
      expand(c, value).flatMap((x): LooseSchema[] => {
        const d = x._zod.def;
        const next = d.type === "object" ? d.shape?.[String(seg)]
          : d.type === "array" ? sub(d, "element")
          : d.type === "record" ? sub(d, "valueType")
          : d.type === "tuple" && typeof seg === "number" ? (d.items?.[seg] ?? d.rest ?? undefined)
          : undefined;
        return next ? [next] : [];
      }),
    );
    value = child(value, seg);
  }
  return current.flatMap((c) => expand(c, value));
}

export function objectKeys(schemas: readonly LooseSchema[], required = false): string[] {
  const keys = schemas.flatMap((s) =>
    Object.entries(s._zod.def.shape ?? {})
      .filter(([, v]) => !required || v._zod.optin !== "optional")
      .map(([k]) => k),
  );
  return [...new Set(keys)];
}

// ---- zod issues → ScenarioIssues -------------------------------------------
