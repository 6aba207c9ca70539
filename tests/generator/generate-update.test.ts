import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../generator/generate.js';
import { parseSpecText } from '../../generator/parse.js';
import { projectWithSpecs } from '../fixtures/generate/project.js';

const SEED = readFileSync('specs/invoiced-crmoffice.rst', 'utf8');

function snapshot(dir: string): Map<string, string> {
  const folder = join(dir, 'generated', 'invoiced-crmoffice');
  return new Map(readdirSync(folder).map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
}

describe('generate after a spec update', () => {
  it('leaves the modules of flows the update did not touch byte-identical', async () => {
    const dir = projectWithSpecs('update', { 'invoiced-crmoffice.rst': SEED });
    const spec = join(dir, 'specs', 'invoiced-crmoffice.rst');
    const options = { specs: 'specs', out: 'generated', cwd: dir, parse: (file: string, bytes: Uint8Array) => parseSpecText(file, bytes) };
    await generate(options);
    const before = snapshot(dir);

    // The last flow gains a row, and the Generated stamp moves: the two flows above keep their lines.
    writeFileSync(
      spec,
      `${SEED.replace('Generated: 2024-09-13 00:00:01', 'Generated: 2024-11-13 00:00:01')}   * - email\n     - emailAddress\n     - "string"\n`,
    );
    await generate(options);
    const after = snapshot(dir);

    const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f)).sort();
    expect(changed).toEqual(['invoiced-contacts-to-crmoffice-contacts.ts', 'tests.ts']);
    expect(after.get('invoiced-contacts-to-crmoffice-contacts.ts')).toContain('emailAddress');
  });
});
