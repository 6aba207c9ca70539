import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../generator/generate.js';
import { handMade } from '../fixtures/generate/hand-made.js';
import { hostile, HOSTILE } from '../fixtures/generate/hostile.js';
import { projectWithSpecs, runGeneratedTests, typeCheck, writeConfigs } from '../fixtures/generate/project.js';

// One temporary project for both documents: one tsc and one vitest child run.
describe('generated code from hostile and hand-made specs', () => {
  const docs = { 'hostile.rst': hostile, 'hand-made.rst': handMade };
  const dir = projectWithSpecs('hostile', Object.fromEntries(Object.keys(docs).map((name) => [name, name])));

  it('type-checks under strict and its generated tests pass', { timeout: 300_000 }, async () => {
    await generate({
      specs: 'specs',
      out: 'generated',
      cwd: dir,
      find: async () => Object.keys(docs).map((n) => join(dir, 'specs', n)),
      parse: (file) => docs[file.split(/[\\/]/).pop() as keyof typeof docs],
    });
    writeConfigs(dir, 'generated');
    const tsc = typeCheck(dir);
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
    const tests = runGeneratedTests(dir);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    expect(tests.status).toBe(0);
  });

  it('keeps hostile names as inert data', async () => {
    const { flows } = (await import(join(dir, 'generated', 'hostile', 'index.ts'))) as {
      flows: { id: string; title: string; source: { entity: string } }[];
    };
    expect(flows.map((f) => f.title)).toEqual(HOSTILE.map((n) => `${n} to ${n}`));
    expect(flows.map((f) => f.source.entity)).toEqual(HOSTILE);
    expect(new Set(flows.map((f) => f.id)).size).toBe(HOSTILE.length);
    for (const id of flows.map((f) => f.id)) expect(id).toMatch(/^[a-z0-9-]+$/);
    // A name that tried to end its comment stays inside it.
    const module = readFileSync(join(dir, 'generated', 'hostile', `${flows[2]!.id}.ts`), 'utf8');
    expect(module).toContain('ends *\u2215 comment to ends *\u2215 comment');
  });
});
