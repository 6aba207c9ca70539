/**
 * The done-when of Markdown specs: every document of the latest corpus,
 * converted to Markdown and parsed back, gives the IR of the RST original
 * (positions and file name aside) and the same diagnostics by severity and code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertSpecToMarkdown } from '../../../generator/convert/convert-spec.js';
import { emitMarkdown } from '../../../generator/convert/emit-markdown.js';
import { diagnosticsDifference, documentDifference } from '../../../generator/convert/same-document.js';
import { readMarkdownText } from '../../../generator/read/markdown/read-markdown.js';

const LATEST = '../shared/corpus/latest';
const present = existsSync(LATEST);
if (!present) console.warn(`the shared corpus (${LATEST}) is absent: Markdown round-trip tests over it skipped`);
const files = present ? readdirSync(LATEST).filter((name) => name.endsWith('.rst')).sort() : [];

describe.skipIf(!present)('RST corpus to Markdown and back', () => {
  it('has the 300 documents the round trip is promised for', () => {
    expect(files.length).toBe(300);
  });

  it.each(files)('%s', (name) => {
    const { markdown, document, back } = convertSpecToMarkdown(name, readFileSync(join(LATEST, name)));
    expect(documentDifference(document, back)).toBeNull();
    // Strict here: not even markup-only RST findings are set aside.
    expect(diagnosticsDifference(document, back)).toBeNull();
    expect(back.flows.length).toBe(document.flows.length);
    // The Markdown form is a fixed point: converting it again changes nothing.
    expect(emitMarkdown(readMarkdownText(markdown).outline)).toBe(markdown);
  });
});
