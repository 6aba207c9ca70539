import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { diffSpecSets, sameContent, type SpecSet } from '../../../generator/diff/diff-sets.js';
import { convertSpecToMarkdown } from '../../../generator/convert/convert-spec.js';
import { parseSpecText } from '../../../generator/parse.js';

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

  it('still reports a document under another name as removed and added', () => {
    const { report } = diffSpecSets(set('a.rst'), set('b.rst'), parseSpecText);
    expect(report.documents.map((d) => d.name)).toEqual(['a.rst', 'b.rst']);
  });
});
