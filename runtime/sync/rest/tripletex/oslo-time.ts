/** Tripletex DateTimes are `YYYY-MM-DDThh:mm:ss` in Norwegian local time, with no offset. */
const format = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Tripletex writes it (Europe/Oslo wall clock); milliseconds are cut, which only widens a `changedSince` window. */
export function osloLocal(instant: Date | number | string): string {
  const date = new Date(instant);
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The instant of an Oslo wall-clock time (`2026-12-01T10:00:00`). */
export function fromOsloLocal(text: string): number {
  const asUtc = Date.parse(`${text.slice(0, 19)}Z`);
  // The offset at that instant (+1 h or +2 h), found by formatting the guess back.
  const guess = asUtc - (Date.parse(`${osloLocal(asUtc)}Z`) - asUtc);
  return guess - (Date.parse(`${osloLocal(guess)}Z`) - Date.parse(`${text.slice(0, 19)}Z`));
}
