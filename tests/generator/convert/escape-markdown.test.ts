/** Escaping spec text for Markdown: readable where safe, exact on the way back through the Markdown reader. */
import { describe, expect, it } from 'vitest';
import { escapeMarkdownText, type MarkdownTextContext } from '../../../generator/convert/escape-markdown.js';
import { emitMarkdown } from '../../../generator/convert/emit-markdown.js';
import type { Outline } from '../../../generator/read/outline.js';
import { readMarkdownText } from '../../../generator/read/markdown/read-markdown.js';

describe('escapeMarkdownText', () => {
  it.each<[string, string, MarkdownTextContext, string]>([
    ['leaves intraword underscores', '$original_id', 'cell', '$original_id'],
    ['escapes underscores that could open emphasis', '"_."', 'cell', '"\\_."'],
    ['escapes pipes', 'a|b', 'cell', 'a\\|b'],
    ['escapes emphasis, code and strikethrough marks', '*a* `b` ~c~', 'cell', '\\*a\\* \\`b\\` \\~c\\~'],
    ['escapes link and HTML openers', '[x](y) <b>', 'cell', '\\[x](y) \\<b>'],
    ['escapes backslashes', 'a\\b', 'cell', 'a\\\\b'],
    ['escapes character references only', 'a & b &amp; &#35;', 'cell', 'a & b \\&amp; \\&#35;'],
    ['breaks autolink literals', 'www.x.org http://x', 'cell', 'www\\.x.org http\\://x'],
    ['keeps DTL brackets and quotes', '"datetime-format","%Y-%m-%d","_."]', 'cell', '"datetime-format","%Y-%m-%d","\\_."]'],
    ['escapes a leading heading marker', '# not a heading', 'paragraph', '\\# not a heading'],
    ['escapes a leading list marker', '- not a list', 'paragraph', '\\- not a list'],
    ['escapes a leading ordered list marker', '1. not a list', 'paragraph', '1\\. not a list'],
    ['escapes a leading quote marker', '> not a quote', 'paragraph', '\\> not a quote'],
    ['leaves leading markers in cells', '- x', 'cell', '- x'],
    ['escapes a closing hash in headings', 'C#', 'heading', 'C\\#'],
    ['keeps double spaces', 'When X,  it  will', 'paragraph', 'When X,  it  will'],
    ['joins stray line breaks', 'a\n  b', 'paragraph', 'a b'],
  ])('%s', (_, text, context, want) => {
    expect(escapeMarkdownText(text, context)).toBe(want);
  });
});

/** One outline holding `text` as a title, a section title, a paragraph and a table cell. */
function outlineWith(text: string): Outline {
  const at = { line: 1, column: 1 };
  return {
    title: { ...at, text },
    preamble: [],
    sections: [
      {
        ...at,
        title: text,
        depth: 2,
        blocks: [
          { ...at, kind: 'paragraph', text },
          {
            ...at,
            kind: 'table',
            headerRows: 1,
            rows: [
              { ...at, cells: [{ ...at, text: 'h' }, { ...at, text }] },
              { ...at, cells: [{ ...at, text }, { ...at, text: 'x' }] },
            ],
          },
        ],
      },
    ],
  };
}

function textsOf(outline: Outline): (string | undefined)[] {
  const section = outline.sections[0];
  const paragraph = section?.blocks[0];
  const table = section?.blocks[1];
  return [
    outline.title?.text,
    section?.title,
    paragraph?.kind === 'paragraph' ? paragraph.text : undefined,
    table?.kind === 'table' ? table.rows[0]?.cells[1]?.text : undefined,
    table?.kind === 'table' ? table.rows[1]?.cells[0]?.text : undefined,
  ];
}

/** Pieces that are markup somewhere in Markdown or GFM, plus the spec's own odd text. */
const PIECES = [
  'a', 'Z', '1', 'é', ' ', '  ', '\t', '\u00a0', '_', '*', '`', '\\', '|', '[', ']', '(', ')', '<', '>', '&', '#', ';',
  '!', '~', '-', '+', '=', '.', ':', '/', '"', "'", '$', '{', '}', '^', '@', '%', '?', 'www.', 'http://', 'x.com',
  'a@b.co', '&amp;', '&#35;', '1.', '2)', '---', '***', '___', '$original_id', '"_."]', 'wd:Q17517', 'mailto:',
  '(Dependant on having  in )',
];

/** A small deterministic generator, so a failure names a reproducible case. */
function* randomTexts(count: number, seed: number): Generator<string> {
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < count; i += 1) {
    let text = '';
    const length = 1 + Math.floor(next() * 10);
    for (let j = 0; j < length; j += 1) text += PIECES[Math.floor(next() * PIECES.length)];
    text = text.trim();
    if (text !== '') yield text;
  }
}

describe('Markdown round trip of spec text', () => {
  it('reads back every generated text exactly, in titles, paragraphs and cells', () => {
    const failures: string[] = [];
    for (const text of randomTexts(800, 7)) {
      const back = textsOf(readMarkdownText(emitMarkdown(outlineWith(text))).outline);
      if (back.some((got) => got !== text)) failures.push(JSON.stringify(text));
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
