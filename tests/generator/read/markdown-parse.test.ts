/**
 * Markdown specs through the whole parser (reader + extraction): each fixture
 * `tests/fixtures/markdown/<case>.md` beside the document it parses to, in
 * `<case>.parse.json`. Malformed input must give diagnostics, never a throw.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSpecFiles, parseSpecText } from '../../../generator/parse.js';

const fixtures = fileURLToPath(new URL('../../fixtures/markdown/', import.meta.url));
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -'.md'.length))
  .sort();

describe('parseSpecText on Markdown fixtures', () => {
  it.each(cases)('%s', (name) => {
    const got = parseSpecText(`${name}.md`, readFileSync(join(fixtures, `${name}.md`)));
    const expectedPath = join(fixtures, `${name}.parse.json`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, `${JSON.stringify(got, null, 2)}\n`);
    }
    expect(got).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });

  it.each([
    ['wrong-columns', [['table-columns', 9], ['table-columns', 10], ['table-continued', 12], ['table-columns', 12]]],
    ['delimiter-mismatch', [['table-columns', 7]]],
    ['no-delimiter', [['table-delimiter', 7]]],
    ['missing-title', [['missing-title', 1]]],
    ['flow-without-sentences', [['empty-section', 3]]],
  ])('reports %s', (name, want) => {
    const { diagnostics } = parseSpecText(`${name}.md`, readFileSync(join(fixtures, `${name}.md`)));
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual(expect.arrayContaining(want));
  });
});

/** Lines that are each a piece of a spec, or a piece of Markdown that could break one. */
const LINES = [
  '# Invoiced to CRMOffice Dataflow', '## Invoiced Contacts to CRMOffice Contacts', '## ', '#', '',
  'Every Invoiced Contacts will be synchronized with a CRMOffice Contacts.',
  'The following properties are synchronized between a Invoiced Contacts and a CRMOffice Contacts:',
  'A Invoiced Contacts will merge with a CRMOffice Contacts if one of the following property combinations match:',
  '| a | b | c |', '| --- | --- | --- |', '| --- |', '|', '| x \\| y |', '| `a|b` | *c* |', '---', '===', '- item', '> quote',
  '```', '<!-- note', '-->', '<div>', '[x]: http://x', '[^1]: note', '\u0000', '    indented', '| phone | mobilePhone | "string" |',
];

describe('parseSpecText on generated Markdown', () => {
  it('reports problems in any mix of spec and markup lines, never failing inside', () => {
    let state = 11;
    const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const failures: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 25) }, () => LINES[Math.floor(next() * LINES.length)]!);
      const text = lines.join('\n');
      const { diagnostics } = parseSpecText('random.md', text);
      if (diagnostics.some((d) => d.code === 'internal-error')) failures.push(JSON.stringify(text));
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('findSpecFiles', () => {
  it('finds Markdown specs beside RST ones', async () => {
    const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
    const files = await findSpecFiles([specs]);
    expect(files.some((f) => f.endsWith('.md'))).toBe(true);
    expect(files.some((f) => f.endsWith('.rst'))).toBe(true);
  });
});
