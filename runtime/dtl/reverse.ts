/**
 * The way back for expression rows whose result can be read back (see
 * generator/dtl/reverse.ts for which rows these are): a datetime formatted by
 * the row is parsed back with the same format, one parsed by the row is
 * formatted back. A target value that does not read back is a
 * ConversionError, so it is reported and never written as the source value.
 */
import { ConversionError } from '../convert.js';
import { isoDatetime } from './boundary.js';
import { formatDatetimeText, parseDatetimeText } from './datetime-text.js';

/** For `["datetime-format", TZ?, FORMAT, "_."]` rows: the target text parsed back, as an ISO 8601 UTC string. */
export function parseBack(value: unknown, format: string, zone: string, raw: string, where?: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  const parsed = typeof value === 'string' ? parseDatetimeText(value, format, zone) : undefined;
  if (parsed === undefined) throw new ConversionError(value, raw, where);
  return parsed.toString();
}

/** For `["datetime-parse", TZ?, FORMAT, "_."]` rows: the target datetime (ISO 8601) formatted back with FORMAT. */
export function formatBack(value: unknown, format: string, zone: string, raw: string, where?: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  const datetime = typeof value === 'string' ? isoDatetime(value) : undefined;
  if (datetime === undefined) throw new ConversionError(value, raw, where);
  return formatDatetimeText(datetime, format, zone);
}
