/** Options and checks shared by `generate` and `check`. */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_PROBLEMS, UsageError } from '../exit-codes.js';
import { hasErrors, printDiagnostics } from '../report.js';
import type { SpecOutcome } from '../../generate.js';

export interface FolderOptions {
  specs: string;
  out: string;
}

export function addFolderOptions(command: Command): Command {
  return command
    .option('--specs <dir>', 'folder of spec documents (*.rst, *.md), or one spec file', 'specs')
    .option('--out <dir>', 'output folder of the generated modules', 'generated');
}

export function requireSpecs(options: FolderOptions): void {
  if (!existsSync(resolve(options.specs))) throw new UsageError(`no such specs folder or file: ${options.specs}`);
}

/** Prints the diagnostics of every spec that was parsed; true when any is an error. */
export function reportSpecs(specs: readonly SpecOutcome[]): boolean {
  let errors = false;
  for (const spec of specs) {
    printDiagnostics(spec.file, spec.diagnostics);
    if (hasErrors(spec.diagnostics)) errors = true;
  }
  return errors;
}

/** An output-relative path as the user sees it (`generated/x/index.ts`). */
export function shown(out: string, path: string): string {
  return relative(process.cwd(), join(resolve(out), path)).split('\\').join('/');
}

/**
 * Runs generate or check. Two specs that would generate into one folder are a
 * problem with the specs (said, exit 1), not an internal failure.
 */
export async function unlessSpecsConflict<R>(run: () => Promise<R>): Promise<R | undefined> {
  const { SpecConflictError } = await import('../../generate.js');
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof SpecConflictError)) throw error;
    process.stderr.write(`dataflow: ${error.message}\n`);
    process.exitCode = EXIT_PROBLEMS;
    return undefined;
  }
}
