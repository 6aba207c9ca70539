/**
 * `dataflow check`: writes nothing; lists each stale, missing or orphaned file
 * and exits 1 when `generate` would change the output folder (contracts.md section 1).
 */
import type { Command } from 'commander';
import { EXIT_OK, EXIT_PROBLEMS } from '../exit-codes.js';
import { addFolderOptions, fromHere, reportPredicateProblems, reportSpecs, resolveFolders, shown, unlessSpecsConflict, type FolderOptions } from './generate-options.js';

export function registerCheck(program: Command): void {
  addFolderOptions(
    program.command('check').description('exit 1 and list stale, missing and orphaned files when generate would change the output folder'),
  ).action(async (options: FolderOptions) => {
    const folders = await resolveFolders(options);
    // Loaded on use so other commands do not pay for the generator.
    const { check } = await import('../../generate.js');
    const result = await unlessSpecsConflict(() => check({ specs: folders.specs, out: folders.out, predicates: folders.predicates, cwd: folders.root }));
    if (result === undefined) return;
    const errors = reportSpecs(result.specs);
    const lines = [
      ...result.stale.map((p) => `stale: ${shown(folders.out, p)}`),
      ...result.missing.map((p) => `missing: ${shown(folders.out, p)}`),
      ...result.orphaned.map((p) => `orphaned: ${shown(folders.out, p)}`),
      ...result.predicates.map((p) => `missing predicate: ${fromHere(p.path)}: ${p.names.join(', ')}`),
    ];
    // A predicate whose flow is gone is not something generate fixes: the user deletes it.
    const orphans = result.predicateProblems.flatMap((p) =>
      p.diagnostics.filter((d) => d.code === 'orphaned-predicate').map((d) => `orphaned predicate: ${fromHere(p.file)}:${d.line}:${d.column}: ${d.message}`),
    );
    const otherProblems = result.predicateProblems
      .map((p) => ({ file: p.file, diagnostics: p.diagnostics.filter((d) => d.code !== 'orphaned-predicate') }))
      .filter((p) => p.diagnostics.length > 0);
    const predicateErrors = reportPredicateProblems(otherProblems);
    for (const line of [...lines, ...orphans]) process.stdout.write(`${line}\n`);
    if (lines.length > 0) process.stderr.write(`check: ${lines.length} file(s) out of date; run \`dataflow generate\`\n`);
    if (orphans.length > 0) process.stderr.write(`check: ${orphans.length} predicate(s) that no flow needs; delete them from your predicates files\n`);
    process.exitCode = errors || predicateErrors || lines.length > 0 || orphans.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  });
}
