/** Splits a label ("Invoiced Customers (human data)") into the system and the entity. */
import type { Side } from '../ir.js';
import { compact } from './file-name.js';

export interface SplitLabel {
  side: Side;
  /** How the system was found in the label; `none` when it was not (the entity is then the whole label). */
  match: 'exact' | 'loose' | 'short' | 'hint' | 'none';
}

/**
 * `system` comes from the document title. Old files write it differently in
 * labels ("Powerofficego" for "PowerOffice GO", "Wave" for "Wave Financial",
 * "Custom" for "Custom CRM"), so looser prefixes are tried in turn. When the
 * title's system is empty, a leading run of words that spells the file-name
 * hint is taken off the entity; the system stays "" as written.
 */
export function splitLabel(label: string, system: string, hint: string): SplitLabel {
  const text = label.trim();
  const make = (end: number | null, match: SplitLabel['match']): SplitLabel | null =>
    end === null ? null : { side: { label: text, system, entity: text.slice(end).trim() }, match };
  if (system !== '') {
    const wanted = compact(system);
    return (
      make(matchPrefix(text, (words) => words === system), 'exact') ??
      make(matchPrefix(text, (words) => compact(words) === wanted), 'loose') ??
      make(matchPrefix(text, (words) => isShortFor(compact(words), wanted) || (hint !== '' && compact(words) === hint)), 'short') ?? {
        side: { label: text, system, entity: text },
        match: 'none',
      }
    );
  }
  if (hint !== '') {
    const found = make(matchPrefix(text, (words) => compact(words) === hint), 'hint');
    if (found !== null) return found;
  }
  return { side: { label: text, system, entity: text }, match: 'exact' };
}

/** "wave" for "wavefinancial", "businessnxt" for "vismabusinessnxt": a word of the name, at least 4 letters. */
function isShortFor(words: string, system: string): boolean {
  return words.length >= 4 && (system.startsWith(words) || system.endsWith(words));
}

/** End of the shortest run of leading words accepted by `accept`, leaving a non-empty entity; or null. */
function matchPrefix(text: string, accept: (words: string) => boolean): number | null {
  for (let end = text.indexOf(' '); end !== -1; end = text.indexOf(' ', end + 1)) {
    if (text.slice(end).trim() !== '' && accept(text.slice(0, end))) return end;
  }
  return null;
}
