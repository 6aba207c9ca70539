/** Options and checks shared by `generate` and `check`. */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_PROBLEMS, EXIT_USAGE, UsageError } from '../exit-codes.js';
import { hasErrors } from '../report.js';
import { emitDiagnostics, type OutputFormat } from '../output-format.js';
import type { SpecOutcome } from '../../generate.js';
import type { Diagnostic } from '../../ir.js';
import { isInside } from '../../emit/user-predicates.js';
import type { ResolvedConfig } from '../../config/types.js';
import { commandConfig, flagOr, type ConfigOption } from '../config-option.js';

export interface FolderOptions extends ConfigOption {
  specs?: string;
  out?: string;
  predicates?: string;
  templates?: string;
}

/** The folders a run of generate or check uses: flags (relative to the working folder) over the config (relative to its file). */
export interface Folders {
  specs: string;
  out: string;
  /** The user's predicates folder (outside `out`). */
  predicates: string;
  /** The folder of template overrides, or null for the built-ins alone. */
  templates: string | null;
  /** Paths written into generated files are relative to it: the config's folder (or the working folder). */
  root: string;
  config: ResolvedConfig;
}

export function addFolderOptions(command: Command): Command {
  return command
    .option('--specs <dir>', 'folder of spec documents (*.rst, *.md), or one spec file (default: the config\'s "specs", else specs/)')
    .option('--out <dir>', 'output folder of the generated modules (default: the config\'s "out", else generated/)')
    .option('--predicates <dir>', 'your folder of creation predicates, outside the output folder (default: the config\'s "predicates", else predicates/)')
    .option('--templates <dir>', 'folder of template and partial overrides (default: the config\'s "templates", else the built-ins alone)');
}

/** Loads the config and applies the flags; a specs path that does not exist is a usage error. */
export async function resolveFolders(options: FolderOptions): Promise<Folders> {
  const config = await commandConfig(options);
  const folders = {
    specs: flagOr(options.specs, config.specs),
    out: flagOr(options.out, config.out),
    predicates: flagOr(options.predicates, config.predicates),
    templates: options.templates !== undefined ? resolve(options.templates) : config.templates,
    root: config.root,
    config,
  };
  if (!existsSync(folders.specs)) throw new UsageError(`no such specs folder or file: ${options.specs ?? relative(process.cwd(), folders.specs)}`);
  if (isInside(folders.predicates, folders.out)) {
    throw new UsageError(
      `the predicates folder ${relative(process.cwd(), folders.predicates) || '.'} is inside the output folder ${relative(process.cwd(), folders.out) || '.'}: ` +
        'generate owns the output folder; keep your predicates outside it',
    );
  }
  return folders;
}

/**
 * What paths in generated files are relative to: the config's folder when there
 * is a config; without one, generate's default (the output folder's parent), so
 * the output never depends on the folder the command was run from.
 */
export function outputRoot(folders: Folders): string | undefined {
  return folders.config.file !== null ? folders.root : undefined;
}

/** Prints the diagnostics of every spec that was parsed; true when any is an error. */
export function reportSpecs(specs: readonly SpecOutcome[], format: OutputFormat = 'text'): boolean {
  let errors = false;
  for (const spec of specs) {
    emitDiagnostics(format, spec.file, spec.diagnostics);
    if (hasErrors(spec.diagnostics)) errors = true;
  }
  return errors;
}

/** An absolute path as the user sees it: relative to the working folder, `/`-separated. */
export function fromHere(path: string): string {
  return relative(process.cwd(), path).split('\\').join('/');
}

/** Prints diagnostics against the user's predicates files; true when any is an error. */
export function reportPredicateProblems(problems: readonly { file: string; diagnostics: readonly Diagnostic[] }[], format: OutputFormat = 'text'): boolean {
  let errors = false;
  for (const p of problems) {
    emitDiagnostics(format, fromHere(p.file), p.diagnostics);
    if (hasErrors(p.diagnostics)) errors = true;
  }
  return errors;
}

/** An output-relative path as the user sees it (`generated/x/index.ts`). */
export function shown(out: string, path: string): string {
  return relative(process.cwd(), join(out, path)).split('\\').join('/');
}

/**
 * Runs generate or check. Two specs that would generate into one folder are a
 * problem with the specs (said, exit 1), not an internal failure.
 */
export async function unlessSpecsConflict<R>(run: () => Promise<R>, format: OutputFormat = 'text'): Promise<R | undefined> {
  const { SpecConflictError, TemplateError } = await import('../../generate.js');
  try {
    return await run();
  } catch (error) {
    if (error instanceof TemplateError) {
      // A template override that cannot be used is a usage error (exit 2) at its file, line and column; nothing was written.
      emitDiagnostics(format, fromHere(error.file), [{ severity: 'error', code: error.code, message: error.message, line: error.line, column: error.column }]);
      process.exitCode = EXIT_USAGE;
      return undefined;
    }
    if (!(error instanceof SpecConflictError)) throw error;
    process.stderr.write(`dataflow: ${error.message}\n`);
    process.exitCode = EXIT_PROBLEMS;
    return undefined;
  }
}
