/**
 * `dataflow coverage SPEC [--state FILE] [--format text|json]`: the spec as a
 * QA checklist with what real sync runs exercised: rows that carried values
 * each way, merge criteria that linked, creation decisions, failed conversions.
 */
import { existsSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { commandConfig, flagOr, type ConfigOption } from '../config-option.js';
import type { FlowCoverage } from '../../docs/coverage-view.js';

interface CoverageOptions extends ConfigOption {
  state?: string;
  format?: string;
}

export function registerCoverage(program: Command): void {
  program
    .command('coverage')
    .summary('print a spec as a QA checklist with the counts of real sync runs')
    .description(
      'Prints the spec as a checklist: per flow, how often each property row carried a value to the target and back ' +
        'to the source, how many links each merge criterion made, how creation was decided, and how many values failed ' +
        'to convert, added up over every `dataflow sync` run recorded in the state (dry runs record nothing). Before the ' +
        'first sync (no state file yet) every count is 0.',
    )
    .argument('<spec>', "the spec: its slug (hubspot-tripletex, found in the config's specs folder) or a path to its file")
    .option('--state <file>', 'the sync state file (default: the config\'s state, ".dataflow/state.db")')
    .option('--format <format>', 'text (a checklist) or json')
    .action(async (spec: string, options: CoverageOptions) => {
      const config = await commandConfig(options);
      const format = options.format ?? (config.format === 'json' ? 'json' : 'text');
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
      const file = specFile(spec, config.specs);
      const slug = basename(file, extname(file));
      const state = flagOr(options.state, config.state);
      // A path given on the command line is shown as typed; the config's, relative to the working folder.
      const stateShown = options.state ?? shown(state);
      const { parseSpecFile } = await import('../../parse.js');
      const { CoverageStateError, readCoverage } = await import('../../coverage/read-coverage.js');
      const { checklistText, createChecklist } = await import('../../coverage/checklist.js');
      // Before the first sync there is no state: the checklist is all there is to see, every count 0.
      const stateFound = existsSync(state);
      let coverage = new Map<string, Map<string, FlowCoverage>>();
      try {
        if (stateFound) coverage = await readCoverage(state);
      } catch (error) {
        if (error instanceof CoverageStateError) throw new UsageError(error.message);
        throw error;
      }
      const document = await parseSpecFile(file);
      const checklist = createChecklist(document, shown(file), stateShown, coverage.get(slug), stateFound);
      if (!stateFound) process.stderr.write(`coverage: ${stateShown}: no sync state yet, so no sync has run: every count is 0 (give --state FILE for another state file)\n`);
      process.stdout.write(format === 'json' ? `${JSON.stringify(checklist, null, 2)}\n` : checklistText(checklist));
      process.exitCode = EXIT_OK;
    });
}

function specFile(spec: string, specs: string): string {
  if (/[\\/]/.test(spec) || /\.(rst|md)$/i.test(spec)) {
    if (!existsSync(spec)) throw new UsageError(`${spec}: no such spec file`);
    return spec;
  }
  for (const extension of ['.rst', '.md']) {
    const file = join(specs, `${spec}${extension}`);
    if (existsSync(file)) return file;
  }
  throw new UsageError(`no spec ${JSON.stringify(spec)} in ${shown(specs)} (give a slug of a spec there, or a path)`);
}

function shown(path: string): string {
  return relative(process.cwd(), path) || '.';
}
