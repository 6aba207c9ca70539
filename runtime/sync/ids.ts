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

const NUMBERED = /^(\D*?)0*(\d+)$/;

/**
 * The order a system most likely gave these ids in: systems hand out growing
 * numbers, so numbers by value, and strings ending in a number after the same
 * prefix (HubSpot's `"1042"`, an `INV-1042`) by that number; other ids as
 * `compareIds` orders them (the same choice on every run, if not the order of
 * creation).
 */
export function compareCreationOrder(a: RecordId, b: RecordId): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = NUMBERED.exec(a);
    const y = NUMBERED.exec(b);
    if (x && y && x[1] === y[1]) {
      const order = x[2]!.length - y[2]!.length || (x[2]! < y[2]! ? -1 : x[2]! > y[2]! ? 1 : 0);
      if (order !== 0) return order;
    }
  }
  return compareIds(a, b);
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

/** The report's message for a record without a usable id; one that is no object at all (a data file's `5`, `"junk"`) says what it is. */
export function noIdMessage(entity: string, record: unknown): string {
  const message = `a ${entity} record has no id (string or number)`;
  if (typeof record === 'object' && record !== null && !Array.isArray(record)) return message;
  const text = Array.isArray(record) ? 'an array' : record === undefined ? 'undefined' : (JSON.stringify(record) ?? String(record));
  return `${message}: it is ${text.length > 40 ? `${text.slice(0, 40)}...` : text}, not an object`;
}
