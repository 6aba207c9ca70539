/** `abs` (math.rst): maps over lists; an integer stays an integer, a decimal keeps its scale, a float stays a float. */
import { DtlDecimal, mapValues, type DtlValue } from './values.js';

export function abs(values: DtlValue): DtlValue {
  return mapValues(values, (x) => {
    if (typeof x === 'bigint') return x < 0n ? -x : x;
    if (typeof x === 'number') return Math.abs(x);
    if (x instanceof DtlDecimal) return DtlDecimal.of(x.value.abs(), x.scale);
    return undefined;
  });
}
