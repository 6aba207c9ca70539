/**
 * strftime/strptime for DTL's `datetime-format` and `datetime-parse` with the
 * tokens date-and-time.rst lists (%d %e %H %I %m %M %p %S %f %y %Y %z %%),
 * nanosecond datetimes and IANA time zones (through Intl).
 */
import { DtlDatetime, floorDiv, floorMod } from './values.js';
import { daysInMonth, utcNanos } from './transit.js';

export class DtlError extends Error {
  override readonly name = 'DtlError';
}

const NS_PER_MS = 1_000_000n;
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Throws DtlError for a zone name Intl does not know. */
export function checkTimeZone(zone: string): void {
  zoneFormat(zone);
}

function zoneFormat(zone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new DtlError(`unknown time zone ${JSON.stringify(zone)}`);
    }
    zoneFormats.set(zone, format);
  }
  return format;
}

/** The zone's UTC offset in milliseconds at an instant. */
function offsetAt(zone: string, ms: number): number {
  if (zone === 'UTC') return 0;
  const parts: Record<string, string> = {};
  for (const p of zoneFormat(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  d.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return d.getTime() - (ms - (((ms % 1000) + 1000) % 1000));
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  offsetMinutes: number;
}

function fieldsOf(value: DtlDatetime, zone: string): Fields {
  const ms = Number(floorDiv(value.ns, NS_PER_MS));
  const offset = offsetAt(zone, ms);
  const local = new Date(Number(floorDiv(value.ns, 1_000_000_000n)) * 1000 + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    nanos: Number(floorMod(value.ns, 1_000_000_000n)),
    offsetMinutes: Math.round(offset / 60000),
  };
}

const pad = (n: number, width = 2) => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));

/** Formats a datetime in a zone. Output has microseconds at most (`%f`), as the documentation says. */
export function formatDatetimeText(value: DtlDatetime, format: string, zone = 'UTC'): string {
  const f = fieldsOf(value, zone);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const code = format[++i]!;
    switch (code) {
      case 'Y': out += pad(f.year, 4); break;
      case 'y': out += pad(((f.year % 100) + 100) % 100); break;
      case 'm': out += pad(f.month); break;
      case 'd': out += pad(f.day); break;
      case 'e': out += String(f.day); break;
      case 'H': out += pad(f.hour); break;
      case 'I': out += pad(((f.hour + 11) % 12) + 1); break;
      case 'p': out += f.hour < 12 ? 'AM' : 'PM'; break;
      case 'M': out += pad(f.minute); break;
      case 'S': out += pad(f.second); break;
      case 'f': out += pad(Math.floor(f.nanos / 1000), 6); break;
      case 'z': {
        const m = Math.abs(f.offsetMinutes);
        out += `${f.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(m / 60))}${pad(m % 60)}`;
        break;
      }
      case '%': out += '%'; break;
      default: out += `%${code}`; // not a documented token: copied as written
    }
  }
  return out;
}

type Part = { literal: string } | { token: string };

function partsOf(format: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '%' && i + 1 < format.length) {
      const code = format[++i]!;
      parts.push(code === '%' ? { literal: '%' } : { token: code });
    } else parts.push({ literal: format[i]! });
  }
  return parts;
}

const TOKEN_PATTERN: Record<string, string> = {
  Y: '(\\d{4})',
  y: '(\\d{2})',
  m: '(\\d{1,2})',
  d: '(\\d{1,2})',
  e: '(\\d{1,2})',
  H: '(\\d{1,2})',
  I: '(\\d{1,2})',
  M: '(\\d{1,2})',
  S: '(\\d{1,2})',
  f: '(\\d{1,6})',
  p: '([AaPp][Mm])',
  z: '(Z|[+-]\\d{2}:?\\d{2})',
};

const parsers = new Map<string, { regex: RegExp; tokens: string[] }>();

function parserOf(format: string): { regex: RegExp; tokens: string[] } {
  let parser = parsers.get(format);
  if (!parser) {
    const tokens: string[] = [];
    let source = '';
    for (const part of partsOf(format)) {
      if ('literal' in part) source += part.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      else {
        const pattern = TOKEN_PATTERN[part.token];
        if (pattern === undefined) throw new DtlError(`datetime-parse: unsupported token %${part.token} in ${JSON.stringify(format)}`);
        tokens.push(part.token);
        source += pattern;
      }
    }
    const z = tokens.indexOf('z');
    if (z >= 0 && z !== tokens.length - 1) throw new DtlError(`datetime-parse: %z must be the last token in ${JSON.stringify(format)}`);
    parser = { regex: new RegExp(`^${source}$`), tokens };
    parsers.set(format, parser);
  }
  return parser;
}

/** Throws DtlError for a format datetime-parse cannot use. */
export function checkParseFormat(format: string): void {
  parserOf(format);
}

/** Parses a string that matches FORMAT exactly; undefined otherwise. Wall time is read in ZONE unless %z gives the offset. */
export function parseDatetimeText(text: string, format: string, zone = 'UTC'): DtlDatetime | undefined {
  const { regex, tokens } = parserOf(format);
  const m = regex.exec(text);
  if (!m) return undefined;
  let year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0;
  let hour12: number | undefined, pm: boolean | undefined, offset: number | undefined;
  tokens.forEach((token, i) => {
    const v = m[i + 1]!;
    switch (token) {
      case 'Y': year = Number(v); break;
      case 'y': year = Number(v) < 69 ? 2000 + Number(v) : 1900 + Number(v); break;
      case 'm': month = Number(v); break;
      case 'd': case 'e': day = Number(v); break;
      case 'H': hour = Number(v); break;
      case 'I': hour12 = Number(v); break;
      case 'p': pm = v.toLowerCase() === 'pm'; break;
      case 'M': minute = Number(v); break;
      case 'S': second = Number(v); break;
      case 'f': nanos = Number(v.padEnd(9, '0')); break;
      case 'z': {
        if (v === 'Z') offset = 0;
        else {
          const digits = v.replace(':', '');
          const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
          offset = (digits[0] === '-' ? -1 : 1) * minutes;
        }
        break;
      }
    }
  });
  if (hour12 !== undefined) {
    if (hour12 < 1 || hour12 > 12) return undefined;
    hour = (hour12 % 12) + (pm ? 12 : 0);
  }
  if (day > daysInMonth(year, Math.min(Math.max(month, 1), 12))) return undefined;
  const wall = utcNanos(year, month, day, hour, minute, second, nanos);
  if (wall === undefined) return undefined;
  if (offset !== undefined) return new DtlDatetime(wall - BigInt(offset) * 60_000_000_000n);
  if (zone === 'UTC') return new DtlDatetime(wall);
  // Wall time in a zone: the offset at the guessed instant, refined once (exact outside DST gaps).
  const wallMs = Number(floorDiv(wall, NS_PER_MS));
  let guess = wallMs - offsetAt(zone, wallMs);
  guess = wallMs - offsetAt(zone, guess);
  return new DtlDatetime(wall + BigInt(guess - wallMs) * NS_PER_MS);
}
