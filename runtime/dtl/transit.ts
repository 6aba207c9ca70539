/**
 * Sesam's transit encoding of typed values in JSON (entity-data-model.rst):
 * `~t` datetime, `~f` decimal, `~r` URI, `~u` UUID, `~b` bytes, `~:` NI;
 * a string with any other prefix (or a tagged one that does not parse) stays
 * a string, as the documentation says no escaping exists.
 */
import { DtlDatetime, DtlDecimal, DtlTagged, isList, type DtlValue } from './values.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Nanoseconds since the epoch of a UTC calendar time; undefined when a field is out of range. */
export function utcNanos(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ns = 0): bigint | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(ms);
  if (y < 100) date.setUTCFullYear(y); // Date.UTC maps years 0..99 to 1900..1999
  return BigInt(date.getTime()) * 1_000_000n + BigInt(ns);
}

export function daysInMonth(y: number, mo: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
}

/** `~t2015-12-31` (a date, at midnight UTC) or `~t2015-07-28T09:46:00.12345Z` (Z is required). */
export function parseTransitDatetime(text: string): DtlDatetime | undefined {
  let m = DATE.exec(text);
  if (m) {
    const ns = utcNanos(+m[1]!, +m[2]!, +m[3]!);
    return ns === undefined ? undefined : new DtlDatetime(ns);
  }
  m = DATETIME.exec(text);
  if (!m) return undefined;
  const fraction = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  const ns = utcNanos(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fraction);
  return ns === undefined ? undefined : new DtlDatetime(ns);
}

/** A string as DTL reads it: tagged values decoded, every other string unchanged. */
export function decodeString(text: string): DtlValue {
  if (text.length < 2 || text.charCodeAt(0) !== 126 /* ~ */) return text;
  const body = text.slice(2);
  switch (text[1]) {
    case 't':
      return parseTransitDatetime(body) ?? text;
    case 'f':
      return DtlDecimal.parse(body) ?? text;
    case 'r':
    case 'u':
    case 'b':
    case ':':
      return new DtlTagged(text[1] as 'r' | 'u' | 'b' | ':', body);
    default:
      return text;
  }
}

/** A float as Python prints it (`1.0`, `124.4`, `1e+16`), which is also how Sesam's JSON writes it. */
export function floatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const text = String(x);
  if (Math.abs(x) >= 1e16 && !text.includes('e')) return x.toExponential().replace(/e\+?/, 'e+');
  return text;
}

/** A value as transit-encoded JSON text: integers exact (any size), `~f` decimals, `~t` datetimes. */
export function encodeJson(value: DtlValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? floatText(value) : 'null';
    case 'string':
      return JSON.stringify(value);
  }
  if (value instanceof DtlDecimal) return JSON.stringify(`~f${value.toString()}`);
  if (value instanceof DtlDatetime) return JSON.stringify(`~t${value.toString()}`);
  if (value instanceof DtlTagged) return JSON.stringify(value.toString());
  if (isList(value)) return `[${value.map(encodeJson).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of value as ReadonlyMap<string, DtlValue>) parts.push(`${JSON.stringify(k)}:${encodeJson(v)}`);
  return `{${parts.join(',')}}`;
}
