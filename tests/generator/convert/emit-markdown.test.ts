/** Writing an outline as Markdown: layout of titles, sections, sentences and padded pipe tables. */
import { describe, expect, it } from 'vitest';
import { emitMarkdown } from '../../../generator/convert/emit-markdown.js';
import type { Outline, TableRow } from '../../../generator/read/outline.js';
import { readMarkdownText } from '../../../generator/read/markdown/read-markdown.js';

const at = { line: 1, column: 1 };
const row = (...texts: string[]): TableRow => ({ ...at, cells: texts.map((text) => ({ ...at, text })) });

const outline: Outline = {
  title: { ...at, text: 'Invoiced to CRMOffice Dataflow' },
  preamble: [{ ...at, kind: 'paragraph', text: 'Generated: 2024-09-13 00:00:01' }],
  sections: [
    {
      ...at,
      title: 'Invoiced Contacts to CRMOffice Contacts',
      depth: 2,
      blocks: [
        { ...at, kind: 'paragraph', text: 'Every Invoiced Contacts will be synchronized with a CRMOffice Contacts.' },
        {
          ...at,
          kind: 'table',
          headerRows: 1,
          rows: [
            row('Invoiced Contacts Property', 'CRMOffice Contacts Property', 'CRMOffice Data Type'),
            row('$original_id', 'id', '"string"'),
            row('phone', 'mobile|Phone', '"if", "eq", "_.", "X"], "integer", "string"]'),
          ],
        },
      ],
    },
    { ...at, title: 'Invoiced Items to CRMOffice Companies', depth: 2, blocks: [] },
  ],
};

describe('emitMarkdown', () => {
  it('writes the title, the preamble, sections and padded tables', () => {
    expect(emitMarkdown(outline)).toBe(
      [
        '# Invoiced to CRMOffice Dataflow',
        '',
        'Generated: 2024-09-13 00:00:01',
        '',
        '## Invoiced Contacts to CRMOffice Contacts',
        '',
        'Every Invoiced Contacts will be synchronized with a CRMOffice Contacts.',
        '',
        '| Invoiced Contacts Property | CRMOffice Contacts Property | CRMOffice Data Type                           |',
        '| -------------------------- | --------------------------- | --------------------------------------------- |',
        '| $original_id               | id                          | "string"                                      |',
        '| phone                      | mobile\\|Phone               | "if", "eq", "\\_.", "X"], "integer", "string"] |',
        '',
        '## Invoiced Items to CRMOffice Companies',
        '',
      ].join('\n'),
    );
  });

  it('keeps rows with the wrong number of cells as they are, for extraction to report', () => {
    const table = { ...at, kind: 'table' as const, headerRows: 1, rows: [row('a', 'b', 'c'), row('x', 'y'), row('1', '2', '3', '4')] };
    const markdown = emitMarkdown({ title: { ...at, text: 'T' }, preamble: [table], sections: [] });
    const { outline: back } = readMarkdownText(markdown);
    const read = back.preamble[0];
    expect(read?.kind === 'table' ? read.rows.map((r) => r.cells.map((c) => c.text)) : null).toEqual([
      ['a', 'b', 'c'],
      ['x', 'y'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('writes no title line when the outline has none', () => {
    expect(emitMarkdown({ title: null, preamble: [], sections: [{ ...at, title: 'A to B', depth: 2, blocks: [] }] })).toBe('## A to B\n');
  });
});
