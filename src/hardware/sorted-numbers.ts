/**
 * Small helpers over ascending arrays of numbers (page and extent numbers):
 * binary searches and sorted insertion. The arrays they serve are short
 * (retired pages, bad extents), so insertion by splice is fine.
 */

/** Index of the first element ≥ value (the array's length when there is none). */
export function firstIndexAtOrAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last element ≤ value, or −1. */
export function lastIndexAtOrBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of `value`, or −1. */
export function indexOf(sorted: readonly number[], value: number): number {
  const i = firstIndexAtOrAbove(sorted, value);
  return i < sorted.length && sorted[i] === value ? i : -1;
}

/** The first element ≥ value, or −1 (for arrays of non-negative numbers). */
export function firstAtOrAbove(sorted: readonly number[], value: number): number {
  const i = firstIndexAtOrAbove(sorted, value);
  return i < sorted.length ? sorted[i]! : -1;
}

/** Inserts `value` in order (before any equal element). */
export function insertSorted(sorted: number[], value: number): void {
  sorted.splice(firstIndexAtOrAbove(sorted, value), 0, value);
}
