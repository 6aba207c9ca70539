/**
 * A count with its noun for messages people read (`1 spec`, `2 specs`, `1 property`, `3 properties`): one
 * helper for the command line, the docs site and the sync engine, so no message says `spec(s)` or `1 errors`.
 */

/** `1 spec`, `0 specs`, `2 specs`; `many` for nouns that do not just take an s (`property`, `properties`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The noun alone, for a count shown apart from it (`<b>3</b> specs`). */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
