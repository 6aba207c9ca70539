/** What `dataflow diff` does once its command line is read (loaded on demand: it pulls in the readers). */
import { relative } from 'node:path';
import pc from 'picocolors';
import { parseSpecText } from '../../parse.js';
import { findSpecFiles, isSpecFile } from '../../spec-files.js';
import { diffSpecSets, type SpecSet } from '../../diff/diff-sets.js';
import { formatDiffJson } from '../../diff/format-json.js';
import { diffSummary, formatDiffText } from '../../diff/format-text.js';
import { GitSpecsError, loadGitSpecs } from '../../diff/git-specs.js';
import { loadSpecFolder, pathKind } from '../../diff/load-specs.js';
import { DiffPathError, loadPathSides } from '../../diff/diff-paths.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../exit-codes.js';
import { applyAccepted, acceptKey } from '../../diff/accept.js';
import type { DiffReport } from '../../diff/change.js';
import type { ResolvedConfig } from '../../config/types.js';
import { commandConfig } from '../config-option.js';
import { emitDiagnostics, githubAnnotation, resolveFormat, type FormatOption, type OutputFormat } from '../output-format.js';

export interface DiffOptions extends FormatOption {
  against?: string;
}

export async function runDiff(paths: string[], options: DiffOptions): Promise<number> {
  const config = await commandConfig(options);
  const format = await resolveFormat(options, config);
  const [before, after] = await loadSides(paths, options, config);
  const { report, problems } = diffSpecSets(before, after, parseSpecText);
  for (const problem of problems) emitDiagnostics(format, problem.file, problem.diagnostics);
  const unused = applyAccepted(report, config.diff.accept);
  for (const { index, entry } of unused) {
    // An entry left after its change landed: say so, so the list does not grow stale and hide a later change.
    const message = `diff.accept[${index}] (${entry.kind} in ${entry.spec}${entry.flow ? `, flow "${entry.flow}"` : ''}${entry.row ? `, row ${entry.row}` : ''}) names no breaking change of this diff; remove it once its change has landed`;
    if (format === 'github') process.stdout.write(githubAnnotation('warning', message, config.file ? { file: config.file } : {}));
    else process.stderr.write(`${config.file ?? 'config'}: warning: ${message}\n`);
  }
  process.stdout.write(formatReport(report, format));
  return report.breaking > 0 || problems.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

function formatReport(report: DiffReport, format: OutputFormat): string {
  if (format === 'json') {
    // Beside each breaking change, the entry of `diff.accept` that would accept it.
    const json = JSON.parse(formatDiffJson(report)) as { documents: { changes: Record<string, unknown>[] }[] };
    report.documents.forEach((doc, d) =>
      doc.changes.forEach((change, c) => {
        if (change.severity === 'breaking') json.documents[d]!.changes[c]!.accept = acceptKey(doc, change);
      }),
    );
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  if (format === 'text') return formatDiffText(report, pc.isColorSupported && process.stdout.isTTY === true);
  let out = '';
  for (const doc of report.documents) {
    for (const change of doc.changes) {
      const title = change.flow?.new?.title ?? change.flow?.old?.title;
      const line = change.newLine ?? change.flow?.new?.line ?? undefined;
      const place = doc.newFile !== null ? { file: doc.newFile, ...(line !== undefined ? { line } : {}) } : {};
      const text = `${doc.name}${title ? `: ${title}` : ''}: ${change.message}`;
      if (change.accepted) out += githubAnnotation('notice', `${text} (accepted${change.accepted.reason ? `: ${change.accepted.reason}` : ''})`, { ...place, title: 'accepted change' });
      else if (change.severity === 'breaking') out += githubAnnotation('error', `${text}. Why it breaks: ${change.reason}`, { ...place, title: 'breaking change' });
      else out += githubAnnotation('notice', text, { ...place, title: 'compatible change' });
    }
  }
  return out + diffSummary(report).join('\n') + '\n';
}

async function loadSides(paths: string[], options: DiffOptions, config: ResolvedConfig): Promise<[SpecSet, SpecSet]> {
  if (options.against !== undefined) {
    if (paths.length > 1) throw new UsageError("diff --against takes at most one folder (default: the config's specs, else specs/)");
    // Relative to here, as the user would write it: paths in the report and in annotations stay repository paths.
    const dir = paths[0] ?? (relative(process.cwd(), config.specs) || '.');
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

