import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentRenameScore, pairRenames } from '../../../generator/diff/renames.js';
import { parseSpecText } from '../../../generator/parse.js';
import { CORPUS, SEED, SKIP_REASON, hasCorpus } from '../corpus.js';

if (!hasCorpus) console.warn(`tests/generator/diff/renames.test.ts: ${SKIP_REASON}`);

describe('pairRenames', () => {
  it('pairs one to one, the strongest evidence first, and leaves out what has none', () => {
    const score = (g: string, n: string) => (g[0] === n[0]!.toLowerCase() ? (g === n.toLowerCase() ? 2 : 1) : null);
    expect(pairRenames(['a1', 'a2', 'b1', 'c1'], ['A2', 'a9', 'B1', 'd1'], score)).toEqual([
      ['a2', 'A2'],
      ['b1', 'B1'],
      ['a1', 'a9'],
    ]);
  });
});

describe.skipIf(!hasCorpus)('documentRenameScore on the real corpus', () => {
  const read = (folder: string, file: string) => {
    const path = join(CORPUS, folder, file);
    return { name: file.split('@')[0]!.replace(/\.rst$/, ''), path, doc: parseSpecText(path, readFileSync(path)) };
  };
  const latest = readdirSync(join(CORPUS, 'latest')).sort().map((f) => read('latest', f));
  const history = readdirSync(join(CORPUS, 'history')).sort().map((f) => read('history', f));

  it('no two different documents of the 600 count as one renamed', () => {
    const all = [...latest, ...history];
    const confused: string[] = [];
    let pairs = 0;
    for (const a of all) {
      for (const b of all) {
        if (a.name === b.name) continue;
        pairs++;
        if (documentRenameScore(a.doc, b.doc) !== null) confused.push(`${a.path} ~ ${b.path}`);
      }
    }
    expect(pairs).toBeGreaterThan(300_000);
    expect(confused).toEqual([]);
  });

  it('every document counts as itself renamed, and an earlier version of it under a new title or with edits too', () => {
    const missed = latest.filter((d) => documentRenameScore(d.doc, parseSpecText('renamed.rst', readFileSync(d.path))) === null).map((d) => d.path);
    expect(missed).toEqual([]);
    const seed = parseSpecText(SEED, readFileSync(SEED));
    // The seed and its latest version: a flow's label renamed, and the `Generated:` stamp.
    expect(documentRenameScore(seed, latest.find((d) => d.name === 'invoiced-crmoffice')!.doc)).not.toBeNull();
    // An older version under another title (`Crmoffice to Customerp` -> `CRMOffice to Custom ERP`) with all its rows kept.
    const older = history.filter((h) => latest.some((l) => l.name === h.name && documentRenameScore(h.doc, l.doc) !== null));
    expect(older.length).toBeGreaterThanOrEqual(40);
  });

  it('the best of several candidates wins: a document renamed beside an older version of itself', () => {
    const newest = latest.find((d) => d.name === 'invoiced-crmoffice')!;
    const seed = { name: 'seed', doc: parseSpecText(SEED, readFileSync(SEED)) };
    const other = latest.find((d) => d.name === 'crmoffice-invoiced')!;
    const pairs = pairRenames([other, seed, newest], [{ doc: parseSpecText('renamed.rst', readFileSync(newest.path)) }], (g, n) => documentRenameScore(g.doc, n.doc));
    expect(pairs.map(([g]) => g.name)).toEqual(['invoiced-crmoffice']);
  });
});
