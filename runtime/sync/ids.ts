/**
 * Record identities: the `id` every record carries in its own system, as a
 * map key (its JSON text, so `1` and `"1"` stay apart) and in a stable order.
 */
export type RecordId = string | number;

export function isRecordId(value: unknown): value is RecordId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** The key of a record's id, or `undefined` when it has none usable. */
export function idKeyOf(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const id = (record as { id?: unknown }).id;
  if (typeof id === 'number') return Number.isFinite(id) ? String(id) : undefined;
  if (typeof id === 'string') return JSON.stringify(id);
  return undefined;
}

export function idKey(id: RecordId): string {
  return typeof id === 'number' ? String(id) : JSON.stringify(id);
}

export function idFromKey(key: string): RecordId {
  return JSON.parse(key) as RecordId;
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
