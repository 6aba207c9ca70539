/**
 * `eq`, `neq` (both sides coerced to lists and compared whole) and `gt`
 * (first values, in Sesam's mixed-type order: null < boolean < numbers <
 * datetime < UUID < NI < URI < string < dict < list < bytes).
 */
import { DtlDatetime, DtlDecimal, DtlTagged, ExactDecimal, firstOf, toList, type DtlValue } from './values.js';

function isNumber(x: DtlValue): x is bigint | number | DtlDecimal {
  return typeof x === 'bigint' || typeof x === 'number' || x instanceof DtlDecimal;
}

/** Numbers of different types compare by value (1 = 1.0 = ~f1.00). */
function compareNumbers(a: bigint | number | DtlDecimal, b: bigint | number | DtlDecimal): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const dec = (x: bigint | number | DtlDecimal) =>
    x instanceof DtlDecimal ? x.value : new ExactDecimal(typeof x === 'bigint' ? x.toString() : x);
  if ((typeof a === 'number' && !Number.isFinite(a)) || (typeof b === 'number' && !Number.isFinite(b)))
    return Number(a instanceof DtlDecimal ? a.value.toNumber() : a) - Number(b instanceof DtlDecimal ? b.value.toNumber() : b) < 0 ? -1 : 1;
  return dec(a).cmp(dec(b));
}

function rank(x: DtlValue): number {
  if (x === null) return 0;
  if (typeof x === 'boolean') return 1;
  if (isNumber(x)) return 2;
  if (x instanceof DtlDatetime) return 3;
  if (x instanceof DtlTagged) return x.tag === 'u' ? 4 : x.tag === ':' ? 5 : x.tag === 'r' ? 6 : 10;
  if (typeof x === 'string') return 7;
  if (x instanceof Map) return 8;
  return 9; // list
}

/** Total order of DTL values (entity-data-model.rst, "sorting"). */
export function compareValues(a: DtlValue, b: DtlValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (a instanceof DtlDatetime) return a.ns < (b as DtlDatetime).ns ? -1 : a.ns > (b as DtlDatetime).ns ? 1 : 0;
  if (a instanceof DtlTagged) return a.text < (b as DtlTagged).text ? -1 : a.text > (b as DtlTagged).text ? 1 : 0;
  if (Array.isArray(a)) {
    const bl = b as readonly DtlValue[];
    for (let i = 0; i < Math.min(a.length, bl.length); i++) {
      const c = compareValues(a[i] as DtlValue, bl[i] as DtlValue);
      if (c !== 0) return c;
    }
    return a.length - bl.length;
  }
  if (a === null) return 0;
  return compareValues([...(a as ReadonlyMap<string, DtlValue>)].sort().flat() as DtlValue[], [...(b as ReadonlyMap<string, DtlValue>)].sort().flat() as DtlValue[]);
}

/** Exact equality of two values; numbers of different types are equal by value. */
export function equalValues(a: DtlValue, b: DtlValue): boolean {
  if (a === b) return true;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => equalValues(x as DtlValue, b[i] as DtlValue));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !equalValues(v as DtlValue, b.get(k) as DtlValue)) return false;
    return true;
  }
  if (a instanceof DtlDatetime && b instanceof DtlDatetime) return a.ns === b.ns;
  if (a instanceof DtlTagged && b instanceof DtlTagged) return a.tag === b.tag && a.text === b.text;
  return false;
}

/** `["eq", A, B]`: both coerced to lists and compared exactly (`["eq", "", "_."]` is true for "" and [""]). */
export function eq(a: DtlValue, b: DtlValue): boolean {
  return equalValues(toList(a), toList(b));
}

/** `["neq", A, B]`: not `eq`. */
export function neq(a: DtlValue, b: DtlValue): boolean {
  return !eq(a, b);
}

/** `["gt", A, B]`: the first value of A is greater than the first value of B. */
export function gt(a: DtlValue, b: DtlValue): boolean {
  return compareValues(firstOf(a), firstOf(b)) > 0;
}
