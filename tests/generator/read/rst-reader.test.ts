import { readdirSync, readFileSync } from 'node:fs';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { decodeSpec } from '../../../generator/decode.js';
import { readRst, rstParse, rstToOutline } from '../../../generator/read/rst-reader.js';
import { createOutline } from '../../../generator/read/rst-to-outline.js';
import { scanRst } from '../../../generator/read/rst-scan.js';
import { corpusFiles, hasCorpus, SKIP_REASON } from '../corpus.js';

function outlineOf(text: string) {
  const file = new VFile({ path: 'x.rst', value: text });
  const outline = readRst(file);
  return { outline, messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`) };
}

const seed = readFileSync('specs/invoiced-crmoffice.rst', 'utf8');

describe('readRst', () => {
  it('reads the seed: title, preamble, sections, tables', () => {
    const { outline, messages } = outlineOf(seed);
    expect(messages).toEqual([]);
    expect(outline.title).toEqual({ text: 'Invoiced to CRMOffice Dataflow', line: 2, column: 1 });
    expect(outline.preamble).toEqual([{ kind: 'paragraph', text: 'Generated: 2024-09-13 00:00:01', line: 5, column: 1 }]);
    expect(outline.sections.map((s) => [s.title, s.depth, s.line])).toEqual([
      ['Introduction', 2, 7],
      ['Invoiced Customers person to CRMOffice Contacts', 2, 12],
      ['Invoiced Items to CRMOffice Companies', 2, 28],
      ['Invoiced Contacts to CRMOffice Contacts', 2, 44],
    ]);
    expect(outline.sections[3]!.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'paragraph', 'table']);
  });

  it('a document without a title has none, and its sections are all there', () => {
    const { outline } = outlineOf('A to B\n------\n\nEvery A will be synchronized with a B.\n\nC to D\n------\n\ntext\n');
    expect(outline.title).toBeNull();
    expect(outline.sections.map((s) => s.title)).toEqual(['A to B', 'C to D']);
  });

  it('falls back to the line scanner for a paragraph restructured is slow on, and says so', () => {
    const text = `${seed}\nlong paragraph\n${'  indented continuation line\n'.repeat(1000)}`;
    const { outline, messages } = outlineOf(text);
    expect(messages).toEqual(['1:1 line-scanner']);
    expect(outline.sections).toHaveLength(4);
  });
});

describe('the unified plugins', () => {
  it('rstParse + rstToOutline compile a file to its outline', () => {
    const file = new VFile({ path: 'seed.rst', value: seed });
    const result = unified().use(rstParse).use(rstToOutline).processSync(file).result;
    expect(result).toEqual(readRst(new VFile({ path: 'seed.rst', value: seed })));
  });
});

describe('the line scanner on the malformed fixtures', () => {
  const dir = 'tests/fixtures/parse/malformed';
  it.each(readdirSync(dir).filter((n) => n.endsWith('.rst')))('%s gives the outline restructured gives', (name) => {
    const { text } = decodeSpec(readFileSync(`${dir}/${name}`));
    const viaScanner = createOutline(scanRst(text), text.split('\n'), () => {});
    expect(viaScanner).toEqual(outlineOf(text).outline);
  });
});

describe.skipIf(!hasCorpus)('the line scanner', () => {
  if (!hasCorpus) console.warn(SKIP_REASON);
  it('gives the same outline as restructured on every corpus document', () => {
    const differing: string[] = [];
    for (const path of corpusFiles()) {
      const { text } = decodeSpec(readFileSync(path));
      const viaRestructured = outlineOf(text).outline;
      const viaScanner = createOutline(scanRst(text), text.split('\n'), () => {});
      if (JSON.stringify(viaScanner) !== JSON.stringify(viaRestructured)) differing.push(path);
    }
    expect(differing).toEqual([]);
  });
});
