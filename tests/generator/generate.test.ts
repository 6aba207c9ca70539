import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check, generate, type GenerateOptions } from '../../generator/generate.js';
import type { Document } from '../../generator/ir.js';
import { fileTree } from '../fixtures/generate/file-tree.js';
import { handMade } from '../fixtures/generate/hand-made.js';
import { projectWithSpecs } from '../fixtures/generate/project.js';

function otherDoc(title: string): Document {
  return { ...handMade, title, flows: handMade.flows.slice(2) };
}

/** A project with spec files whose parse result is looked up by name (the text only feeds the hash). */
function setup(name: string) {
  const docs = new Map<string, Document>([
    ['a.rst', handMade],
    ['b.rst', otherDoc('B')],
  ]);
  const dir = projectWithSpecs(name, Object.fromEntries([...docs.keys()].map((file) => [file, `${file} v1`])));
  const parsed: string[] = [];
  const options: GenerateOptions = {
    specs: 'specs',
    out: 'generated',
    cwd: dir,
    find: async () =>
      readdirSync(join(dir, 'specs'))
        .sort()
        .map((f) => join(dir, 'specs', f)),
    parse: (file) => {
      const base = file.split(/[\\/]/).pop()!;
      parsed.push(base);
      if (base === 'broken.rst') throw new Error('renderer failed');
      return docs.get(base) ?? otherDoc(base);
    },
  };
  return { dir, docs, parsed, options };
}

describe('generate', () => {
  it('is deterministic: a forced second run writes the same bytes and nothing else', async () => {
    const { dir, options } = setup('gen-deterministic');
    await generate(options);
    const first = fileTree(join(dir, 'generated'));
    const again = await generate({ ...options, force: true });
    expect(again.written).toEqual([]);
    expect(fileTree(join(dir, 'generated'))).toEqual(first);
    expect([...first.keys()]).toContain('manifest.json');
    // The predicates are the user's: outside the output folder, untouched by a forced run.
    expect([...first.keys()]).not.toContain('a/predicates.ts');
    expect(existsSync(join(dir, 'predicates', 'a.ts'))).toBe(true);
  });

  it('re-renders only the spec whose content changed', async () => {
    const { dir, options, parsed } = setup('gen-incremental');
    await generate(options);
    parsed.length = 0;
    const unchanged = await generate(options);
    expect(parsed).toEqual([]);
    expect(unchanged.written).toEqual([]);
    writeFileSync(join(dir, 'specs', 'b.rst'), 'b.rst v2');
    const result = await generate(options);
    expect(parsed).toEqual(['b.rst']);
    expect(result.specs.map((s) => [s.slug, s.rendered])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(result.written.every((p) => p.startsWith('b/') || p === 'manifest.json')).toBe(true);
  });

  it('restores a hand-edited generated file', async () => {
    const { dir, options } = setup('gen-restore');
    await generate(options);
    const file = join(dir, 'generated', 'b', 'index.ts');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text}// edited\n`);
    expect((await check(options)).stale).toEqual(['b/index.ts']);
    await generate(options);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('removes the files of a spec that is gone, and nothing it did not generate', async () => {
    const { dir, options } = setup('gen-orphans');
    await generate(options);
    writeFileSync(join(dir, 'generated', 'a', 'notes.md'), 'mine');
    writeFileSync(join(dir, 'generated', 'README.md'), 'mine');
    // The user has written in the spec's predicates file (an untouched stub-only file goes with its spec).
    const predicates = join(dir, 'predicates', 'a.ts');
    writeFileSync(predicates, `${readFileSync(predicates, 'utf8')}// mine\n`);
    rmSync(join(dir, 'specs', 'a.rst'));
    expect((await check(options)).orphaned).toContain('a/index.ts');
    const result = await generate(options);
    expect(result.removed).toContain('a/index.ts');
    expect(readdirSync(join(dir, 'generated', 'a')).sort()).toEqual(['notes.md']);
    // The user's predicates of the spec that is gone stay, reported: nothing uses them now.
    expect(existsSync(join(dir, 'predicates', 'a.ts'))).toBe(true);
    expect(result.predicateProblems.map((p) => [relative(dir, p.file), p.diagnostics.map((d) => `${d.severity} ${d.code}`)])).toEqual([
      ['predicates/a.ts', ['warning orphaned-predicate', 'warning orphaned-predicate']],
    ]);
    expect(existsSync(join(dir, 'generated', 'README.md'))).toBe(true);
    expect(existsSync(join(dir, 'generated', 'b', 'index.ts'))).toBe(true);
  });

  it('with one spec file for --specs, regenerates it and keeps the other specs', async () => {
    const { dir, options } = setup('gen-one-file');
    await generate(options);
    writeFileSync(join(dir, 'specs', 'b.rst'), 'b.rst v2');
    const result = await generate({ ...options, specs: 'specs/b.rst', find: async () => [join(dir, 'specs', 'b.rst')] });
    expect(result.removed).toEqual([]);
    expect(existsSync(join(dir, 'generated', 'a', 'index.ts'))).toBe(true);
    expect(await check(options)).toMatchObject({ stale: [], missing: [], orphaned: [] });
  });

  it('leaves the previous output untouched when rendering fails', async () => {
    const { dir, options } = setup('gen-atomic');
    await generate(options);
    const before = fileTree(join(dir, 'generated'));
    writeFileSync(join(dir, 'specs', 'b.rst'), 'b.rst v2');
    writeFileSync(join(dir, 'specs', 'broken.rst'), 'x');
    await expect(generate(options)).rejects.toThrow('renderer failed');
    expect(fileTree(join(dir, 'generated'))).toEqual(before);
  });

  it('keeps the previous output of a spec that now has errors, and still generates the others', async () => {
    const { dir, docs, options } = setup('gen-spec-errors');
    await generate(options);
    const before = fileTree(join(dir, 'generated'));
    docs.set('a.rst', { ...docs.get('a.rst')!, flows: [], diagnostics: [{ severity: 'error', code: 'nul-byte', message: 'NUL byte in text', line: 2, column: 1 }] });
    writeFileSync(join(dir, 'specs', 'a.rst'), 'a.rst v2');
    docs.set('b.rst', otherDoc('B2'));
    writeFileSync(join(dir, 'specs', 'b.rst'), 'b.rst v2');
    const result = await generate(options);
    expect(result.removed).toEqual([]);
    expect(result.written.some((path) => path.startsWith('a/'))).toBe(false);
    expect(result.written).toContain('b/index.ts');
    const after = fileTree(join(dir, 'generated'));
    for (const path of [...before.keys()].filter((p) => p.startsWith('a/'))) expect(after.get(path)).toBe(before.get(path));
  });
});

describe('check', () => {
  it('lists missing, stale and orphaned files, and accepts an up-to-date tree', async () => {
    const { dir, options, docs } = setup('check');
    const empty = await check(options);
    expect(empty.missing).toContain('a/index.ts');
    expect(empty.predicates.map((p) => relative(dir, p.path))).toEqual(['predicates/a.ts']);
    expect(empty.missing).toContain('manifest.json');
    await generate(options);
    expect(await check(options)).toMatchObject({ stale: [], missing: [], orphaned: [], predicates: [] });
    rmSync(join(dir, 'generated', 'a', 'index.ts'));
    writeFileSync(join(dir, 'specs', 'b.rst'), 'b.rst v2');
    docs.set('b.rst', otherDoc('B2'));
    const result = await check(options);
    expect(result.missing).toEqual(['a/index.ts']);
    expect(result.stale).toContain('b/index.ts');
    expect(result.stale).toContain('manifest.json');
    expect(fileTree(join(dir, 'generated')).get('b/index.ts')).toContain('(sha256:');
  });

  it('does not flag a user-edited predicates file, only a missing stub', async () => {
    const { dir, options } = setup('check-predicates');
    await generate(options);
    const file = join(dir, 'predicates', 'a.ts');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(
      /export const (shouldCreateHubspotDealToTripletexOrder)[^\n]*/,
      'export function $1(record: { properties?: { probability?: unknown } }) {\n  return record.properties?.probability === 1;\n}',
    );
    writeFileSync(file, edited);
    expect(await check(options)).toMatchObject({ stale: [], missing: [], predicates: [] });
    await generate(options);
    expect(readFileSync(file, 'utf8')).toBe(edited);

    const dropped = edited.replace(/export const shouldCreateHubspotContactToTripletexCustomer[^\n]*\n/, '');
    writeFileSync(file, dropped);
    expect((await check(options)).predicates).toEqual([{ path: file, names: ['shouldCreateHubspotContactToTripletexCustomer'] }]);
    const result = await generate(options);
    expect(result.predicates).toEqual([{ path: file, created: false, added: ['shouldCreateHubspotContactToTripletexCustomer'] }]);
    const healed = readFileSync(file, 'utf8');
    expect(healed.startsWith(dropped)).toBe(true);
    expect(healed).toContain('export const shouldCreateHubspotContactToTripletexCustomer');
  });
});
