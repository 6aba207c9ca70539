/**
 * Whether a predicates file holds only what generate wrote into it, untouched:
 * its header and its stubs, each still `notWritten`, byte for byte as the
 * templates render them, with nothing of the user's (no code, no comment, no
 * edit). Such a file of a spec that is gone is generate's to remove.
 */
import type { PredicateStub } from '../model/spec-model.js';
import { createPredicatesFile } from './predicates.js';
import { builtinTemplates, type TemplateSet } from './templates.js';

/** The header of the built-in predicates.ts template: where the spec's path is read from. */
const HEADER = /^\/\*\*\n \* Creation predicates for (.+): this file is yours to edit\.\n/;

/** One stub as the built-in predicate-stub.ts template renders it; its parts are read back to render it again. */
const STUB =
  /\n\/\*\*\n \* (.*) \(([^()\n]*)\):\n \* (.*)\n \* Return true to create the target record for this source record\.\n \*\/\nexport const ([A-Za-z_$][\w$]*): CreationPredicate<import\(('[^'\n]*'|"[^"\n]*")\)\.([A-Za-z_$][\w$.]*)> = notWritten;\n/g;

/**
 * True when `text` is exactly what generate writes for the stubs it holds: created with them, or created and
 * appended to (an append adds the same text a creation would). Read back from the text and rendered again, so
 * any byte of the user's (an implemented predicate, a comment, an import, a blank line) makes it false; so does
 * a file shaped by a template override (generate leaves those alone).
 */
export function isUntouchedStubs(text: string, templates: TemplateSet = builtinTemplates()): boolean {
  const header = HEADER.exec(text);
  if (!header) return false;
  const stubs: PredicateStub[] = [];
  for (const m of text.matchAll(STUB)) {
    const [, flowTitle, specRef, sentence, name, moduleLiteral, sourceType] = m as unknown as string[];
    stubs.push({ name: name!, flowTitle: flowTitle!, specRef: specRef!, sentence: sentence!, moduleLiteral: moduleLiteral!, module: '', sourceType: sourceType! });
  }
  return createPredicatesFile(header[1]!, stubs, templates) === text;
}
