import { spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'dataflow.js');
const shared = resolve(root, '../shared');
const seed = join(shared, 'seed', 'invoiced-crmoffice.rst');
const latest = join(shared, 'corpus', 'latest');
const history = join(shared, 'corpus', 'history');
const haveCorpus = existsSync(seed) && existsSync(latest) && existsSync(history);
if (!haveCorpus) console.warn(`tests/cli/diff.test.ts: skipped, no corpus at ${shared}`);

function dataflow(args: string[], cwd = root) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!haveCorpus)('dataflow diff', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'dataflow-cli-diff-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 1 on a breaking change between two files, and explains it', () => {
    const { code, stdout, stderr } = dataflow(['diff', seed, join(latest, 'invoiced-crmoffice.rst')]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain('flow renamed: "Invoiced Customers person to CRMOffice Contacts" -> "Invoiced Customers (human data) to CRMOffice Contacts"');
    expect(stdout).toContain('why: ');
    expect(stdout).toMatch(/1 breaking, 0 compatible change in 1 of 1 document\.\n$/);
  });

  it('exits 0 when every change is compatible, and prints JSON with --json', () => {
    const { code, stdout } = dataflow(['diff', '--json', join(history, 'crmoffice-crmoffice@2024-09-11@1583fa217d72.rst'), join(latest, 'crmoffice-crmoffice.rst')]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ version: 1, breaking: false, summary: { breaking: 0, compatible: 1, documents: 1, compared: 1 } });
    expect(json.documents[0].changes).toEqual([
      expect.objectContaining({ kind: 'system-renamed', severity: 'compatible', before: 'Crmoffice', after: 'CRMOffice', oldLine: 1, newLine: 1 }),
    ]);
  });

  it('exits 0 with no changes', () => {
    const { code, stdout } = dataflow(['diff', seed, seed]);
    expect(code).toBe(0);
    expect(stdout).toBe('No changes in 1 document.\n');
  });

  it('pairs folders by file name and reports documents on one side as added or removed', () => {
    const before = join(tmp, 'before');
    const after = join(tmp, 'after');
    mkdirSync(join(before, 'sub'), { recursive: true });
    mkdirSync(join(after, 'sub'), { recursive: true });
    copyFileSync(seed, join(before, 'sub', 'invoiced-crmoffice.rst'));
    copyFileSync(join(latest, 'invoiced-crmoffice.rst'), join(after, 'sub', 'invoiced-crmoffice.rst'));
    copyFileSync(join(latest, 'crmoffice-invoiced.rst'), join(before, 'crmoffice-invoiced.rst'));
    copyFileSync(join(latest, 'hubspot-tripletex.rst'), join(after, 'hubspot-tripletex.rst'));
    const { code, stdout } = dataflow(['diff', '--json', before, after]);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.documents.map((d: { name: string; changes: { kind: string; severity: string }[] }) => [d.name, d.changes.map((c) => `${c.severity} ${c.kind}`)])).toEqual([
      ['crmoffice-invoiced.rst', ['breaking document-removed']],
      ['hubspot-tripletex.rst', ['compatible document-added']],
      ['sub/invoiced-crmoffice.rst', ['breaking flow-renamed']],
    ]);
    expect(json.summary).toEqual({ breaking: 2, compatible: 1, accepted: 0, documents: 3, compared: 3 });
  });

  it('prints parse errors as diagnostics and exits 1', () => {
    const bad = join(tmp, 'bad.rst');
    writeFileSync(bad, BROKEN);
    const { code, stderr } = dataflow(['diff', seed, bad]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.rst:\d+:\d+: error: .* \[[a-z-]+\]\n/);
  });

  it.each([
    ['one path', ['diff', 'x.rst']],
    ['three paths', ['diff', 'a', 'b', 'c']],
    ['a file and a folder', ['diff', 'README.md', 'specs']],
    ['a missing path', ['diff', 'specs/nope.rst', 'specs/invoiced-crmoffice.rst']],
    ['--against with two folders', ['diff', '--against', 'HEAD', 'specs', 'specs']],
    ['--against an unknown ref', ['diff', '--against', 'no-such-ref-anywhere']],
  ])('exits 2 for a usage error: %s', (_, args) => {
    const { code, stderr } = dataflow(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dataflow: |error: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--against compares the working specs/ with a commit, without a checkout', () => {
    const repo = join(tmp, 'repo');
    mkdirSync(join(repo, 'specs'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    copyFileSync(seed, join(repo, 'specs', 'invoiced-crmoffice.rst'));
    copyFileSync(join(latest, 'crmoffice-invoiced.rst'), join(repo, 'specs', 'crmoffice-invoiced.rst'));
    git('add', '.');
    git('commit', '-qm', 'seed');
    expect(dataflow(['diff', '--against', 'HEAD'], repo)).toMatchObject({ code: 0, stdout: 'No changes in 2 documents.\n' });

    copyFileSync(join(latest, 'invoiced-crmoffice.rst'), join(repo, 'specs', 'invoiced-crmoffice.rst'));
    const { code, stdout } = dataflow(['diff', '--against', 'HEAD', '--json'], repo);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.old).toBe('HEAD:specs');
    expect(json.documents).toHaveLength(1);
    expect(json.documents[0]).toMatchObject({ name: 'invoiced-crmoffice.rst', oldFile: 'HEAD:specs/invoiced-crmoffice.rst' });
    expect(json.documents[0].changes.map((c: { rule: string }) => c.rule)).toEqual(['flow-renamed-entity']);
    // The working tree is untouched: the old version was read from git objects.
    expect(git('status', '--porcelain').toString()).toBe(' M specs/invoiced-crmoffice.rst\n');
  });

  it('a spec renamed between two commits is a rename (compatible, exit 0), not a removal plus an addition', () => {
    const repo = join(tmp, 'repo-rename');
    mkdirSync(join(repo, 'specs'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    for (const name of ['hubspot-tripletex.rst', 'crmoffice-invoiced.rst', 'invoiced-crmoffice.rst']) copyFileSync(join(latest, name), join(repo, 'specs', name));
    git('add', '.');
    git('commit', '-qm', 'specs');
    mkdirSync(join(repo, 'specs', 'hubspot'));
    git('mv', 'specs/hubspot-tripletex.rst', 'specs/hubspot/tripletex.rst');
    git('commit', '-qm', 'rename');
    const text = dataflow(['diff', '--against', 'HEAD~1'], repo);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toBe(
      'hubspot/tripletex.rst  HEAD~1:specs/hubspot-tripletex.rst -> specs/hubspot/tripletex.rst\n' +
        '  compatible  renamed from hubspot-tripletex.rst to hubspot/tripletex.rst  [old :1, new :1]\n' +
        '\n' +
        '0 breaking, 1 compatible change in 1 of 3 documents.\n',
    );
    const json = JSON.parse(dataflow(['diff', '--against', 'HEAD~1', '--json'], repo).stdout);
    expect(json.breaking).toBe(false);
    expect(json.documents).toEqual([
      expect.objectContaining({ name: 'hubspot/tripletex.rst', oldFile: 'HEAD~1:specs/hubspot-tripletex.rst', newFile: 'specs/hubspot/tripletex.rst', renamedFrom: 'hubspot-tripletex.rst' }),
    ]);
    expect(json.documents[0].changes).toEqual([expect.objectContaining({ kind: 'document-renamed', rule: 'document-renamed', severity: 'compatible', before: 'hubspot-tripletex.rst', after: 'hubspot/tripletex.rst' })]);
    const github = dataflow(['diff', '--against', 'HEAD~1', '--format', 'github'], repo);
    expect(github.stdout).toContain('::notice file=specs/hubspot/tripletex.rst,line=1,title=compatible change::hubspot/tripletex.rst: renamed from hubspot-tripletex.rst to hubspot/tripletex.rst');
  });

  it('a spec renamed and edited between two folders: the rename, then its real changes compared as one document', () => {
    const before = join(tmp, 'rename-before');
    const after = join(tmp, 'rename-after');
    mkdirSync(before);
    mkdirSync(after);
    copyFileSync(seed, join(before, 'invoiced-crmoffice.rst'));
    copyFileSync(join(latest, 'invoiced-crmoffice.rst'), join(after, 'invoiced-to-crmoffice.rst'));
    const { code, stdout } = dataflow(['diff', '--json', before, after]);
    // Exit 1 for the real breaking change inside (a renamed entity), not for the rename.
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.documents.map((d: { name: string; renamedFrom: string | null; changes: { kind: string; severity: string }[] }) => [d.name, d.renamedFrom, d.changes.map((c) => `${c.severity} ${c.kind}`)])).toEqual([
      ['invoiced-to-crmoffice.rst', 'invoiced-crmoffice.rst', ['compatible document-renamed', 'breaking flow-renamed']],
    ]);
    expect(json.summary).toEqual({ breaking: 1, compatible: 1, accepted: 0, documents: 1, compared: 1 });
  });
});

/** A document the parser must reject with an error diagnostic (it has no title). */
const BROKEN = 'hello\n';
