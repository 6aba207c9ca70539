/**
 * Date and time functions (date-and-time.rst): `datetime-format`,
 * `datetime-parse`, `datetime-diff`, `now`. Datetimes are values: formatting
 * ignores what is not a datetime, parsing drops what does not match.
 */
import { formatDatetimeText, parseDatetimeText } from './datetime-text.js';
import { DtlDatetime, firstOf, mapValues, type DtlValue } from './values.js';
import { DtlError } from './datetime-text.js';

function zoneAndRest(args: DtlValue[]): { zone: string; format: string; values: DtlValue } {
  const text = (x: DtlValue, what: string) => {
    const f = firstOf(x);
    if (typeof f !== 'string') throw new DtlError(`${what} must be a string`);
    return f;
  };
  if (args.length === 3) return { zone: text(args[0]!, 'the time zone'), format: text(args[1]!, 'the format'), values: args[2]! };
  if (args.length === 2) return { zone: 'UTC', format: text(args[0]!, 'the format'), values: args[1]! };
  throw new DtlError(`expected 2 or 3 arguments, got ${args.length}`);
}

/** `["datetime-format", TZ?, FORMAT, VALUES]`: datetimes as text in TZ (default UTC); other values are ignored. */
export function datetimeFormat(...args: DtlValue[]): DtlValue {
  const { zone, format, values } = zoneAndRest(args);
  return mapValues(values, (x) => (x instanceof DtlDatetime ? formatDatetimeText(x, format, zone) : undefined));
}

/** `["datetime-parse", TZ?, FORMAT, VALUES]`: strings matching FORMAT exactly, read in TZ (default UTC), as datetimes. */
export function datetimeParse(...args: DtlValue[]): DtlValue {
  const { zone, format, values } = zoneAndRest(args);
  return mapValues(values, (x) => (typeof x === 'string' ? parseDatetimeText(x, format, zone) : undefined));
}

const UNIT_NS: Record<string, bigint> = {
  week: 7n * 86_400_000_000_000n,
  day: 86_400_000_000_000n,
  hour: 3_600_000_000_000n,
  minute: 60_000_000_000n,
  second: 1_000_000_000n,
  millisecond: 1_000_000n,
  microsecond: 1_000n,
  nanosecond: 1n,
};

export const DATETIME_PARTS = ['year', 'month', ...Object.keys(UNIT_NS)];

/** Whole calendar months from END to START, truncated toward zero. */
function monthsBetween(start: DtlDatetime, end: DtlDatetime): bigint {
  const a = new Date(start.millis);
  const b = new Date(end.millis);
  let months = (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + (a.getUTCMonth() - b.getUTCMonth());
  // The rest of the month (day, time of day) decides whether the last month is whole.
  const rest = (d: Date, dt: DtlDatetime) => BigInt(d.getUTCDate()) * 86_400_000_000_000n + (dt.ns - BigInt(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) * 1_000_000n);
  const ra = rest(a, start);
  const rb = rest(b, end);
  if (months > 0 && ra < rb) months--;
  else if (months < 0 && ra > rb) months++;
  return BigInt(months);
}

/**
 * `["datetime-diff", PART, START, END]`: START minus END in whole PARTs,
 * truncated toward zero (11 months is 0 years, 8 days is 1 week). Null when
 * either is not a datetime.
 */
export function datetimeDiff(part: DtlValue, start: DtlValue, end: DtlValue): DtlValue {
  const p = firstOf(part);
  const s = firstOf(start);
  const e = firstOf(end);
  if (typeof p !== 'string' || !DATETIME_PARTS.includes(p)) throw new DtlError(`datetime-diff: unknown part ${JSON.stringify(p)}`);
  if (!(s instanceof DtlDatetime) || !(e instanceof DtlDatetime)) return null;
  if (p === 'year') return monthsBetween(s, e) / 12n;
  if (p === 'month') return monthsBetween(s, e);
  return (s.ns - e.ns) / UNIT_NS[p]!; // bigint division truncates toward zero
}

/** `["now"]`: the current time. */
export function now(): DtlDatetime {
  return DtlDatetime.fromMillis(Date.now());
}
