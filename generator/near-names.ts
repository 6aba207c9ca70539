/** "Did you mean": the known names a few edits away from a name that is not one of them. */

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Up to `limit` of `known` closest to `name`: at most 3 edits away (a tenth of the length for long names),
 * and no further than one edit more than the closest, so a typo gets its one answer.
 */
export function closestNames(name: string, known: readonly string[], limit = 3): string[] {
  const near = known
    .map((k) => ({ k, d: editDistance(name, k) }))
    .filter(({ k, d }) => d > 0 && d <= Math.max(3, Math.floor(k.length / 10)))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  const best = near[0]?.d ?? 0;
  return near
    .filter(({ d }) => d <= best + 1)
    .slice(0, limit)
    .map(({ k }) => k);
}
