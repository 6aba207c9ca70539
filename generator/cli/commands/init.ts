/** `dataflow init [DIR]`: sets up a project for dataflow (config, specs/, npm scripts, tsconfig, CI workflow); changes nothing that exists. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_OK, UsageError } from '../exit-codes.js';

interface InitOptions {
  ci?: boolean;
  force?: boolean;
  esm?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'set up a project, new or existing: dataflow.config.ts (.mjs in a CommonJS package), specs/, npm scripts (generate, check, test), ' +
        'a strict tsconfig.json, .gitignore lines and a GitHub Actions workflow. Files that exist are kept (--force replaces them), ' +
        'an existing tsconfig.json that does not fit the generated code is warned about, missing .gitignore lines are appended, and ' +
        'package.json "type" is set to "module" only where no .js file changes meaning (--esm always); running it again changes nothing',
    )
    .argument('[dir]', 'the project folder', '.')
    .option('--no-ci', 'do not write .github/workflows/dataflow.yml')
    .option('--force', 'replace the config, tsconfig.json and the workflow where they exist')
    .option('--esm', 'set package.json "type" to "module" even when the project has .js files or another "type"')
    .action(async (dir: string, options: InitOptions) => {
      const { initProject, InitError } = await import('../../init/init-project.js');
      let steps;
      try {
        steps = await initProject({ dir: resolve(dir), ci: options.ci !== false, force: options.force === true, esm: options.esm === true });
      } catch (error) {
        if (error instanceof InitError) throw new UsageError(error.message);
        throw error;
      }
      for (const step of steps) process.stderr.write(`init: ${step.action.padEnd(7)} ${step.path}: ${step.detail}\n`);
      process.stderr.write(
        `init: next: npm install --save-dev vitest typescript @types/node@${nodeMajor()} (if not there yet), put specs in specs/, ` +
          'then npm run generate and npm test\n',
      );
      process.exitCode = EXIT_OK;
    });
}

/** The running Node's major version, so the suggested @types/node describes the Node the project runs on. */
function nodeMajor(): string {
  return process.versions.node.split('.')[0] ?? '20';
}
