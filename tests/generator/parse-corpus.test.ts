import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../generator/parse.js';
import { CORPUS, SEED, SKIP_REASON, corpusFiles, hasCorpus } from './corpus.js';

if (!hasCorpus) console.warn(SKIP_REASON);

describe.skipIf(!hasCorpus)('the real corpus', () => {
  it('parses all 600 documents and the seed with no error diagnostics', () => {
    const files = corpusFiles();
    expect(files.length).toBe(601);
    const errors: string[] = [];
    for (const file of files) {
      const document = parseSpecText(file, readFileSync(file));
      for (const d of document.diagnostics) {
        if (d.severity === 'error') errors.push(`${file}:${d.line}:${d.column}: ${d.message} [${d.code}]`);
      }
    }
    expect(errors).toEqual([]);
  });

  // Counted from the text with grep/awk, not with this parser: flows are the
  // underlined section titles other than the introduction, property rows and
  // merge rows the `* -` rows after the table's header row.
  const counted: [string, { flows: number; properties: number; merge: number }][] = [
    [SEED, { flows: 3, properties: 1, merge: 0 }],
    [`${CORPUS}/latest/hubspot-tripletex.rst`, { flows: 8, properties: 43, merge: 3 }],
    [`${CORPUS}/latest/tidsbanken-superoffice.rst`, { flows: 3, properties: 42, merge: 2 }],
    [`${CORPUS}/history/powerofficego-youtrack@2024-03-26@bfc32086ea62.rst`, { flows: 5, properties: 7, merge: 2 }],
    [`${CORPUS}/history/asana-hubspot@2023-11-30@a1ef409c400c.rst`, { flows: 2, properties: 6, merge: 0 }],
    [`${CORPUS}/history/hubspot-superoffice@2023-05-12@dbe6f21e4f97.rst`, { flows: 16, properties: 38, merge: 2 }],
  ];
  it.each(counted)('%s has the hand-counted flows, property rows and merge rows', (file, want) => {
    const document = parseSpecText(file, readFileSync(file));
    const got = {
      flows: document.flows.length,
      properties: document.flows.reduce((n, f) => n + f.properties.length, 0),
      merge: document.flows.reduce((n, f) => n + f.mergeCriteria.length, 0),
    };
    expect(got).toEqual(want);
  });
});
