/** The `dataflow` command line: wires the commands together and maps failures to exit codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../package-root.js';
import { EXIT_USAGE, UsageError } from './exit-codes.js';
import { registerParse } from './commands/parse.js';
import { registerGenerate } from './commands/generate.js';
import { registerCheck } from './commands/check.js';
import { registerSync } from './commands/sync.js';
import { registerState } from './commands/state.js';
import { registerDiff } from './commands/diff.js';
import { registerConvert } from './commands/convert.js';
import { registerLint } from './commands/lint.js';
import { registerDtl } from './commands/dtl.js';
import { registerDocs } from './commands/docs.js';
import { registerCoverage } from './commands/coverage.js';
import { registerInit } from './commands/init.js';
import { registerTemplates } from './commands/templates.js';
import { addConfigOption } from './config-option.js';
import { ConfigError } from '../config/resolve-config.js';

const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

export function createProgram(): Command {
  const program = new Command('dataflow')
    .description('Generate typed TypeScript mappers from Sesam Talk dataflow specs, and run them as a two-way sync.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 problems found (error diagnostics, stale files, breaking changes), 2 usage error or internal failure.',
    );
  registerParse(program);
  registerGenerate(program);
  registerCheck(program);
  registerSync(program);
  registerState(program);
  registerDiff(program);
  registerConvert(program);
  registerLint(program);
  registerDtl(program);
  registerDocs(program);
  registerCoverage(program);
  registerInit(program);
  registerTemplates(program);
  addConfigOption(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // `dataflow help` shows the help as asked (exit 0); no command at all (`dataflow`, `dataflow <group>`) is a
      // usage error: commander prints the help to stderr then, and says so with exit code 1, which is not ours.
      if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : EXIT_USAGE;
      return EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`dataflow: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`dataflow: internal error: ${message}\n`);
    if (process.env.DATAFLOW_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE;
  }
}
