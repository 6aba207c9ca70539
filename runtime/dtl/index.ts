/**
 * Sesam DTL for generated code: one function per DTL function the specs use,
 * the value types, and the boundary (`enter`, `enterDatetime`, `leave`) between a
 * system's JSON and DTL values. Imported as the `dtl` namespace of `dataflow/runtime`.
 */
export { abs } from './math.js';
export { boolean, decimal, float, integer, string, type Fallback } from './casts.js';
export { eq, gt, neq, compareValues, equalValues } from './comparisons.js';
export { datetimeDiff, datetimeFormat, datetimeParse, now } from './datetimes.js';
export { first, isEmpty, list, slice } from './lists.js';
export { path } from './paths.js';
export { if_, ifNull, isBoolean, isDecimal, isNull, or } from './logic.js';
export { join, matches, replace, split } from './strings.js';
export { truthy, DtlDatetime, DtlDecimal, DtlTagged, type DtlValue, type DtlDict } from './values.js';
export { decodeString, encodeJson } from './transit.js';
export { DtlError } from './datetime-text.js';
export { formatBack, parseBack } from './reverse.js';
export {
  enter,
  enterDatetime,
  leave,
  NULL,
  BOOLEAN,
  INTEGER,
  DECIMAL,
  FLOAT,
  STRING,
  DATETIME,
  LIST,
  DICT,
  TAGGED,
} from './boundary.js';
