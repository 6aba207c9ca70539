/** `dataflow generate`: writes mapper modules and their tests for every spec (contracts.md section 1). */
import type { Command } from 'commander';
import { EXIT_OK, EXIT_PROBLEMS } from '../exit-codes.js';
import { addFolderOptions, fromHere, outputRoot, reportPredicateProblems, reportSpecs, resolveFolders, unlessSpecsConflict, type FolderOptions } from './generate-options.js';

export function registerGenerate(program: Command): void {
  addFolderOptions(
    program
      .command('generate')
      .description('generate typed mapper modules and their tests from the specs; removes files it generated for specs that are gone'),
  )
    .option('--force', 'render every spec again, trusting no cache, and rewrite every file that differs from its render')
    .action(async (options: FolderOptions & { force?: boolean }) => {
    const folders = await resolveFolders(options);
    // Loaded on use so other commands do not pay for the generator.
    const { generate } = await import('../../generate.js');
    const result = await unlessSpecsConflict(() => generate({ specs: folders.specs, out: folders.out, predicates: folders.predicates, root: outputRoot(folders), force: options.force === true }));
    if (result === undefined) return;
    const errors = reportSpecs(result.specs);
    for (const p of result.predicates) {
      const what = p.movedFrom !== undefined
        ? `moved here from ${fromHere(p.movedFrom)} (predicates live outside the output folder now)${p.added.length > 0 ? `; added stubs for ${p.added.join(', ')}` : ''}`
        : `${p.created ? 'created' : 'added stubs'} for ${p.added.join(', ')}`;
      process.stderr.write(`${fromHere(p.path)}: ${what} (your file: generate never overwrites it)\n`);
    }
    const predicateErrors = reportPredicateProblems(result.predicateProblems);
    const rendered = result.specs.filter((s) => s.rendered).length;
    process.stderr.write(
      `generate: ${result.specs.length} specs (${rendered} rendered, ${result.specs.length - rendered} unchanged), ` +
        `${result.written.length} files written, ${result.removed.length} removed\n`,
    );
    process.exitCode = errors || predicateErrors ? EXIT_PROBLEMS : EXIT_OK;
  });
}
