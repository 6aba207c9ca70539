import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { diffSpecSets, sameContent, type SpecSet } from '../../../generator/diff/diff-sets.js';
import { convertSpecToMarkdown } from '../../../generator/convert/convert-spec.js';
import { parseSpecText } from '../../../generator/parse.js';
import { hasCorpus } from '../corpus.js';

describe('sameContent', () => {
  const enc = (text: string) => new TextEncoder().encode(text);
  it.each([
    ['identical bytes', enc('A\nB\n'), enc('A\nB\n'), true],
    ['line endings', enc('A\r\nB\r\n'), enc('A\nB\n'), true],
    ['byte-order mark', enc('\uFEFFA\n'), enc('A\n'), true],
    ['the Generated stamp', enc('T\n\nGenerated: 2024-09-13 00:00:01\n'), enc('T\n\nGenerated: 2024-11-13 00:00:00\n'), true],
    ['a changed word', enc('A\nB\n'), enc('A\nC\n'), false],
    ['a string and bytes', 'Å\n', enc('Å\n'), false],
  ] as const)('%s', (_, a, b, want) => {
    expect(sameContent(a, b)).toBe(want);
  });
});

describe('diffSpecSets pairing', () => {
  const seed = readFileSync('specs/invoiced-crmoffice.rst');
  const set = (name: string): SpecSet => ({ label: name, entries: new Map([[name, { file: name, contents: seed }]]) });

  it('pairs a spec moved from .rst to .md with itself', () => {
    // Same text under another extension: the reader differs, the dataflow does not.
    const markdown = convertSpecToMarkdown('specs/invoiced-crmoffice.rst', seed).markdown;
    const after: SpecSet = { label: 'md', entries: new Map([['invoiced-crmoffice.md', { file: 'invoiced-crmoffice.md', contents: markdown }]]) };
    const { report } = diffSpecSets(set('invoiced-crmoffice.rst'), after, parseSpecText);
    expect(report.compared).toBe(1);
    expect(report.breaking).toBe(0);
    expect(report.documents).toEqual([]);
  });

  it('reports a document under another name as renamed, compatible, and compares it as itself', () => {
    const { report } = diffSpecSets(set('a.rst'), set('b.rst'), parseSpecText);
    expect(report).toMatchObject({ compared: 1, breaking: 0, compatible: 1 });
    expect(report.documents).toEqual([
      expect.objectContaining({ name: 'b.rst', oldFile: 'a.rst', newFile: 'b.rst', renamedFrom: 'a.rst', changes: [expect.objectContaining({ kind: 'document-renamed', severity: 'compatible', message: 'renamed from a.rst to b.rst', before: 'a.rst', after: 'b.rst' })] }),
    ]);
  });

  it.skipIf(!hasCorpus)('a renamed and edited real document lists its rename and then exactly the changes of diffing the two versions', () => {
    // The seed (2024-09-13) as specs/invoiced-crmoffice.rst, its 2024-11-13 version as specs/crm/invoiced-to-crmoffice.rst.
    const newer = readFileSync('../shared/corpus/latest/invoiced-crmoffice.rst');
    const after: SpecSet = { label: 'new', entries: new Map([['crm/invoiced-to-crmoffice.rst', { file: 'new/crm/invoiced-to-crmoffice.rst', contents: newer }]]) };
    const { report } = diffSpecSets(set('invoiced-crmoffice.rst'), after, parseSpecText);
    const asVersions = diffSpecSets(set('x.rst'), { label: 'x', entries: new Map([['x.rst', { file: 'x.rst', contents: newer }]]) }, parseSpecText).report;
    expect(report.documents.map((d) => d.name)).toEqual(['crm/invoiced-to-crmoffice.rst']);
    const [rename, ...rest] = report.documents[0]!.changes;
    expect(rename).toMatchObject({ kind: 'document-renamed', message: 'renamed from invoiced-crmoffice.rst to crm/invoiced-to-crmoffice.rst' });
    expect(rest).toEqual(asVersions.documents[0]!.changes);
    expect(rest.map((c) => c.rule)).toEqual(['flow-renamed-entity']);
    expect(report).toMatchObject({ compared: 1, breaking: 1, compatible: 1 });
  });

  it.skipIf(!hasCorpus)('two different real documents are still one removed and one added', () => {
    const other = readFileSync('../shared/corpus/latest/crmoffice-invoiced.rst');
    const after: SpecSet = { label: 'new', entries: new Map([['crmoffice-invoiced.rst', { file: 'crmoffice-invoiced.rst', contents: other }]]) };
    const { report } = diffSpecSets(set('invoiced-crmoffice.rst'), after, parseSpecText);
    expect(report.documents.map((d) => [d.name, d.renamedFrom, d.changes.map((c) => c.kind)])).toEqual([
      ['crmoffice-invoiced.rst', undefined, ['document-added']],
      ['invoiced-crmoffice.rst', undefined, ['document-removed']],
    ]);
  });
});
