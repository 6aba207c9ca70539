/**
 * DTL's casts (numbers.rst, booleans.rst, strings.rst): `integer`, `decimal`,
 * `float`, `boolean`, `string`. Each maps over a list and drops what does not
 * convert (or replaces it by the optional default expression, evaluated with
 * `_.` bound to the offending value); a single value that does not convert
 * gives null.
 */
import { floatText } from './transit.js';
import {
  DtlDatetime,
  DtlDecimal,
  DtlTagged,
  ExactDecimal,
  mapValues,
  type DtlValue,
} from './values.js';

/** The optional first argument of a cast: the value to use for one that does not convert. */
export type Fallback = (value: DtlValue) => DtlValue;

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const HEX_TEXT = /^0[xX]([0-9a-fA-F]+)$/;
const FLOAT_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function toInteger(x: DtlValue): bigint | undefined {
  switch (typeof x) {
    case 'bigint':
      return x;
    case 'number':
      return Number.isFinite(x) ? BigInt(Math.trunc(x)) : undefined;
    case 'string': {
      const hex = HEX_TEXT.exec(x);
      if (hex) {
        // Two's complement over the digits written: "0xff" is -1, "0x00ff" is 255.
        const n = BigInt(`0x${hex[1]}`);
        const bits = BigInt(hex[1]!.length * 4);
        return n >= 1n << (bits - 1n) ? n - (1n << bits) : n;
      }
      return INTEGER_TEXT.test(x) ? BigInt(x.trim()) : undefined;
    }
  }
  if (x instanceof DtlDecimal) return BigInt(x.value.trunc().toFixed(0));
  return undefined;
}

function toDecimal(x: DtlValue): DtlDecimal | undefined {
  switch (typeof x) {
    case 'bigint':
      return DtlDecimal.of(new ExactDecimal(x.toString()), 0);
    case 'number':
      return Number.isFinite(x) ? DtlDecimal.parse(floatText(x)) : undefined;
    case 'string':
      return DtlDecimal.parse(x);
  }
  if (x instanceof DtlDecimal) return x;
  return undefined;
}

function toFloat(x: DtlValue): number | undefined {
  switch (typeof x) {
    case 'bigint':
      return Number(x);
    case 'number':
      return x;
    case 'string':
      return FLOAT_TEXT.test(x) ? Number(x.trim()) : undefined;
  }
  if (x instanceof DtlDecimal) return x.value.toNumber();
  return undefined;
}

function toBoolean(x: DtlValue): boolean | undefined {
  if (typeof x === 'boolean') return x;
  if (typeof x === 'string') {
    const word = x.toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
  }
  return undefined;
}

/** Python's json.dumps with its default separators and sorted keys (`{"a": 1, "b": 2}`), without transit tags. */
function pythonJson(x: DtlValue): string {
  if (x === null) return 'null';
  switch (typeof x) {
    case 'boolean':
      return x ? 'true' : 'false';
    case 'bigint':
      return x.toString();
    case 'number':
      return Number.isFinite(x) ? floatText(x) : x > 0 ? 'Infinity' : x < 0 ? '-Infinity' : 'NaN';
    case 'string':
      return JSON.stringify(x);
  }
  if (x instanceof DtlDecimal) return x.toString();
  if (x instanceof DtlDatetime || x instanceof DtlTagged) return JSON.stringify(stringOf(x));
  if (Array.isArray(x)) return `[${(x as readonly DtlValue[]).map(pythonJson).join(', ')}]`;
  const map = x as ReadonlyMap<string, DtlValue>;
  return `{${[...map.keys()].sort().map((k) => `${JSON.stringify(k)}: ${pythonJson(map.get(k)!)}`).join(', ')}}`;
}

function stringOf(x: DtlValue): string | undefined {
  if (x === null) return undefined;
  switch (typeof x) {
    case 'string':
      return x;
    case 'boolean':
      return x ? 'true' : 'false';
    case 'bigint':
      return x.toString();
    case 'number':
      return floatText(x);
  }
  if (x instanceof DtlDecimal || x instanceof DtlDatetime) return x.toString();
  if (x instanceof DtlTagged) return x.tag === 'b' ? Buffer.from(x.text, 'base64').toString('utf8') : x.text;
  return pythonJson(x);
}

/** `["integer", DEFAULT?, VALUES]`: integers from integers, floats and decimals (truncated), integer and `0x` strings. */
export function integer(values: DtlValue, fallback?: Fallback): DtlValue {
  return mapValues(values, toInteger, fallback);
}

/** `["decimal", DEFAULT?, VALUES]`: decimals from numbers and decimal strings, keeping the digits written. */
export function decimal(values: DtlValue, fallback?: Fallback): DtlValue {
  return mapValues(values, toDecimal, fallback);
}

/** `["float", DEFAULT?, VALUES]`: doubles from numbers and numeric strings (decimals may lose precision). */
export function float(values: DtlValue, fallback?: Fallback): DtlValue {
  return mapValues(values, toFloat, fallback);
}

/** `["boolean", DEFAULT?, VALUES]`: booleans and the strings "true"/"false" in any case; nothing else. */
export function boolean(values: DtlValue, fallback?: Fallback): DtlValue {
  return mapValues(values, toBoolean, fallback);
}

/**
 * `["string", VALUES]`: every non-null value as a string. Lists and dicts of
 * the argument are its elements, each JSON-encoded the Python way when it is
 * itself a list or dict; URIs lose their `~r`, floats print as `124.4`.
 */
export function string(values: DtlValue): DtlValue {
  return mapValues(values, stringOf);
}
