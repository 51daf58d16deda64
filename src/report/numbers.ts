/** Formats a number for people: 6 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(x: number | null): string {
  if (x === null) return "-";
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e9 || magnitude < 1e-4) return x.toExponential(4);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}
