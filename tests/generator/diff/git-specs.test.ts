import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitSpecsError, loadGitSpecs } from '../../../generator/diff/git-specs.js';

describe('loadGitSpecs', () => {
  let repo = '';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString().trim();

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'dataflow-git-specs-'));
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    mkdirSync(join(repo, 'specs', 'sub'), { recursive: true });
    writeFileSync(join(repo, 'specs', 'a.rst'), 'first\r\nversion\r\n');
    writeFileSync(join(repo, 'specs', 'sub', 'b.md'), 'bee\n');
    writeFileSync(join(repo, 'specs', 'notes.txt'), 'not a spec\n');
    mkdirSync(join(repo, 'specs', '.drafts'));
    writeFileSync(join(repo, 'specs', '.drafts', 'c.rst'), 'hidden folder, skipped like findSpecFiles does\n');
    writeFileSync(join(repo, 'other.rst'), 'outside the folder\n');
    git('add', '.');
    git('commit', '-qm', 'one');
    writeFileSync(join(repo, 'specs', 'a.rst'), 'second\n');
    git('commit', '-qam', 'two');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('reads the blobs of the folder at a ref, keyed by path inside the folder', () => {
    const set = loadGitSpecs('HEAD~1', join(repo, 'specs'));
    expect([...set.entries.keys()]).toEqual(['a.rst', 'sub/b.md']);
    const a = set.entries.get('a.rst')!;
    expect(a.file).toBe('HEAD~1:specs/a.rst');
    expect(Buffer.from(a.contents).toString()).toBe('first\r\nversion\r\n');
    expect(set.label).toBe('HEAD~1:specs');
  });

  it('takes the spec-file test from the caller', () => {
    expect([...loadGitSpecs('HEAD', join(repo, 'specs'), (p) => p.endsWith('.rst')).entries.keys()]).toEqual(['a.rst']);
  });

  it('reads the current commit', () => {
    const set = loadGitSpecs('HEAD', join(repo, 'specs'));
    expect(Buffer.from(set.entries.get('a.rst')!.contents).toString()).toBe('second\n');
  });

  it('rejects an unknown ref and a folder outside any repository', () => {
    expect(() => loadGitSpecs('no-such-ref', join(repo, 'specs'))).toThrow(GitSpecsError);
    const outside = mkdtempSync(join(tmpdir(), 'dataflow-no-git-'));
    try {
      expect(() => loadGitSpecs('HEAD', outside)).toThrow(GitSpecsError);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
