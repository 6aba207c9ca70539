/** Reads one side of a comparison from the file system: a single spec file, or a folder of specs keyed by relative path. */
import { readFile, stat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import type { SpecEntry, SpecSet } from './diff-sets.js';

export type FindSpecFiles = (paths: string[]) => Promise<string[]>;

export async function loadSpecFile(file: string, name = basename(file)): Promise<SpecSet> {
  return { label: file, entries: new Map([[name, { file, contents: await readFile(file) }]]) };
}

export async function loadSpecFolder(dir: string, findSpecFiles: FindSpecFiles): Promise<SpecSet> {
  const files = await findSpecFiles([dir]);
  const entries = new Map<string, SpecEntry>();
  const contents = await Promise.all(files.map((file) => readFile(file)));
  files.forEach((file, k) => entries.set(relative(dir, file).split(sep).join('/'), { file, contents: contents[k]! }));
  return { label: dir, entries };
}

export async function pathKind(path: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
