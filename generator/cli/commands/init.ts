/** `dataflow init [DIR]`: sets up a project for dataflow (config, specs/, npm scripts, tsconfig, CI workflow); changes nothing that exists. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_OK, UsageError } from '../exit-codes.js';

interface InitOptions {
  ci?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'set up a project: dataflow.config.ts, specs/, npm scripts (generate, check, test), a strict tsconfig.json, .gitignore ' +
        'and a GitHub Actions workflow; files that exist are kept (and said), so running it again changes nothing',
    )
    .argument('[dir]', 'the project folder', '.')
    .option('--no-ci', 'do not write .github/workflows/dataflow.yml')
    .action(async (dir: string, options: InitOptions) => {
      const { initProject, InitError } = await import('../../init/init-project.js');
      let steps;
      try {
        steps = initProject({ dir: resolve(dir), ci: options.ci !== false });
      } catch (error) {
        if (error instanceof InitError) throw new UsageError(error.message);
        throw error;
      }
      for (const step of steps) process.stderr.write(`init: ${step.action.padEnd(7)} ${step.path}: ${step.detail}\n`);
      process.stderr.write(
        'init: next: npm install --save-dev vitest typescript @types/node (if not there yet), put specs in specs/, ' +
          'then npm run generate and npm test\n',
      );
      process.exitCode = EXIT_OK;
    });
}
