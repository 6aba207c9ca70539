/** List functions (lists.rst): `list`, `first`, `slice`, `is-empty`. */
import { firstOf, toList, type DtlValue } from './values.js';

/** `["list", V1, V2, ...]`: a list of the arguments, not flattened. */
export function list(...values: DtlValue[]): DtlValue[] {
  return values;
}

/** `["first", VALUES]`: the first element; a non-list is returned as is, `[]` gives null. */
export function first(values: DtlValue): DtlValue {
  return firstOf(values);
}

/** `["is-empty", VALUES]`: VALUES coerced to a list has no elements (null is empty, "" is not). */
export function isEmpty(values: DtlValue): boolean {
  return toList(values).length === 0;
}

function indexOf(x: DtlValue | undefined): number | undefined {
  const f = x === undefined ? undefined : firstOf(x);
  if (typeof f === 'bigint') return Number(f);
  if (typeof f === 'number' && Number.isInteger(f)) return f;
  return undefined;
}

/**
 * `["slice", START, END?, STRIDE?, VALUES]` with Python's slice semantics
 * (negative indexes count from the end); a value that is not a list is a
 * one-element list. `slice(start, values)`, `slice(start, end, values)` and
 * `slice(start, end, stride, values)` are the three arities.
 */
export function slice(...args: DtlValue[]): DtlValue[] {
  const values = toList(args[args.length - 1] ?? null);
  const n = values.length;
  const stride = args.length >= 4 ? indexOf(args[2]) ?? 1 : 1;
  if (stride === 0) return [];
  const norm = (i: number | undefined, fallback: number, low: number, high: number) => {
    if (i === undefined) return fallback;
    const j = i < 0 ? i + n : i;
    return Math.min(Math.max(j, low), high);
  };
  const start = norm(indexOf(args[0]), stride > 0 ? 0 : n - 1, stride > 0 ? 0 : -1, stride > 0 ? n : n - 1);
  const end = norm(args.length >= 3 ? indexOf(args[1]) : undefined, stride > 0 ? n : -1, stride > 0 ? 0 : -1, stride > 0 ? n : n - 1);
  const out: DtlValue[] = [];
  if (stride > 0) for (let i = start; i < end; i += stride) out.push(values[i] as DtlValue);
  else for (let i = start; i > end; i += stride) out.push(values[i] as DtlValue);
  return out;
}
