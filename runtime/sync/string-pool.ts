/**
 * Shares the repeated strings of parsed records (a city, a country code, a
 * status, a date that many records hold): JSON.parse makes a string for every
 * value, so a data file of a million records otherwise holds each repeated
 * value a million times. A bounded pool: only short strings, and it starts
 * afresh when full, so unique values (e-mails, names) cost little.
 */

/** Longer strings seldom repeat, and hashing them costs more than they would save. */
const MAX_LENGTH = 48;
const MAX_ENTRIES = 1 << 16;
/** Deeper values are left as they are (no stack for hostile nesting). */
const MAX_DEPTH = 32;

export interface StringPool {
  /** Replaces, in place, the short strings in `value` (an object or array, as JSON.parse made it) by pooled copies. */
  share(value: unknown): void;
}

export function createStringPool(): StringPool {
  let pool = new Map<string, string>();
  const pooled = (text: string): string => {
    if (text.length > MAX_LENGTH) return text;
    const known = pool.get(text);
    if (known !== undefined) return known;
    if (pool.size >= MAX_ENTRIES) pool = new Map();
    pool.set(text, text);
    return text;
  };
  const walk = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') value[i] = pooled(item);
        else walk(item, depth + 1);
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      // An own `__proto__` (JSON.parse makes one) is left alone: no assignment may reach a prototype.
      if (key === '__proto__') continue;
      const item = record[key];
      if (typeof item === 'string') record[key] = pooled(item);
      else walk(item, depth + 1);
    }
  };
  return { share: (value) => walk(value, 0) };
}
