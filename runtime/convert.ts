/**
 * Conversion of values to a property's target data type. A value that cannot be
 * converted is a `ConversionError`, never `NaN` or a silent guess. `null` and
 * `undefined` mean "no value" and pass through every converter unchanged.
 */
import type { TypeSpec } from './flow.js';
import { formatDatetime } from './strftime.js';

export class ConversionError extends Error {
  override readonly name = 'ConversionError';
  constructor(
    readonly value: unknown,
    /** The target type as the spec writes it (`"integer"`, `"datetime-format","%Y-%m-%d","_."]`). */
    readonly type: string,
    /** Where the value was going, e.g. `mobilePhone` (spec line 42). */
    readonly where?: string,
  ) {
    super(`cannot convert ${describe(value)} to ${type}${where ? ` for ${where}` : ''}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

const INTEGER = /^[+-]?\d+(?:\.0*)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type Nothing = null | undefined;

export function asString(value: unknown, where?: string): string | Nothing {
  if (value === null || value === undefined || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw new ConversionError(value, '"string"', where);
}

export function asInteger(value: unknown, where?: string): number | Nothing {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && INTEGER.test(value.trim())) {
    const n = Number.parseInt(value.trim(), 10);
    if (Number.isSafeInteger(n)) return n;
  }
  throw new ConversionError(value, '"integer"', where);
}

export function asFloat(value: unknown, where?: string): number | Nothing {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && NUMBER.test(value.trim())) {
    const n = Number(value.trim());
    if (Number.isFinite(n)) return n;
  }
  throw new ConversionError(value, '"float"', where);
}

/** Decimals stay strings so no digit is lost to binary floating point. */
export function asDecimal(value: unknown, where?: string): string | Nothing {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && NUMBER.test(value.trim())) return value.trim().replace(/^\+/, '');
  throw new ConversionError(value, '"decimal"', where);
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

export function asBoolean(value: unknown, where?: string): boolean | Nothing {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
  }
  if (value === 1) return true;
  if (value === 0) return false;
  throw new ConversionError(value, '"boolean"', where);
}

/** A single value becomes a one-element list. */
export function asList(value: unknown): unknown[] | Nothing {
  if (value === null || value === undefined) return value;
  return Array.isArray(value) ? [...value] : [value];
}

/** Formats a date (a `Date`, an ISO 8601 string or epoch milliseconds) with a strftime format, in UTC. */
export function asDatetime(format: string, raw = `"datetime-format","${format}"`) {
  return (value: unknown, where?: string): string | Nothing => {
    if (value === null || value === undefined) return value;
    const date =
      value instanceof Date
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? new Date(value.trim())
          : typeof value === 'number'
            ? new Date(value)
            : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new ConversionError(value, raw, where);
    return formatDatetime(date, format);
  };
}

/** For `N/A` and DTL expressions the spec gives no type to enforce: values pass through. */
export function passThrough<V>(value: V): V {
  return value;
}

/** Converts by a TypeSpec (what the sync engine and generic tools use; generated code calls the named converters). */
export function convertValue(value: unknown, type: TypeSpec, where?: string): unknown {
  switch (type.kind) {
    case 'string':
      return asString(value, where);
    case 'integer':
      return asInteger(value, where);
    case 'float':
      return asFloat(value, where);
    case 'decimal':
      return asDecimal(value, where);
    case 'boolean':
      return asBoolean(value, where);
    case 'list':
      return asList(value);
    case 'datetime':
      return type.format === undefined ? asString(value, where) : asDatetime(type.format, type.raw)(value, where);
    case 'any':
    case 'expression':
      return value;
  }
}
