/**
 * Which files are specs and where they are: kept apart from the readers so
 * that `generate` on an unchanged tree never loads unified or restructured.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/** Extensions a reader exists for; parse.ts adds any reader registered later. */
const specExtensions = new Set(['.rst', '.md']);

export function addSpecExtension(extension: string): void {
  specExtensions.add(extension.toLowerCase());
}

/** A folder's README.md says what the specs are; it is not one of them. */
const README = /^readme\.[^.]+$/i;

/** Whether a folder walk picks this file up as a spec. */
export function isSpecFile(path: string): boolean {
  return specExtensions.has(extname(path).toLowerCase()) && !README.test(basename(path));
}

/** Thrown by `findSpecFiles` for a path that does not exist. */
export class SpecPathError extends Error {}

/**
 * The spec files named by `paths`: files as given, folders searched
 * recursively (hidden folders, node_modules and README files skipped) for spec files, each
 * folder's files sorted.
 */
export async function findSpecFiles(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new SpecPathError(`no such file or folder: ${path}`);
    }
    const files = info.isDirectory() ? await walk(path) : [path];
    for (const file of files) {
      if (!seen.has(file)) {
        seen.add(file);
        found.push(file);
      }
    }
  }
  return found;
}

async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      for (const file of await walk(path)) files.push(file);
    } else if (isSpecFile(entry.name)) {
      files.push(path);
    }
  }
  return files.sort();
}
