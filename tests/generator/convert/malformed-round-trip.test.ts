/**
 * Converting odd and malformed RST (the parser's own fixtures) to Markdown:
 * never a throw, and the dataflows survive even where the findings differ
 * (a pipe table cannot lack its header row, so RST-only findings may go away).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertSpecToMarkdown } from '../../../generator/convert/convert-spec.js';

const folder = 'tests/fixtures/parse/malformed';
const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.rst')).sort() : [];

describe.skipIf(files.length === 0)('malformed RST to Markdown', () => {
  it.each(files)('%s keeps its dataflows', (name) => {
    const { difference } = convertSpecToMarkdown(name, readFileSync(`${folder}/${name}`));
    expect(difference).toBeNull();
  });
});
