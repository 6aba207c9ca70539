/**
 * `--format text|json|github` for parse, check and diff: which one a run uses
 * (the flag, else the config's `format`, else text), and GitHub workflow
 * commands (`::error file=F,line=L,col=C::message`) for annotations in CI.
 */
import type { Command } from 'commander';
import type { Diagnostic } from '../ir.js';
import type { OutputFormat, ResolvedConfig } from '../config/types.js';
import { commandConfig, type ConfigOption } from './config-option.js';
import { UsageError } from './exit-codes.js';
import { printDiagnostics } from './report.js';

export type { OutputFormat };

export interface FormatOption extends ConfigOption {
  format?: string;
  /** The older `--json`, the same as `--format json`. */
  json?: boolean;
}

export function addFormatOption(command: Command): Command {
  return command.option(
    '--format <format>',
    'text (file:line:column: severity: message [code] on stderr), json, or github (workflow-command annotations on stdout) (default: the config\'s "format", else text)',
  );
}

/** The format of this run: `--format`, else `--json`, else the config's (loaded when not given). */
export async function resolveFormat(options: FormatOption, config?: ResolvedConfig): Promise<OutputFormat> {
  const flag = options.format;
  if (flag !== undefined && flag !== 'text' && flag !== 'json' && flag !== 'github') {
    throw new UsageError(`--format must be text, json or github, not ${JSON.stringify(flag)}`);
  }
  if (options.json) {
    if (flag !== undefined && flag !== 'json') throw new UsageError(`--json and --format ${flag} contradict each other`);
    return 'json';
  }
  return flag ?? (config ?? (await commandConfig(options))).format;
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationPlace {
  file?: string;
  line?: number;
  column?: number;
  title?: string;
}

/** One GitHub workflow command line, escaped as the runner expects. */
export function githubAnnotation(level: AnnotationLevel, message: string, place: AnnotationPlace = {}): string {
  const props = [
    place.file !== undefined ? `file=${escapeProperty(place.file)}` : null,
    place.line !== undefined ? `line=${place.line}` : null,
    place.column !== undefined ? `col=${place.column}` : null,
    place.title !== undefined ? `title=${escapeProperty(place.title)}` : null,
  ].filter((p) => p !== null);
  return `::${level}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}\n`;
}

export function diagnosticAnnotation(file: string, d: Diagnostic): string {
  const level: AnnotationLevel = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  return githubAnnotation(level, `${d.message} [${d.code}]`, { file, line: d.line, column: d.column, title: d.code });
}

/**
 * Whether `--format github` annotates a diagnostic: errors and warnings, not info. Info (a system written
 * short in a label, which reader read a file) asks nothing of anyone, and as a `::notice` it would sit on the
 * same spec lines in every pull request, every run; it goes to the log (stderr, as text) instead.
 */
export function annotates(d: Pick<Diagnostic, 'severity'>): boolean {
  return d.severity !== 'info';
}

/**
 * Diagnostics as the format wants them: text on stderr (contracts.md section 1), annotations on stdout for
 * github (info as text on stderr, see `annotates`); json callers put them in their document.
 */
export function emitDiagnostics(format: OutputFormat, file: string, diagnostics: readonly Diagnostic[]): void {
  if (format !== 'github') {
    printDiagnostics(file, diagnostics);
    return;
  }
  for (const d of diagnostics) if (annotates(d)) process.stdout.write(diagnosticAnnotation(file, d));
  printDiagnostics(file, diagnostics.filter((d) => !annotates(d)));
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
