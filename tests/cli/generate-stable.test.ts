import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { changedFiles, fileTree } from '../fixtures/generate/file-tree.js';
import { projectRoot, projectWithSpecs } from '../fixtures/generate/project.js';

const SEED = readFileSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), 'utf8');
const HUBSPOT = readFileSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), 'utf8');

describe('generate writes the same bytes from wherever it runs', () => {
  it('from the project and from its parent folder, and check agrees from both', () => {
    const a = projectWithSpecs('stable-here', { 'hubspot-tripletex.rst': HUBSPOT });
    const b = projectWithSpecs('stable-there', { 'hubspot-tripletex.rst': HUBSPOT });
    expect(dataflow(a, 'generate').status).toBe(0);
    const parent = join(b, '..');
    const name = relative(parent, b);
    const run = dataflow(parent, 'generate', '--specs', `${name}/specs`, '--out', `${name}/generated`, '--predicates', `${name}/predicates`);
    expect(run.status).toBe(0);
    expect([...fileTree(join(b, 'generated'))]).toEqual([...fileTree(join(a, 'generated'))]);
    expect(readFileSync(join(b, 'generated', 'hubspot-tripletex', 'index.ts'), 'utf8')).toContain('// @generated from specs/hubspot-tripletex.rst (sha256:');
    // check from the other folder finds nothing stale, and says so.
    const fromParent = dataflow(parent, 'check', '--specs', `${name}/specs`, '--out', `${name}/generated`, '--predicates', `${name}/predicates`);
    expect(fromParent.stdout).toBe('');
    expect(fromParent.status).toBe(0);
    expect(fromParent.stderr).toMatch(/check: .*generated is up to date with 1 spec$/m);
  });
});

describe('a spec edit rewrites only what it changes', () => {
  it('a one-row edit writes its flow module, the spec tests and the manifest, nothing else', () => {
    const dir = projectWithSpecs('stable-row', { 'invoiced-crmoffice.rst': SEED });
    expect(dataflow(dir, 'generate').status).toBe(0);
    const before = fileTree(join(dir, 'generated'));
    // One row more in the last flow's property table.
    const withRow = `${SEED.trimEnd()}\n   * - email\n     - emailAddress\n     - "string"\n`;
    writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), withRow);
    const run = dataflow(dir, 'generate');
    expect(run.status).toBe(0);
    const after = fileTree(join(dir, 'generated'));
    expect(changedFiles(before, after)).toEqual(['invoiced-crmoffice/invoiced-contacts-to-crmoffice-contacts.ts', 'invoiced-crmoffice/tests.ts', 'manifest.json']);
    expect(run.stderr).toContain('3 files written, 0 removed');
  });

  it('lines added above every flow (a longer introduction) and a new Generated stamp write nothing', () => {
    const dir = projectWithSpecs('stable-intro', { 'invoiced-crmoffice.rst': SEED, 'hubspot-tripletex.rst': HUBSPOT });
    expect(dataflow(dir, 'generate').status).toBe(0);
    const before = fileTree(join(dir, 'generated'));
    const firstSection = SEED.indexOf('\nInvoiced Customers');
    expect(firstSection).toBeGreaterThan(0);
    const intro = `${SEED.slice(0, firstSection)}\nThis paragraph was added to the introduction.\nIt moves every flow down by four lines.\n\n${SEED.slice(firstSection)}`;
    writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), intro.replace(/Generated: \S+ \S+/, 'Generated: 2031-01-01 00:00:00'));
    expect(dataflow(dir, 'diff', join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'specs', 'invoiced-crmoffice.rst')).stdout).toMatch(/no changes/i);
    const run = dataflow(dir, 'generate');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('0 files written, 0 removed');
    expect(changedFiles(before, fileTree(join(dir, 'generated')))).toEqual([]);
    expect(dataflow(dir, 'check').status).toBe(0);
  });
});

describe('generate and check agree', () => {
  it('a hand edit that keeps the size is stale for check and rewritten by generate; --force re-renders all', () => {
    const dir = projectWithSpecs('stable-edit', { 'invoiced-crmoffice.rst': SEED });
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'generated', 'invoiced-crmoffice', 'index.ts');
    const original = readFileSync(file, 'utf8');
    const edited = original.replace("title: 'Invoiced", "title: 'INVOICED");
    expect(edited.length).toBe(original.length);
    writeFileSync(file, edited);
    const check = dataflow(dir, 'check');
    expect(check.status).toBe(1);
    expect(check.stdout).toBe('stale: generated/invoiced-crmoffice/index.ts\n');
    const run = dataflow(dir, 'generate');
    expect(run.stderr).toContain('1 file written');
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(dataflow(dir, 'check').status).toBe(0);

    writeFileSync(file, edited);
    const forced = dataflow(dir, 'generate', '--force');
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/1 spec \(1 rendered, 0 unchanged\), 1 file written/);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('a specs folder without a spec is exit 1 and removes nothing', () => {
    const dir = projectWithSpecs('stable-empty', { 'invoiced-crmoffice.rst': SEED });
    expect(dataflow(dir, 'generate').status).toBe(0);
    const before = fileTree(join(dir, 'generated'));
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'README.md'), '# not a spec\n');
    for (const command of ['generate', 'check']) {
      const run = dataflow(dir, command, '--specs', 'empty');
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('dataflow: no spec (*.rst, *.md) in empty; nothing generated, nothing removed');
    }
    expect([...fileTree(join(dir, 'generated'))]).toEqual([...before]);
  });

  it('a spec path that does not exist is a usage error', () => {
    const dir = projectWithSpecs('stable-missing', {});
    const run = dataflow(dir, 'generate', '--specs', 'specs/nowhere.rst');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no such specs folder or file: specs/nowhere.rst');
  });

  it('shows the warnings of a spec on every run, also when nothing is rendered again', () => {
    const dir = projectWithSpecs('stable-warnings', { 'invoiced-crmoffice.rst': SEED.replace('Invoiced Customers person', 'Invoiced Customers person\n\nA stray paragraph the reader does not know.\n') });
    const first = dataflow(dir, 'generate');
    const warnings = first.stderr.split('\n').filter((l) => /: (warning|info): /.test(l));
    expect(warnings.length).toBeGreaterThan(0);
    const second = dataflow(dir, 'generate');
    expect(second.stderr).toContain('(0 rendered, 1 unchanged)');
    expect(second.stderr.split('\n').filter((l) => /: (warning|info): /.test(l))).toEqual(warnings);
  });
});
