/**
 * Where system data meets DTL in a generated flow.
 *
 * Entering (`enter`): a JSON value from a system becomes a DTL value the way
 * Sesam's HTTP source reads JSON by default: a number without a fraction is an
 * integer (`do_float_as_int`), a number with one a decimal of its shortest
 * text (`do_float_as_decimal`, so 12.5 is `~f12.5`, never a float), strings
 * are decoded from transit (`~t...` datetime, `~f...` decimal), arrays are
 * lists and objects dicts. `undefined` (absent) is null.
 *
 * Datetimes: a system writes them as ISO 8601 strings, while DTL keeps
 * strings and datetimes apart. Where an expression takes the row's value as a
 * datetime (the VALUES of `datetime-format`, START/END of `datetime-diff`),
 * generated code passes it through `enterDatetime`, which reads an ISO 8601
 * date or date-time (`2024-01-31`, `2024-01-31T10:00:00Z`, `...+02:00`,
 * no offset meaning UTC) as a datetime. Everywhere else a string stays a string.
 *
 * Leaving (`leave`): integers become numbers (a ConversionError beyond
 * 2^53, rather than a rounded number), decimals strings with their scale
 * (`"12.50"`), floats numbers, datetimes ISO 8601 UTC strings with up to 9
 * fraction digits, URIs/UUIDs and the like their transit text, lists arrays,
 * dicts plain objects. The generator knows the expression's result types and
 * passes them as a mask: a value of another type (a list where the source
 * held a list but the expression gives single values) is a ConversionError,
 * so a record the target type cannot hold is reported, not written.
 */
import { ConversionError } from '../convert.js';
import { decodeString } from './transit.js';
import { DtlDatetime, DtlDecimal, DtlTagged, type DtlValue } from './values.js';
import { utcNanos } from './transit.js';

/** Result type bits, as the generator infers them. */
export const NULL = 1;
export const BOOLEAN = 2;
export const INTEGER = 4;
export const DECIMAL = 8;
export const FLOAT = 16;
export const STRING = 32;
export const DATETIME = 64;
export const LIST = 128;
export const DICT = 256;
export const TAGGED = 512;

export function typeBit(v: DtlValue): number {
  if (v === null) return NULL;
  switch (typeof v) {
    case 'boolean':
      return BOOLEAN;
    case 'bigint':
      return INTEGER;
    case 'number':
      return FLOAT;
    case 'string':
      return STRING;
  }
  if (v instanceof DtlDecimal) return DECIMAL;
  if (v instanceof DtlDatetime) return DATETIME;
  if (v instanceof DtlTagged) return TAGGED;
  if (Array.isArray(v)) return LIST;
  return DICT;
}

/** A JSON value from a system as a DTL value (see the module comment). */
export function enter(value: unknown): DtlValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      if (Number.isInteger(value)) return BigInt(value);
      return Number.isFinite(value) ? DtlDecimal.parse(String(value))! : null;
    case 'string':
      return decodeString(value);
    case 'object':
      break;
    default:
      return null;
  }
  if (Array.isArray(value)) return value.map(enter);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : DtlDatetime.fromMillis(value.getTime());
  if (value instanceof DtlDecimal || value instanceof DtlDatetime || value instanceof DtlTagged) return value;
  const dict = new Map<string, DtlValue>();
  for (const key of Object.keys(value)) dict.set(key, enter((value as Record<string, unknown>)[key]));
  return dict;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** An ISO 8601 date or date-time string as a datetime; undefined when it is not one. */
export function isoDatetime(text: string): DtlDatetime | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const ns = utcNanos(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0')));
  if (ns === undefined) return undefined;
  const zone = m[8];
  if (zone === undefined || zone.toUpperCase() === 'Z') return new DtlDatetime(ns);
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0');
  return new DtlDatetime(ns - BigInt((digits[0] === '-' ? -1 : 1) * minutes) * 60_000_000_000n);
}

/** The row's value where an expression takes it as a datetime: ISO 8601 strings read as datetimes (lists element-wise). */
export function enterDatetime(value: DtlValue): DtlValue {
  if (typeof value === 'string') return isoDatetime(value) ?? value;
  if (Array.isArray(value)) return value.map(enterDatetime);
  return value;
}

function leaveValue(v: DtlValue, where: string | undefined, raw: string): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new ConversionError(v, raw, where);
      return Number(v);
    case 'number':
      if (!Number.isFinite(v)) throw new ConversionError(v, raw, where);
      return v;
  }
  if (v instanceof DtlDecimal || v instanceof DtlDatetime || v instanceof DtlTagged) return v.toString();
  if (Array.isArray(v)) return v.map((x) => leaveValue(x as DtlValue, where, raw));
  const out: Record<string, unknown> = {};
  for (const [k, x] of v as ReadonlyMap<string, DtlValue>)
    Object.defineProperty(out, k, { value: leaveValue(x, where, raw), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * A result as the JSON value the target gets. `accepts` is the mask of result
 * types the generator inferred (the target field's TypeScript type); `raw` the
 * expression as the spec writes it, for the error message.
 */
export function leave(value: DtlValue, accepts: number, raw: string, where?: string): unknown {
  if ((typeBit(value) & accepts) === 0) throw new ConversionError(value, raw, where);
  return leaveValue(value, where, raw);
}
