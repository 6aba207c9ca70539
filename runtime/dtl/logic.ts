/**
 * Conditionals, null tests, type tests and boolean logic (conditionals.rst,
 * nulls.rst, numbers.rst, booleans.rst, boolean-logic.rst): `if`, `if-null`,
 * `is-null`, `is-decimal`, `is-boolean`, `or`. Type tests look at the first
 * element of a list; truthiness is DTL's (only false, null and [] are false).
 */
import { DtlDecimal, firstOf, truthy, type DtlValue } from './values.js';

/**
 * `["if", CONDITION, THEN, ELSE?]` with both branches already evaluated (generated
 * code uses `truthy(c) ? then : else` so only one branch runs). No ELSE gives null.
 */
export function if_(condition: DtlValue, then: DtlValue, otherwise: DtlValue = null): DtlValue {
  return truthy(condition) ? then : otherwise;
}

/** `["is-null", VALUES]`: null, `[]`, or a list whose first element is null. */
export function isNull(values: DtlValue): boolean {
  return firstOf(values) === null;
}

/** `["if-null", VALUE, FALLBACK]`: FALLBACK when `is-null(VALUE)`. */
export function ifNull(value: DtlValue, fallback: DtlValue): DtlValue {
  return isNull(value) ? fallback : value;
}

/** `["is-decimal", VALUES]`: a decimal (not a float literal, not an integer), or a list that starts with one. */
export function isDecimal(values: DtlValue): boolean {
  return firstOf(values) instanceof DtlDecimal;
}

/** `["is-boolean", VALUES]`: a boolean (`"True"` is a string), or a list that starts with one. */
export function isBoolean(values: DtlValue): boolean {
  return typeof firstOf(values) === 'boolean';
}

/** `["or", B1, B2, ...]`: true when any argument is truthy. */
export function or(...conditions: DtlValue[]): boolean {
  for (const c of conditions) if (truthy(c)) return true;
  return false;
}
