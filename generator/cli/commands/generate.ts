/** `dataflow generate`: writes mapper modules and their tests for every spec (contracts.md section 1); `--watch` keeps doing it. */
import type { Command } from 'commander';
import { EXIT_OK, EXIT_PROBLEMS } from '../exit-codes.js';
import { addFormatOption, resolveFormat, type FormatOption } from '../output-format.js';
import { addFolderOptions, outputRoot, resolveFolders, unlessSpecsConflict, type FolderOptions } from './generate-options.js';
import { generateJson, reportGenerate, summary } from './generate-report.js';

export type GenerateCommandOptions = FolderOptions & FormatOption & { force?: boolean; watch?: boolean; debounce?: string };

export function registerGenerate(program: Command): void {
  addFormatOption(
    addFolderOptions(
      program
        .command('generate')
        .description('generate typed mapper modules and their tests from the specs; removes files it generated for specs that are gone'),
    ),
  )
    .option('--force', 'render every spec again, trusting no cache, and rewrite every file that differs from its render')
    .option('--watch', 'keep running: regenerate what changed whenever a spec, the config file or a template override is saved (Ctrl-C stops)')
    .option('--debounce <ms>', 'with --watch: how long files must be quiet after a save before regenerating', '50')
    .action(async (options: GenerateCommandOptions) => {
      if (options.watch) {
        const { runWatch } = await import('./generate-watch.js');
        await runWatch(options);
        return;
      }
      const folders = await resolveFolders(options);
      const format = await resolveFormat(options, folders.config);
      // Loaded on use so other commands do not pay for the generator.
      const { generate } = await import('../../generate.js');
      const result = await unlessSpecsConflict(
        () =>
          generate({
            specs: folders.specs,
            out: folders.out,
            predicates: folders.predicates,
            templates: folders.templates,
            root: outputRoot(folders),
            fields: folders.config.fields,
            configFile: folders.config.file,
            force: options.force === true,
          }),
        format === 'json' ? 'text' : format,
      );
      if (result === undefined) return;
      const errors = reportGenerate(result, format, folders.out);
      if (format === 'json') process.stdout.write(`${JSON.stringify(generateJson(result, folders.out), null, 2)}\n`);
      process.stderr.write(`generate: ${summary(result)}\n`);
      process.exitCode = errors ? EXIT_PROBLEMS : EXIT_OK;
    });
}
