import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../generator/parse.js';
import { CORPUS, hasCorpus, SKIP_REASON } from './corpus.js';

const GOLDEN = 'tests/fixtures/parse/golden';
const update = process.env.UPDATE_GOLDEN === '1';

// Each chosen for what it exercises; the expected IR sits beside as JSON.
const cases: [string, string, boolean][] = [
  ['the seed (empty tables, LF)', 'specs/invoiced-crmoffice.rst', false],
  ['link rules, creation rules, a trigger, merge tables', 'specs/hubspot-tripletex.rst', false],
  ['DTL expressions and datetime formats in the type column', `${CORPUS}/history/hubspot-superoffice@2023-05-12@dbe6f21e4f97.rst`, true],
  ['glued and empty conditions', `${CORPUS}/history/businesscentral-hubspot@2024-09-11@1e7d4d0c6ca1.rst`, true],
  ['an empty system name in the title', `${CORPUS}/history/asana-hubspot@2023-11-30@a1ef409c400c.rst`, true],
  ['table cells that lost their indentation', `${CORPUS}/history/powerofficego-youtrack@2024-03-26@bfc32086ea62.rst`, true],
];

describe('golden parse results', () => {
  it.each(cases)('%s', (_name, file, needsCorpus) => {
    if (needsCorpus && !hasCorpus) {
      console.warn(SKIP_REASON);
      return;
    }
    const document = parseSpecText(file, readFileSync(file));
    const expectedPath = join(GOLDEN, `${basename(file).replace(/@.*$|\.rst$/g, '')}.json`);
    const actual = `${JSON.stringify(document, null, 2)}\n`;
    if (update || !existsSync(expectedPath)) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(expectedPath, actual);
      if (!update) throw new Error(`${expectedPath} did not exist and was written: check it, then run again`);
    }
    expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
  });
});
