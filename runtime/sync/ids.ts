/** Record identities: the `id` every record carries in its own system, and a stable order of them. */
export type RecordId = string | number;

export function isRecordId(value: unknown): value is RecordId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * A record's id when it has a usable one. Ids are used as they are, as map
 * keys and in SQLite (untyped columns keep `1` and `"1"` apart).
 */
export function idOf(record: unknown): RecordId | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : undefined;
}

/** Numbers before strings, numbers by value, strings by code unit: the same choice on every run. */
export function compareIds(a: RecordId, b: RecordId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Hands out ids no record of a collection has: the next integer when the
 * collection's ids are all numbers, otherwise `<prefix>-<n>` strings.
 */
export function createIdAllocator(existing: Iterable<unknown>, prefix: string): () => RecordId {
  let numeric = true;
  let max = 0;
  const taken = new Set<string>();
  for (const id of existing) {
    if (typeof id === 'number') {
      if (id > max) max = Math.floor(id);
    } else {
      numeric = false;
      if (typeof id === 'string') taken.add(id);
    }
  }
  let next = max + 1;
  return () => {
    if (numeric) return next++;
    let id = `${prefix}-${next++}`;
    while (taken.has(id)) id = `${prefix}-${next++}`;
    return id;
  };
}
