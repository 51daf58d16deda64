/**
 * "Did you mean …?" suggestions for misspelt keys, enum values and units.
 *
 * Distance is the optimal-string-alignment form of Damerau–Levenshtein
 * (insertions, deletions, substitutions and transpositions of two adjacent
 * characters each cost 1), which catches the usual typos: `mena` → `mean`,
 * `hr` → `h`, `weibul` → `weibull`.
 *
 * It lives in the leaf layer because every layer that names things needs
 * it: the scenario format (keys, units), the hardware (component
 * references), the reports (metric names).
 */

/**
 * Optimal-string-alignment (restricted Damerau–Levenshtein) distance between
 * two strings, compared as given (callers lower-case them when they want a
 * case-insensitive distance).
 *
 * @param a - first string
 * @param b - second string
 * @returns the number of edits (insert, delete, substitute, swap adjacent)
 */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Three rolling rows: two back (for transpositions), previous, current.
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m] ?? 0;
}

/** Longest word {@link suggest} compares (characters); a longer one gets no suggestion. */
export const MAX_SUGGEST_LENGTH = 100;

/**
 * The candidate closest to `word`, if it is close enough to be a plausible
 * typo.
 *
 * Comparison is case-insensitive. A candidate is accepted when its distance
 * is at most `max(1, floor(word.length / 3))`; the closest one wins and ties
 * go to the candidate listed first, so callers order `candidates` by
 * preference. An exact (case-insensitive) match is returned too, which is
 * what a user who typed `MS` for `ms` needs to see.
 *
 * @param word - what the user wrote
 * @param candidates - the accepted spellings, in order of preference
 * @returns the best candidate, or `undefined` when none is close enough
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  // No name is this long: a word longer than this is garbage, not a typo, and comparing it would
  // cost its length times every candidate's.
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: skip those that cannot be close enough.
    if (Math.abs(c.length - w.length) > Math.min(limit, bestDistance)) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
