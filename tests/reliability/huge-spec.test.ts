import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../generator/parse.js';
import { dataflow } from '../fixtures/generate/cli.js';
import { tempProject } from '../fixtures/generate/project.js';
import { hugeSpec } from './huge-spec.js';
import { size } from './long.js';

// 200,000 rows overflowed the call stack (`push(...rows)`). Generating every row's test takes about
// 0.5 ms a row, so the short run generates 10,000 and the long one (npm run test:long) all 200,000.
const PARSED = 200_000;
const GENERATED = size(10_000, 200_000);

describe('a spec far larger than any real one', () => {
  it(`parses with ${PARSED.toLocaleString('en')} property rows (about 12 MB)`, () => {
    const dir = tempProject('huge-parse');
    const file = join(dir, 'huge.rst');
    const text = hugeSpec(PARSED);
    expect(text.length).toBeGreaterThan(12_000_000);
    writeFileSync(file, text);
    const result = dataflow(dir, 'parse', file);
    expect(result.stderr).not.toMatch(/internal|stack|Maximum call/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Invoiced Contacts -> CRMOffice Contacts: ${PARSED + 1} properties`);
    // In process too, to check the last row (the JSON of 200,000 rows is too large for a child's pipe buffer).
    const document = parseSpecText(file, text);
    const rows = document.flows[2]!.properties;
    expect(rows).toHaveLength(PARSED + 1);
    expect(rows[PARSED]!.target.raw).toBe(`custom${PARSED}`);
    expect(document.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it(`generates a flow of ${GENERATED.toLocaleString('en')} rows with a test per row`, () => {
    const dir = tempProject('huge-generate');
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'huge.rst'), hugeSpec(GENERATED));
    const result = dataflow(dir, 'generate');
    expect(result.stderr).not.toMatch(/internal|stack|Maximum call/i);
    expect(result.status).toBe(0);
    const module = join(dir, 'generated', 'huge', 'invoiced-contacts-to-crmoffice-contacts.ts');
    expect(existsSync(module)).toBe(true);
    const code = readFileSync(module, 'utf8');
    // Rows are named by what they map: the last row is `properties.field_N -> customN`.
    const row = `propertiesField${GENERATED}ToCustom${GENERATED}`;
    expect(code).toContain(`const ${row}: PropertyBinding = {`);
    expect(code).toContain(`writePath(target, ${row}.target, asString(readPath(record, ${row}.source)`);
    const tests = readFileSync(join(dir, 'generated', 'huge', 'tests.ts'), 'utf8');
    expect(tests).toContain(`properties: { field_${GENERATED}: 'Sample properties.field_${GENERATED}' }`);
  }, 600_000);
});
