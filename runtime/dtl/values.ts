/**
 * The values DTL expressions compute with: Sesam's entity types as distinct
 * JavaScript values, so integers, decimals and floats never collapse into one
 * `number` and datetimes are values rather than strings.
 *
 * | DTL type | here |
 * |---|---|
 * | null | `null` |
 * | boolean | `boolean` |
 * | integer (unbounded) | `bigint` |
 * | float (IEEE double) | `number` |
 * | decimal (arbitrary precision, keeps its scale) | `DtlDecimal` |
 * | string | `string` |
 * | datetime (nanoseconds, UTC) | `DtlDatetime` |
 * | list | `readonly DtlValue[]` |
 * | dict | `DtlDict` (a `Map`, so no key reaches a prototype) |
 * | URI, UUID, bytes, NI (transit `~r` `~u` `~b` `~:`) | `DtlTagged` |
 */
import { Decimal } from 'decimal.js';

export type DtlValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | DtlDecimal
  | DtlDatetime
  | DtlTagged
  | DtlDict
  | readonly DtlValue[];

export type DtlDict = ReadonlyMap<string, DtlValue>;

/** Exact decimal arithmetic, never rounded on construction (decimal.js keeps every digit it is given). */
const Exact = Decimal.clone({ precision: 1000, toExpNeg: -9e15, toExpPos: 9e15 });

/** A decimal number with its scale (digits after the point), so `12.50` stays `12.50`. */
export class DtlDecimal {
  private constructor(
    readonly value: Decimal,
    readonly scale: number,
  ) {}

  /** Parses a decimal literal (`12.50`, `-1`, `1E2`, `.5`); undefined for anything else. */
  static parse(text: string): DtlDecimal | undefined {
    const t = text.trim();
    const m = /^[+-]?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/.exec(t);
    if (!m) return undefined;
    const fraction = (m[2] ?? m[3] ?? '').length;
    const exponent = m[4] === undefined ? 0 : Number(m[4]);
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 100000) return undefined;
    return new DtlDecimal(new Exact(t), Math.max(0, fraction - exponent));
  }

  static of(value: Decimal, scale: number): DtlDecimal {
    return new DtlDecimal(new Exact(value), Math.max(0, scale));
  }

  /** The plain decimal text, with the scale's trailing zeros and no exponent (`1E2` is `100`). */
  toString(): string {
    return this.value.toFixed(this.scale);
  }
}

export { Exact as ExactDecimal };

/** A point in time: nanoseconds since 1970-01-01T00:00:00Z. */
export class DtlDatetime {
  constructor(readonly ns: bigint) {}

  static fromMillis(ms: number): DtlDatetime {
    return new DtlDatetime(BigInt(Math.round(ms)) * 1_000_000n);
  }

  /** Milliseconds since the epoch, rounded down (for calendar arithmetic through `Date`). */
  get millis(): number {
    return Number(floorDiv(this.ns, 1_000_000n));
  }

  /** Nanoseconds within the second, 0..999,999,999. */
  get nanos(): number {
    return Number(floorMod(this.ns, 1_000_000_000n));
  }

  /** ISO 8601 in UTC with `Z`, fraction digits only as many as needed (`2015-07-28T09:46:00.12345Z`). */
  toString(): string {
    const seconds = floorDiv(this.ns, 1_000_000_000n);
    const date = new Date(Number(seconds) * 1000);
    const text = date.toISOString().slice(0, 19);
    const nanos = this.nanos;
    const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
    return `${text}${fraction}Z`;
  }
}

/** A transit-tagged value DTL keeps apart from strings: `~r` URI, `~u` UUID, `~b` bytes, `~:` NI. */
export class DtlTagged {
  constructor(
    readonly tag: 'r' | 'u' | 'b' | ':',
    readonly text: string,
  ) {}

  toString(): string {
    return `~${this.tag}${this.text}`;
  }
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function floorMod(a: bigint, b: bigint): bigint {
  const m = a % b;
  return m !== 0n && (m < 0n) !== (b < 0n) ? m + b : m;
}

export const isList = (v: DtlValue): v is readonly DtlValue[] => Array.isArray(v);
export const isDict = (v: DtlValue): v is DtlDict => v instanceof Map;
export const isDecimalValue = (v: DtlValue): v is DtlDecimal => v instanceof DtlDecimal;
export const isDatetimeValue = (v: DtlValue): v is DtlDatetime => v instanceof DtlDatetime;
/** A float: a JavaScript number (integers are bigints). */
export const isFloatValue = (v: DtlValue): v is number => typeof v === 'number';

/** DTL coerces arguments to lists in many places: a list is itself, null is `[]`, anything else a one-element list. */
export function toList(v: DtlValue): readonly DtlValue[] {
  if (Array.isArray(v)) return v as readonly DtlValue[];
  return v === null ? [] : [v];
}

/** The first value of a list, or the value itself; null for `[]`. */
export function firstOf(v: DtlValue): DtlValue {
  if (Array.isArray(v)) return v.length > 0 ? (v[0] as DtlValue) : null;
  return v;
}

/**
 * Truthiness of a boolean-expression (argument-types.rst): only `false`, `null`
 * and `[]` are false; `0`, `""` and every other value are true.
 */
export function truthy(v: DtlValue): boolean {
  if (v === false || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Maps a cast over a value: lists element-wise, dropping what gives undefined; a single value gives null instead. */
export function mapValues(
  v: DtlValue,
  convert: (x: DtlValue) => DtlValue | undefined,
  fallback?: (x: DtlValue) => DtlValue,
): DtlValue {
  if (Array.isArray(v)) {
    const out: DtlValue[] = [];
    for (const x of v as readonly DtlValue[]) {
      if (x === null) continue; // "all non-null input values"
      const c = convert(x);
      if (c !== undefined) out.push(c);
      else if (fallback) out.push(fallback(x));
    }
    return out;
  }
  if (v === null) return null;
  const c = convert(v);
  if (c !== undefined) return c;
  return fallback ? fallback(v) : null;
}
