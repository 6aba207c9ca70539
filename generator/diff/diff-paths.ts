/** `diff` over paths: two spec files (one document in two versions) or two folders of specs matched by file name. */
import { findSpecFiles } from '../spec-files.js';
import { diffSpecSets, type SetDiff, type SpecSet } from './diff-sets.js';
import { DiffPathError } from './diff-path-error.js';
import { loadSpecFile, loadSpecFolder, pathKind } from './load-specs.js';

export { DiffPathError };

export type ParseText = Parameters<typeof diffSpecSets>[2];

/** Both sides of a comparison of `oldPath` with `newPath`. */
export async function loadPathSides(oldPath: string, newPath: string): Promise<[SpecSet, SpecSet]> {
  const kinds = await Promise.all([pathKind(oldPath), pathKind(newPath)]);
  for (const [k, path] of [oldPath, newPath].entries()) {
    if (kinds[k] === 'missing') throw new DiffPathError(`no such file or folder: ${path}`);
  }
  if (kinds[0] !== kinds[1]) throw new DiffPathError('OLD and NEW must both be files or both be folders');
  if (kinds[0] === 'folder') return [await loadSpecFolder(oldPath, findSpecFiles), await loadSpecFolder(newPath, findSpecFiles)];
  // Two files are one document in two versions, whatever their names: pair them under the new name.
  const name = newPath.split(/[\\/]/).pop()!;
  return [await loadSpecFile(oldPath, name), await loadSpecFile(newPath, name)];
}

/** The semantic diff of two spec files or folders (the parser loads on first use). */
export async function diffPaths(oldPath: string, newPath: string, parse?: ParseText): Promise<SetDiff> {
  const [before, after] = await loadPathSides(oldPath, newPath);
  return diffSpecSets(before, after, parse ?? (await import('../parse.js')).parseSpecText);
}
