/**
 * The one place where spec text becomes code: identifiers, file names, string
 * literals, property keys and comment text. Spec text is data, never code, so
 * every function here returns something inert whatever the input holds.
 */
import { entitySlug } from '../runtime/slug.js';

/** ECMAScript reserved words plus the globals generated code must not shadow. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function ' +
    'if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await async of any unknown never ' +
    'object string number boolean symbol bigint undefined type declare namespace module as from satisfies keyof readonly ' +
    'arguments eval NaN Infinity Object Array String Number Boolean Symbol Date Error Promise Record Partial Map Set JSON Math'
  ).split(' '),
);

/** Words of a name, ASCII letters and digits only: `HubSpot Contact (human)` -> [hubspot, contact, human]. */
export function words(text: string): string[] {
  return entitySlug(text).split('-').filter(Boolean);
}

/** kebab-case file stem, never empty: `HubSpot Deal to Tripletex Order` -> `hubspot-deal-to-tripletex-order`. */
export function fileStem(text: string, fallback: string): string {
  return entitySlug(text) || fallback;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A safe camelCase identifier: only [A-Za-z0-9_$], never a leading digit, never a reserved word. */
export function camelIdentifier(text: string, fallback: string): string {
  const w = words(text);
  const id = w.length === 0 ? fallback : w[0]! + w.slice(1).map(capitalise).join('');
  return guard(id);
}

/** A safe PascalCase identifier (type names). */
export function pascalIdentifier(text: string, fallback: string): string {
  const w = words(text);
  const id = w.length === 0 ? fallback : w.map(capitalise).join('');
  return guard(id);
}

function guard(id: string): string {
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return RESERVED.has(id) ? `${id}_` : id;
}

/**
 * Hands out identifiers unique within one scope; `reserve` claims names the
 * scope already uses (imports), so spec text can never shadow them.
 */
export interface Namer {
  reserve(...names: string[]): void;
  unique(base: string): string;
}

export function createNamer(reserved: Iterable<string> = []): Namer {
  const used = new Set(reserved);
  return {
    reserve(...names) {
      for (const n of names) used.add(n);
    },
    unique(base) {
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}${n}`;
      used.add(name);
      return name;
    },
  };
}

/**
 * A single-quoted string literal. Escapes quotes, backslashes, every control
 * character and the line/paragraph separators, so no spec text can end the
 * literal, the line, or a template.
 */
export function stringLiteral(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff))
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in an object type or literal: bare when it is a plain identifier, quoted otherwise (`'$original_id'` stays readable). */
export function propertyKey(name: string): string {
  return IDENTIFIER_NAME.test(name) && name !== '__proto__' ? name : stringLiteral(name);
}

/** Text safe inside a `/** ... *\/` or `//` comment: one line, no comment terminator. */
export function commentText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\*\//g, '*\u2215')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
}

/** A JSON value as a TypeScript literal: strings single-quoted through `stringLiteral`, keys through `propertyKey`. */
export function valueLiteral(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(valueLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    // A quoted `__proto__` key in a literal would set the prototype; a computed one is an own property.
    const key = (k: string) => (k === '__proto__' ? `['__proto__']` : propertyKey(k));
    return `{ ${entries.map(([k, v]) => `${key(k)}: ${valueLiteral(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot write ${typeof value} as a literal`);
}
