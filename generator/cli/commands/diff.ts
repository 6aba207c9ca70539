/** `dataflow diff`: a semantic review of a spec change, flagging breaking changes (exit 1). */
import type { Command } from 'commander';
import type { DiffOptions } from './diff-run.js';
import { addFormatOption } from '../output-format.js';

export function registerDiff(program: Command): void {
  const command = program
    .command('diff')
    .summary('review a spec change: what changed, and whether it breaks anything')
    .description(
      'Compare two spec files, two folders of specs (matched by file name), or the working specs/ folder (or DIR) ' +
        'with the same folder at a git commit (--against <ref>).\n' +
        'Exits 1 when a breaking change (or a parse error) is found, 0 otherwise; breaking changes the config\'s ' +
        'diff.accept names are shown as accepted and do not count.',
    )
    .argument('[paths...]', 'OLD NEW (files or folders), or with --against: [DIR] (default specs/)')
    .option('--against <ref>', 'compare the working specs with those at this git commit')
    .option('--json', 'print the report as JSON (same as --format json)');
  addFormatOption(command)
    .action(async (paths: string[], options: DiffOptions) => {
      const { runDiff } = await import('./diff-run.js');
      process.exitCode = await runDiff(paths, options);
    });
}
