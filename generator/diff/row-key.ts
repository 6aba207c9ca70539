/** Identity keys for property rows and merge criteria: what a row maps, independent of its line and its type cell. */
import type { DataType, MergeCriterion, PropertyMapping, PropertyRef } from '../ir.js';

/** `a.b[V in F]`: the dot path plus its conditions, so `number (Dependant on having X in name)` differs from `number`. */
export function refKey(ref: PropertyRef): string {
  const conditions = ref.conditions.map((c) => `[${c.value} in ${c.field.join('.')}]`).join('');
  return `${ref.path.join('.')}${conditions}`;
}

export function rowKey(row: PropertyMapping | MergeCriterion): string {
  return `${refKey(row.source)}\u0000${refKey(row.target)}`;
}

/** Two type cells mean the same when their kind and format agree; expressions compare by their (space-normalised) text. */
export function sameType(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind || (a.format ?? null) !== (b.format ?? null)) return false;
  if (a.kind === 'expression') return expressionText(a.raw) === expressionText(b.raw);
  return true;
}

/** An expression's text without the whitespace outside its string literals, where spacing means nothing. */
function expressionText(raw: string): string {
  let out = '';
  let quoted = false;
  for (let k = 0; k < raw.length; k++) {
    const c = raw[k]!;
    if (c === '"' && raw[k - 1] !== '\\') quoted = !quoted;
    if (!quoted && /\s/.test(c)) continue;
    out += c;
  }
  return out;
}

export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Pairs equal keys as multisets, in order: the first old row with a key pairs
 * with the first new row with that key, so duplicated rows match one to one.
 */
export function matchByKey<T>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
): { pairs: [number, number][]; removed: number[]; added: number[] } {
  const waiting = new Map<string, number[]>();
  before.forEach((item, i) => {
    const k = key(item);
    const list = waiting.get(k);
    if (list) list.push(i);
    else waiting.set(k, [i]);
  });
  const pairs: [number, number][] = [];
  const added: number[] = [];
  after.forEach((item, j) => {
    const i = waiting.get(key(item))?.shift();
    if (i === undefined) added.push(j);
    else pairs.push([i, j]);
  });
  const paired = new Set(pairs.map(([i]) => i));
  const removed = before.map((_, i) => i).filter((i) => !paired.has(i));
  return { pairs, removed, added };
}

/** Multiset Jaccard similarity of two key lists (1 when both are empty). */
export function keySimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const k of a) counts.set(k, (counts.get(k) ?? 0) + 1);
  let common = 0;
  for (const k of b) {
    const n = counts.get(k) ?? 0;
    if (n > 0) {
      common++;
      counts.set(k, n - 1);
    }
  }
  return common / (a.length + b.length - common);
}
