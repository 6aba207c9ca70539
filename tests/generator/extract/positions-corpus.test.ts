/**
 * Every merge criterion and rule sentence of the real corpus has its own line
 * in the IR, and that line holds what it names: the criterion's first cell
 * (`* - <source>`), the sentence's words. Checked on the 300 latest documents
 * against the text itself, plus a few by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../../generator/parse.js';
import { creationRuleLine } from '../../../generator/model/link-rules.js';
import { CORPUS, hasCorpus, SKIP_REASON } from '../corpus.js';

if (!hasCorpus) console.warn(SKIP_REASON);

const SENTENCE_WORDS: Record<string, RegExp> = {
  requiresLink: /^Before any synchronization can take place/,
  trigger: /will be synchronized with/,
  createWhenConnectedTo: /^A new .+ will be created from a .+ if it is connected to/,
  createWhenNoMatch: /^If no matching .+ is found, a new .+ will be created/,
  mergeCriteria: /will merge with a .+ if one of the following property combinations match/,
  every: /^Every .+ will be synchronized with a/,
};

describe.skipIf(!hasCorpus)('source positions of merge criteria and rule sentences in the corpus', () => {
  it('point at the line holding the criterion row or the sentence, in all 300 latest documents', () => {
    const wrong: string[] = [];
    let criteria = 0;
    let sentences = 0;
    const folder = join(CORPUS, 'latest');
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.rst'))) {
      const file = join(folder, name);
      const text = readFileSync(file, 'utf8');
      const lines = text.split(/\r?\n/);
      const document = parseSpecText(file, readFileSync(file));
      for (const flow of document.flows) {
        const next = document.flows.find((f) => f.line > flow.line)?.line ?? lines.length + 1;
        for (const criterion of flow.mergeCriteria) {
          criteria++;
          const at = lines[criterion.line - 1] ?? '';
          const inFlow = criterion.line > flow.line && criterion.line < next;
          if (!inFlow || at.trim().replace(/^\* -\s*/, '').trim() !== criterion.source.raw.split(' ')[0]!.trim() && !at.includes(criterion.source.raw.slice(0, 20))) {
            wrong.push(`${name}:${criterion.line}: merge ${criterion.source.raw} = ${criterion.target.raw}, line reads ${JSON.stringify(at)}`);
          }
        }
        for (const [key, line] of Object.entries(flow.sentenceLines)) {
          sentences++;
          const at = lines[line - 1] ?? '';
          if (!(line > flow.line && line < next) || !SENTENCE_WORDS[key]!.test(at.trim())) wrong.push(`${name}:${line}: ${key}, line reads ${JSON.stringify(at.slice(0, 120))}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Not a vacuous pass: the latest documents hold 103 merge criteria and over a thousand rule sentences.
    expect([criteria, sentences]).toEqual([103, expect.any(Number)]);
    expect(sentences).toBeGreaterThan(1000);
  });

  it('by hand: latest/hubspot-tripletex.rst', () => {
    const file = join(CORPUS, 'latest', 'hubspot-tripletex.rst');
    const document = parseSpecText(file, readFileSync(file));
    const customer = document.flows.find((f) => f.title === 'HubSpot Contact to Tripletex Customer')!;
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const [criterion] = customer.mergeCriteria;
    expect(lines[criterion!.line - 1]!.trim()).toBe('* - properties.email');
    expect(lines[criterion!.line]!.trim()).toBe('- email');
    expect(lines[customer.sentenceLines.requiresLink! - 1]).toMatch(/^Before any synchronization can take place, a link between a HubSpot Contact and a Tripletex Customer must be established\.$/);
    // The creation rule is "connected to ...": its sentence, not the title, is what lint, docs and coverage point at.
    expect(creationRuleLine(customer)).toBe(customer.sentenceLines.createWhenConnectedTo);
    expect(lines[creationRuleLine(customer) - 1]).toMatch(/^A new Tripletex Customer will be created from a HubSpot Contact if it is connected to/);
    expect(creationRuleLine(customer)).toBeGreaterThan(customer.line);
  });
});
