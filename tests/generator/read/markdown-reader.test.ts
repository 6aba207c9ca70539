/** The Markdown reader against fixtures: each `tests/fixtures/markdown/<case>.md` beside its expected outline and diagnostics. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMarkdownText } from '../../../generator/read/markdown/read-markdown.js';

const fixtures = fileURLToPath(new URL('../../fixtures/markdown/', import.meta.url));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -'.md'.length))
  .sort();

describe('readMarkdownText fixtures', () => {
  it.each(cases)('%s', (name) => {
    const got = readMarkdownText(readFileSync(join(fixtures, `${name}.md`), 'utf8'));
    const expectedPath = join(fixtures, `${name}.json`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, `${JSON.stringify(got, null, 2)}\n`);
    }
    expect(got).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
});

describe('readMarkdownText', () => {
  const spec = readFileSync(join(fixtures, 'valid-spec.md'), 'utf8');

  it.each([
    ['CRLF line endings', spec.replace(/\n/g, '\r\n')],
    ['a byte-order mark', `\uFEFF${spec}`],
  ])('reads the same outline with %s', (_, variant) => {
    expect(readMarkdownText(variant)).toEqual(readMarkdownText(spec));
  });

  it.each([
    ['a title heading', '# A to B Dataflow', { title: 'A to B Dataflow', line: 1, column: 3 }],
    ['a setext title', 'A to B Dataflow\n===', { title: 'A to B Dataflow', line: 1, column: 1 }],
    ['a closed ATX title', '#   A to  B Dataflow ##', { title: 'A to  B Dataflow', line: 1, column: 5 }],
  ])('reads %s', (_, markdown, want) => {
    const { outline } = readMarkdownText(markdown);
    expect(outline.title).toEqual({ text: want.title, line: want.line, column: want.column });
  });

  it.each([
    ['emphasis', 'a *b* _c_ **d**', 'a b c d'],
    ['code spans', 'x `$original_id` y', 'x $original_id y'],
    ['escapes', '\\*a\\_b\\|c\\\\', '*a_b|c\\'],
    ['soft line breaks', 'one\n   two\nthree', 'one two three'],
    ['hard line breaks', 'one\\\ntwo  \nthree', 'one two three'],
    ['links', '[text](http://example.com) and <http://example.org>', 'text and http://example.org'],
    ['inline comments', 'a <!-- note --> b', 'a  b'],
    ['double spaces', 'When a X is new, it  will be synchronized', 'When a X is new, it  will be synchronized'],
  ])('flattens %s in paragraphs', (_, markdown, text) => {
    const { outline } = readMarkdownText(`# T\n\n${markdown}\n`);
    expect(outline.preamble).toEqual([{ kind: 'paragraph', line: 3, column: 1, text }]);
  });

  it('points cells at their text, empty cells just past the pipe', () => {
    const { outline } = readMarkdownText('# T\n\n| a |  b |\n|---|---|\n|   | `c` |\n');
    const table = outline.preamble[0];
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.rows[1]?.cells).toEqual([
      { line: 5, column: 2, text: '' },
      { line: 5, column: 7, text: 'c' },
    ]);
    expect(table.rows[0]?.cells.map((c) => c.column)).toEqual([3, 8]);
  });

  it.each([
    ['binary noise', '\u0000\u0001\u0002 # ]] | |\n|-\n\u00ff'],
    ['only a delimiter row', '|---|---|\n'],
    ['unclosed code fence', '# T\n\n```\n| a |'],
    ['deep nesting', `${'> '.repeat(500)}x`],
    ['a huge table row', `# T\n\n| a |\n|---|\n|${' x |'.repeat(1000)}\n`],
  ])('never throws on %s', (_, markdown) => {
    expect(() => readMarkdownText(markdown)).not.toThrow();
  });
});
