import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../generator/ir.js';
import { parseSpecText } from '../../generator/parse.js';

const FIXTURES = 'tests/fixtures/parse/malformed';
const update = process.env.UPDATE_GOLDEN === '1';

/** What a fixture's expected JSON holds: every diagnostic, and enough of the flows to see nothing was lost. */
function digest(document: Document): unknown {
  return {
    title: document.title,
    systems: [document.sourceSystem, document.targetSystem],
    flows: document.flows.map((f) => ({
      title: f.title,
      source: f.source.entity,
      target: f.target.entity,
      mergeCriteria: f.mergeCriteria.map((c) => [c.source.raw, c.target.raw]),
      properties: f.properties.map((p) => [p.source.raw, p.target.raw, p.type.kind]),
    })),
    diagnostics: document.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} [${d.code}] ${d.message}`),
  };
}

const codes = (document: Document, severity: string): string[] =>
  [...new Set(document.diagnostics.filter((d) => d.severity === severity).map((d) => d.code))].sort();

describe('malformed and odd fixtures', () => {
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.rst')).sort();
  it.each(names)('%s', (name) => {
    const path = join(FIXTURES, name);
    const actual = `${JSON.stringify(digest(parseSpecText(path, readFileSync(path))), null, 2)}\n`;
    const expectedPath = path.replace(/\.rst$/, '.json');
    if (update || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, actual);
      if (!update) throw new Error(`${expectedPath} did not exist and was written: check it, then run again`);
    }
    expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
  });
});

describe('generated bad input (too big or too binary to commit)', () => {
  const valid = readFileSync(join(FIXTURES, 'valid.rst'), 'utf8');
  const withTail = (bytes: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(valid.slice(0, 200)), bytes, Buffer.from(valid.slice(200))]);

  const cases: [string, string | Uint8Array, string[]][] = [
    ['binary junk', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256), ['not-text']],
    ['NUL bytes', valid.replace('phone_numbers', 'phone\0numbers'), ['nul-byte']],
    ['invalid UTF-8', withTail(Uint8Array.from([0xc3, 0x28, 0xa0, 0xff])), ['invalid-utf8']],
    ['a 5 MB line', valid.replace('This technical document', 'x'.repeat(5 * 1024 * 1024)), ['line-too-long']],
    ['a 5 MB table cell', valid.replace('mobilePhone', 'm'.repeat(5 * 1024 * 1024)), ['line-too-long']],
    ['UTF-16 with an odd byte count', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le'), Buffer.from([0x41])]), ['invalid-encoding', 'table-columns']],
  ];
  it.each(cases)('%s gives error diagnostics, no exception', (_name, input, want) => {
    const document = parseSpecText('bad.rst', input);
    expect(codes(document, 'error')).toEqual(want);
  });

  it('a directive that runs to the end of a big document is reported, not hung on', () => {
    const body = valid.slice(valid.indexOf('Invoiced Contacts to')).replace(/^/gm, '   ');
    const document = parseSpecText('bad.rst', `${valid}\n${body.repeat(2000)}`);
    expect(codes(document, 'error')).toEqual(['table-columns', 'table-syntax']);
    // Floods are summed up rather than listed line by line.
    expect(document.diagnostics.length).toBeLessThan(200);
  });
});

describe('odd but valid input parses as its content says', () => {
  const valid = readFileSync(join(FIXTURES, 'valid.rst'), 'utf8');
  const reference = parseSpecText('odd.rst', valid);
  const content = (d: Document): unknown => ({ ...d, diagnostics: d.diagnostics.filter((x) => x.severity !== 'info') });

  const cases: [string, string | Uint8Array][] = [
    ['a UTF-8 BOM', `\uFEFF${valid}`],
    ['a UTF-8 BOM as bytes', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)])],
    ['CRLF line endings', valid.replace(/\n/g, '\r\n')],
    ['lone CR line endings', valid.replace(/\n/g, '\r')],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')])],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(valid, 'utf16le').swap16()])],
  ];
  it.each(cases)('%s', (_name, input) => {
    expect(content(parseSpecText('odd.rst', input))).toEqual(content(reference));
  });

  it('tabs in table indentation', () => {
    const document = parseSpecText('odd.rst', valid.replace(/^ {3}\* - /gm, '\t* - ').replace(/^ {5}- /gm, '\t  - '));
    expect(codes(document, 'error')).toEqual([]);
    expect(document.flows[0]!.properties.map((p) => p.target.raw)).toEqual(reference.flows[0]!.properties.map((p) => p.target.raw));
  });

  it('a 20 MB document', () => {
    const head = valid.slice(0, valid.indexOf('Invoiced Contacts to'));
    const body = valid.slice(head.length);
    const parts: string[] = [head];
    let size = head.length;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      const part = body.replaceAll('Invoiced Contacts', `Invoiced Contacts${i}`).replace(/^-+$/m, (m) => `${m}${'-'.repeat(String(i).length)}`);
      parts.push(part, '\n');
      size += part.length + 1;
    }
    const document = parseSpecText('big.rst', parts.join(''));
    expect(codes(document, 'error')).toEqual([]);
    expect(codes(document, 'warning')).toEqual([]);
    expect(document.flows.length).toBe(parts.length / 2 - 0.5);
    expect(document.flows.at(-1)!.properties).toHaveLength(3);
  });
});
