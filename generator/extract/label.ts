/** Splits a label ("Invoiced Customers (human data)") into the system and the entity. */
import type { Side } from '../ir.js';
import { compact } from './file-name.js';

/**
 * `system` comes from the document title. When it is empty, a leading run of
 * words that spells the file-name hint is still taken off the entity (the
 * system stays "" as written). Returns `matched: false` when the label does not
 * start with the system, so the caller can report it.
 */
export function splitLabel(label: string, system: string, hint: string): { side: Side; matched: boolean } {
  const text = label.trim();
  if (system !== '') {
    const prefix = matchPrefix(text, (words) => words === system || words.toLowerCase() === system.toLowerCase());
    if (prefix !== null) return { side: { label: text, system, entity: text.slice(prefix).trim() }, matched: true };
    // Old files spell system names differently in places ("Powerofficego" for "PowerOffice GO").
    const loose = matchPrefix(text, (words) => compact(words) === compact(system));
    if (loose !== null) return { side: { label: text, system, entity: text.slice(loose).trim() }, matched: true };
    return { side: { label: text, system, entity: text }, matched: false };
  }
  if (hint !== '') {
    const prefix = matchPrefix(text, (words) => compact(words) === hint);
    if (prefix !== null && prefix < text.length) return { side: { label: text, system, entity: text.slice(prefix).trim() }, matched: true };
  }
  return { side: { label: text, system, entity: text }, matched: true };
}

/** Length of the shortest run of leading words accepted by `accept`, or null; the entity must not be empty. */
function matchPrefix(text: string, accept: (words: string) => boolean): number | null {
  for (let end = text.indexOf(' '); end !== -1; end = text.indexOf(' ', end + 1)) {
    if (accept(text.slice(0, end))) return end;
  }
  return null;
}
