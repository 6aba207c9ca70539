/** What `dataflow diff` does once its command line is read (loaded on demand: it pulls in the readers). */
import pc from 'picocolors';
import { parseSpecText } from '../../parse.js';
import { findSpecFiles, isSpecFile } from '../../spec-files.js';
import { diffSpecSets, type SpecSet } from '../../diff/diff-sets.js';
import { formatDiffJson } from '../../diff/format-json.js';
import { formatDiffText } from '../../diff/format-text.js';
import { GitSpecsError, loadGitSpecs } from '../../diff/git-specs.js';
import { loadSpecFolder, pathKind } from '../../diff/load-specs.js';
import { DiffPathError, loadPathSides } from '../../diff/diff-paths.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../exit-codes.js';
import { printDiagnostics } from '../report.js';

export interface DiffOptions {
  json?: boolean;
  against?: string;
}

export async function runDiff(paths: string[], options: DiffOptions): Promise<number> {
  const [before, after] = await loadSides(paths, options);
  const { report, problems } = diffSpecSets(before, after, parseSpecText);
  for (const problem of problems) printDiagnostics(problem.file, problem.diagnostics);
  const color = !options.json && pc.isColorSupported && process.stdout.isTTY === true;
  process.stdout.write(options.json ? formatDiffJson(report) : formatDiffText(report, color));
  return report.breaking > 0 || problems.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

async function loadSides(paths: string[], options: DiffOptions): Promise<[SpecSet, SpecSet]> {
  if (options.against !== undefined) {
    if (paths.length > 1) throw new UsageError('diff --against takes at most one folder (default specs/)');
    const dir = paths[0] ?? 'specs';
    const kind = await pathKind(dir);
    if (kind !== 'folder') throw new UsageError(`${dir} is not a folder`);
    try {
      return [loadGitSpecs(options.against, dir, isSpecFile), await loadSpecFolder(dir, findSpecFiles)];
    } catch (error) {
      if (error instanceof GitSpecsError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (paths.length !== 2) throw new UsageError('diff needs OLD and NEW (two spec files or two folders), or --against <ref>');
  try {
    return await loadPathSides(paths[0]!, paths[1]!);
  } catch (error) {
    if (error instanceof DiffPathError) throw new UsageError(error.message);
    throw error;
  }
}

