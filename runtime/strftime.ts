/** A small strftime (UTC) for the datetime formats specs carry, such as `%Y-%m-%dT%H:%M:%S.%fZ`. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const DIRECTIVES: Record<string, (d: Date) => string> = {
  Y: (d) => pad(d.getUTCFullYear(), 4),
  y: (d) => pad(d.getUTCFullYear() % 100),
  m: (d) => pad(d.getUTCMonth() + 1),
  d: (d) => pad(d.getUTCDate()),
  H: (d) => pad(d.getUTCHours()),
  I: (d) => pad(((d.getUTCHours() + 11) % 12) + 1),
  p: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  M: (d) => pad(d.getUTCMinutes()),
  S: (d) => pad(d.getUTCSeconds()),
  f: (d) => pad(d.getUTCMilliseconds() * 1000, 6),
  j: (d) => pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
  b: (d) => MONTHS[d.getUTCMonth()]!,
  a: (d) => DAYS[d.getUTCDay()]!,
  z: () => '+0000',
  Z: () => 'UTC',
  '%': () => '%',
};

/** Unknown directives are kept as written. */
export function formatDatetime(date: Date, format: string): string {
  return format.replace(/%(.)/g, (whole, code: string) => DIRECTIVES[code]?.(date) ?? whole);
}
