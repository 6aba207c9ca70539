/**
 * String functions (strings.rst): `matches`, `join`, `split`, `replace`.
 * Each ignores values that are not strings.
 */
import { firstOf, mapValues, toList, type DtlValue } from './values.js';

const globs = new Map<string, RegExp>();

/** A whole-string glob: `*` any run of characters, `?` one character, everything else literal. */
function globOf(pattern: string): RegExp {
  let regex = globs.get(pattern);
  if (!regex) {
    let source = '';
    for (const c of pattern) source += c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    regex = new RegExp(`^${source}$`, 'u');
    globs.set(pattern, regex);
  }
  return regex;
}

function firstString(x: DtlValue): string | undefined {
  const f = firstOf(x);
  return typeof f === 'string' ? f : undefined;
}

/** `["matches", PATTERN, VALUES]`: true when VALUES has values and every one is a string matching PATTERN. */
export function matches(pattern: DtlValue, values: DtlValue): boolean {
  const p = firstString(pattern);
  const list = toList(values);
  if (p === undefined || list.length === 0) return false;
  const regex = globOf(p);
  return list.every((v) => typeof v === 'string' && regex.test(v));
}

/** `["join", SEPARATOR, VALUES]`: the strings of VALUES joined by SEPARATOR (`[]` gives ""). */
export function join(separator: DtlValue, values: DtlValue): string {
  const sep = firstString(separator) ?? '';
  return toList(values)
    .filter((v): v is string => typeof v === 'string')
    .join(sep);
}

/**
 * `["split", SEPARATOR?, VALUES]`: one flat list of the pieces of every string
 * in VALUES; `""` splits into characters, no SEPARATOR on runs of whitespace (Python's `split()`).
 */
export function split(separator: DtlValue | undefined, values: DtlValue): DtlValue[] {
  const sep = separator === undefined ? undefined : firstString(separator);
  const out: DtlValue[] = [];
  for (const v of toList(values)) {
    if (typeof v !== 'string') continue;
    // Loops, not push(...parts): a record's string may split into more parts than the stack holds.
    const parts = sep === undefined ? v.split(/\s+/).filter((s) => s !== '') : sep === '' ? Array.from(v) : v.split(sep);
    for (const part of parts) out.push(part);
  }
  return out;
}

/**
 * `["replace", OLD, NEW, VALUES]` or `["replace", {OLD: NEW, ...}, VALUES]`:
 * every occurrence replaced in each string (in dict order for a dict); other values are dropped.
 */
export function replace(old: DtlValue, replacement: DtlValue | undefined, values: DtlValue): DtlValue {
  let pairs: [string, string][];
  if (old instanceof Map) {
    pairs = [];
    for (const [k, v] of old) if (typeof v === 'string') pairs.push([k, v]);
  } else {
    const o = firstString(old);
    const n = replacement === undefined ? undefined : firstString(replacement);
    pairs = o === undefined || n === undefined ? [] : [[o, n]];
  }
  return mapValues(values, (v) => {
    if (typeof v !== 'string') return undefined;
    let s = v;
    for (const [o, n] of pairs) s = s.split(o).join(n);
    return s;
  });
}
