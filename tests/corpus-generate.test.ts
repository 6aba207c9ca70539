/**
 * Done-when for the generator: all 600 corpus documents generate, the result
 * type-checks under strict, and every generated test passes. The output goes
 * to .cache/corpus-gen inside the project so `dataflow/runtime` resolves.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../generator/generate.js';
import { projectRoot, runGeneratedTests, typeCheck, writeConfigs } from './fixtures/generate/project.js';

const corpus = join(projectRoot, '..', 'shared', 'corpus');
const present = existsSync(join(corpus, 'latest')) && existsSync(join(corpus, 'history'));
if (!present) console.warn(`corpus-generate: skipped, no corpus at ${corpus}`);

describe.skipIf(!present)('generating the whole corpus', () => {
  const dir = join(projectRoot, '.cache', 'corpus-gen');

  it('generates, type-checks and passes its own tests', { timeout: 900_000 }, async () => {
    rmSync(dir, { recursive: true, force: true });
    const files = ['latest', 'history'].flatMap((folder) =>
      readdirSync(join(corpus, folder))
        .filter((f) => f.endsWith('.rst'))
        .sort()
        .map((f) => join(corpus, folder, f)),
    );
    expect(files.length).toBe(600);
    const result = await generate({ specs: corpus, out: join(dir, 'generated'), predicates: join(dir, 'predicates'), find: async () => files });
    expect(result.specs.length).toBe(600);
    const internal = result.specs.flatMap((s) => s.diagnostics.filter((d) => d.code === 'internal-error').map((d) => `${s.file}: ${d.message}`));
    expect(internal).toEqual([]);

    writeConfigs(dir, 'generated');
    const tsc = typeCheck(dir);
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);

    const tests = runGeneratedTests(dir);
    expect(tests.output).not.toMatch(/\bfailed\b/);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    expect(tests.status).toBe(0);
  });
});
