/** Keeps the `n` largest items and folds the rest into one "others" item. */

export const OTHERS = 'others';

export interface Ranked<T> {
  top: T[];
  /** the folded rest, or null when nothing was left out */
  rest: T[] | null;
}

export function topN<T>(items: T[], n: number, weight: (item: T) => number): Ranked<T> {
  if (items.length <= n) return { top: [...items].sort((a, b) => weight(b) - weight(a)), rest: null };
  const sorted = [...items].sort((a, b) => weight(b) - weight(a));
  // n - 1 keeps the total number of bars at n, "others" included
  return { top: sorted.slice(0, n - 1), rest: sorted.slice(n - 1) };
}

/** The names to keep when a series has many keys (models, teams): the top `n - 1` by total weight. */
export function keepKeys<T>(rows: T[], n: number, key: (row: T) => string, weight: (row: T) => number): Set<string> {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + weight(row));
  const entries = [...totals.entries()];
  return new Set(topN(entries, n, ([, w]) => w).top.map(([k]) => k));
}
