/** Every sentence form a flow section may hold, tried in order; the first match wins. */
import { matchCreateWhenConnected } from './create-when-connected.js';
import { matchCreateWhenNoMatch } from './create-when-no-match.js';
import { matchEvery } from './every.js';
import { matchKeepInSync } from './keep-in-sync.js';
import { matchMergeExisting } from './merge-existing.js';
import { matchMergeIntro } from './merge-intro.js';
import { matchPropertiesIntro } from './properties-intro.js';
import { matchRequiresLink } from './requires-link.js';
import { matchTrigger } from './trigger.js';

const FORMS = [
  matchEvery,
  matchRequiresLink,
  matchKeepInSync,
  matchPropertiesIntro,
  matchMergeIntro,
  matchMergeExisting,
  matchCreateWhenNoMatch,
  matchCreateWhenConnected,
  // Last: its free-text opening would swallow other forms ending in "will be synchronized with a".
  matchTrigger,
] as const;

export type Sentence = NonNullable<ReturnType<(typeof FORMS)[number]>>;

/** The sentence form of a paragraph, or null when it has none of the known forms. */
export function matchSentence(text: string): Sentence | null {
  for (const form of FORMS) {
    const sentence = form(text);
    if (sentence !== null) return sentence;
  }
  return null;
}
