/** Reads the specs of a folder as they were at a git commit, straight from the object store (no checkout). */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { SpecEntry, SpecSet } from './diff-sets.js';

/** A git failure the user can fix (not a repository, unknown ref): the CLI reports it as a usage error. */
export class GitSpecsError extends Error {}

/** Whether a path names a spec file; the CLI passes the parser's reader registry, so both sides find the same files. */
export type IsSpecPath = (path: string) => boolean;

const defaultIsSpecPath: IsSpecPath = (path) => /\.(rst|md)$/i.test(path);

function git(cwd: string, args: string[], input?: string): Buffer {
  const run = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (run.error) throw new GitSpecsError(`cannot run git: ${run.error.message}`);
  if (run.status !== 0) throw new GitSpecsError(`git ${args[0]} failed: ${run.stderr.toString().trim() || `exit ${run.status}`}`);
  return run.stdout;
}

/** The nearest existing folder, resolved through symlinks, so it compares with what git reports as the top level. */
function realFolder(path: string): string {
  let dir = resolve(path);
  const missing: string[] = [];
  while (!existsSync(dir)) {
    missing.unshift(dir.slice(dirname(dir).length + 1));
    dir = dirname(dir);
  }
  return join(realpathSync(dir), missing.join(sep));
}

export function loadGitSpecs(ref: string, dir: string, isSpecPath: IsSpecPath = defaultIsSpecPath): SpecSet {
  const folder = realFolder(dir);
  let probe = folder;
  while (!existsSync(probe)) probe = dirname(probe);
  const top = git(probe, ['rev-parse', '--show-toplevel']).toString().trim();
  const commit = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top });
  if (commit.status !== 0) throw new GitSpecsError(`unknown git revision: ${ref}`);
  const prefix = relative(realpathSync(top), folder).split(sep).join('/');
  if (prefix.startsWith('..')) throw new GitSpecsError(`${dir} is outside the git repository at ${top}`);

  const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', '--name-only', ref, '--', prefix || '.']).toString();
  const paths = listing
    .split('\0')
    // Like findSpecFiles: skip hidden folders and node_modules below the compared folder.
    .filter((p) => p !== '' && !p.includes('\n') && isSpecPath(p))
    .filter((p) => !(prefix ? p.slice(prefix.length + 1) : p).split('/').slice(0, -1).some((d) => d.startsWith('.') || d === 'node_modules'))
    .sort();
  const entries = new Map<string, SpecEntry>();
  if (paths.length === 0) return { label: `${ref}:${prefix}`, entries };

  // One `git cat-file --batch` for all blobs: a process per file would dominate the run time.
  const out = git(top, ['cat-file', '--batch'], paths.map((p) => `${ref}:${p}\n`).join(''));
  let at = 0;
  for (const path of paths) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString();
    const size = Number(header.split(' ')[2]);
    if (!/ blob \d+$/.test(header)) throw new GitSpecsError(`cannot read ${ref}:${path} (${header})`);
    const contents = out.subarray(headerEnd + 1, headerEnd + 1 + size);
    at = headerEnd + 1 + size + 1;
    const name = prefix ? path.slice(prefix.length + 1) : path;
    entries.set(name, { file: `${ref}:${path}`, contents: new Uint8Array(contents) });
  }
  return { label: `${ref}:${prefix || '.'}`, entries };
}
