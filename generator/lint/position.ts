/** Lines and columns of things lint reports on, found in the spec's text. */
import type { LoadedSpec } from '../catalog/load-specs.js';

/** The line of the document title (where system names are written), 1 when there is none. */
export function titleLine(spec: LoadedSpec): number {
  const title = spec.document.title.trim();
  if (title) {
    const at = spec.lines.findIndex((line) => line.includes(title));
    if (at >= 0) return at + 1;
  }
  return 1;
}

/** The column of `text` on a line (1-based), or of the line's first non-blank character. */
export function columnOf(spec: LoadedSpec, line: number, text?: string): number {
  const content = spec.lines[line - 1] ?? '';
  if (text) {
    const at = content.indexOf(text);
    if (at >= 0) return at + 1;
  }
  const first = content.search(/\S/);
  return first >= 0 ? first + 1 : 1;
}

/** `hubspot-tripletex.rst:52`: where another row is, for messages. */
export function placeOf(spec: LoadedSpec, line: number): string {
  return `${spec.relativePath}:${line}`;
}

/** At most `max` places, then "and N more". */
export function listPlaces(places: readonly string[], max = 3): string {
  const shown = places.slice(0, max).join(', ');
  return places.length > max ? `${shown} and ${places.length - max} more` : shown;
}
