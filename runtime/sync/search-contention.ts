/**
 * Which uncertain create a record found by a system's search (`findCreated`)
 * may belong to. A search matches by the values a create filled (a system
 * searches by what is there, so empty ones do not narrow it): the record
 * another create made with those values and more is found just as well. So a
 * create whose values another unsettled create holds and more is settled
 * after it, and not at all while that one is open: the record found may be
 * the other one's, and taking it would leave one source with the other's
 * record and the other's source with a second one.
 */
import { parseSnapshot } from './snapshot.js';

/** A create's filled values (canonical JSON by path), from its values snapshot: what a search for it matches. */
export type Filled = ReadonlyMap<string, string>;

const isEmpty = (value: string) => value === 'null' || value === '""';

export function filledValues(snapshot: string): Filled {
  const filled = new Map<string, string>();
  for (const [key, value] of parseSnapshot(snapshot)!) if (!isEmpty(value)) filled.set(key, value);
  return filled;
}

/** Whether a record `other`'s create made is found by a search for `wanted` and holds more: `other` fills every value `wanted` does, and more. */
export function outranks(other: Filled, wanted: Filled): boolean {
  if (other.size <= wanted.size) return false;
  for (const [key, value] of wanted) if (other.get(key) !== value) return false;
  return true;
}

/** The indexes of `items` in the order their searches settle: the most filled values first, then as given. */
export function searchOrder<T>(items: readonly T[], filled: (item: T, index: number) => Filled): number[] {
  const sizes = items.map((item, i) => filled(item, i).size);
  return items.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
}
