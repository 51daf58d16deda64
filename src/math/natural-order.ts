/**
 * Natural order of names: runs of digits compare as numbers, so per-item
 * metrics read `g2` before `g10` (`storage.g2.availability`,
 * `storage.g10.availability`). Everything else compares by UTF-16 code unit,
 * never by locale, so the order is the same on every machine.
 */
export function naturalCompare(a: string, b: string): number {
  const chunks = /(\d+|\D+)/g;
  const left = a.match(chunks) ?? [];
  const right = b.match(chunks) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x === y) continue;
    if (isDigits(x) && isDigits(y)) {
      const order = compareDigits(x, y);
      if (order !== 0) return order;
    }
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

function isDigits(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** Two digit runs by value, of any length (no float rounding); equal values with different zeros by text. */
function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, "");
  const b = y.replace(/^0+(?=\d)/, "");
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
