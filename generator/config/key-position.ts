/**
 * Where a nested key of a config file is written (`fields` > `hubspot-tripletex`
 * > `HubSpot Deal`), found in the file's text, so a problem with a value can
 * be reported at file:line:column: a loaded config is a plain value that no
 * longer knows where its parts came from.
 */
import { readFileSync } from 'node:fs';

export interface KeyPosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The key as a property name: quoted in any of the three quotes (as written or JSON-escaped), or bare. */
function keyPattern(key: string): RegExp {
  const forms = [...new Set([key, JSON.stringify(key).slice(1, -1)])].map(escapeRegExp);
  const quoted = forms.flatMap((f) => [`'${f}'`, `"${f}"`, `\`${f}\``]).join('|');
  const bare = /^[A-Za-z_$][\w$]*$/.test(key) ? `|(?<![\\w$.'"\`])${escapeRegExp(key)}(?![\\w$])` : '';
  return new RegExp(`(?:${quoted}${bare})\\s*:`, 'g');
}

function positionAt(text: string, index: number): KeyPosition {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/**
 * The position of the last of `keys` found, each searched after the one
 * before it (so `HubSpot Deal` is the one under `fields`, not one elsewhere);
 * null when the file cannot be read or the first key is not in it.
 */
export function keyPosition(text: string, keys: readonly string[]): KeyPosition | null {
  let from = 0;
  let found: KeyPosition | null = null;
  for (const key of keys) {
    const pattern = keyPattern(key);
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (match === null) return found;
    found = positionAt(text, match.index);
    from = match.index + match[0].length;
  }
  return found;
}

/** `keyPosition` in a file; null when it cannot be read. */
export function keyPositionInFile(file: string, keys: readonly string[]): KeyPosition | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return keyPosition(text, keys);
}
