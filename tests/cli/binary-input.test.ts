import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectWithSpecs, repoSpecs } from '../fixtures/generate/project.js';

/** A specs folder with one real spec and, beside it, files that are not text but carry a spec extension. */
function project(): string {
  const image = new PNG({ width: 40, height: 40 });
  for (let i = 0; i < image.data.length; i++) image.data[i] = (i * 13) % 256;
  return projectWithSpecs('cli-binary-input', {
    ...repoSpecs('invoiced-crmoffice.rst'),
    'logo.rst': PNG.sync.write(image),
    'backup.md': gzipSync(Buffer.from('# A to B Dataflow\n'.repeat(50))),
    'junk.rst': Uint8Array.from({ length: 6000 }, (_, i) => (i * 7919 + 13) % 256),
    'zeros.rst': new Uint8Array(3000),
  });
}

const EXPECTED = [
  'specs/backup.md:1:1: error: not a text document: this looks like a gzip-compressed file [not-text]',
  'specs/junk.rst:1:1: error: not a text document: this looks like binary data (',
  'specs/logo.rst:1:1: error: not a text document: this looks like a PNG image [not-text]',
  'specs/zeros.rst:1:1: error: not a text document: this looks like a file of NUL bytes (zeros) [not-text]',
];

/** The lines of stderr about the binary files: exactly one each. */
function binaryLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^specs\/(backup|junk|logo|zeros)\./.test(l));
}

describe('binary files in a specs folder', () => {
  const dir = project();

  it.each([['parse', 'specs'], ['lint', 'specs'], ['generate'], ['check']])('%s: one error per binary file, exit 1', (...args) => {
    const result = dataflow(dir, ...args);
    const lines = binaryLines(result.stderr);
    expect(lines).toHaveLength(4);
    for (const [i, want] of EXPECTED.entries()) expect(lines[i]).toContain(want);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.status).toBe(1);
  });

  it('generate still writes the real spec beside them, and nothing for the binary files', () => {
    dataflow(dir, 'generate');
    expect(existsSync(join(dir, 'generated', 'invoiced-crmoffice', 'index.ts'))).toBe(true);
    for (const slug of ['logo', 'backup', 'junk', 'zeros']) expect(existsSync(join(dir, 'generated', slug))).toBe(false);
  });

  it('docs names each binary file once and builds the site of the rest', () => {
    const result = dataflow(dir, 'docs', '--specs', 'specs', '--out', 'site');
    expect(result.stderr.split('\n').filter((l) => l.startsWith('specs/logo.rst'))).toHaveLength(1);
    expect(existsSync(join(dir, 'site', 'index.html'))).toBe(true);
  });

  it('parse --format json carries the one diagnostic with its code', () => {
    const result = dataflow(dir, 'parse', '--format', 'json', 'specs/logo.rst');
    const json = JSON.parse(result.stdout) as { documents: { diagnostics: { code: string; line: number; column: number }[] }[] };
    expect(json.documents[0]!.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['1:1 not-text']);
  });
});
