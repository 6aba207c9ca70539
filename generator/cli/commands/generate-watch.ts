/**
 * `dataflow generate --watch`: runs the watcher (generator/watch/) and prints
 * each regeneration as one summary line on stderr (with its diagnostics, or
 * a JSON line / annotations on stdout with --format); stops cleanly on
 * SIGINT or SIGTERM, after a run in progress has finished writing.
 */
import { basename, extname } from 'node:path';
import { plural } from '../../../runtime/plural.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { SpecConflictError } from '../../spec-conflict.js';
import { SpecPathError } from '../../spec-files.js';
import { TemplateError } from '../../emit/template-error.js';
import { resolveFormat, type OutputFormat } from '../output-format.js';
import type { GenerateWatcher, WatchRun, WatchTarget } from '../../watch/watch-generate.js';
import { fromHere, outputRoot, resolveFolders } from './generate-options.js';
import { generateJson, reportGenerate, summary } from './generate-report.js';
import type { GenerateCommandOptions } from './generate.js';

export async function runWatch(options: GenerateCommandOptions): Promise<void> {
  const debounceMs = Number(options.debounce ?? '50');
  if (!Number.isFinite(debounceMs) || debounceMs < 0) throw new UsageError(`--debounce must be a number of milliseconds, not ${JSON.stringify(options.debounce)}`);
  let format: OutputFormat = 'text';
  const load = async (): Promise<WatchTarget> => {
    const folders = await resolveFolders(options);
    format = await resolveFormat(options, folders.config);
    return { specs: folders.specs, out: folders.out, predicates: folders.predicates, root: outputRoot(folders), templates: folders.templates, fields: folders.config.fields, config: folders.config.file };
  };
  const { GenerateWatcher } = await import('../../watch/watch-generate.js');
  const watcher: GenerateWatcher = new GenerateWatcher({ load, force: options.force === true, debounceMs });
  watcher.on('run', (run) => printRun(run, format));
  watcher.on('config-error', (error) => {
    process.stderr.write(`watch: ${error.message}\n`);
    process.stderr.write('watch: config not reloaded; still watching with the previous one\n');
  });
  watcher.on('error', (error) => process.stderr.write(`watch: ${error.message}\n`));
  watcher.on('ready', (target, count) => {
    const also = [target.config, target.templates].filter((p): p is string => p !== null).map((p) => fromHere(p) || '.');
    process.stderr.write(`watch: watching ${plural(count, 'spec')} in ${fromHere(target.specs) || '.'}${also.length > 0 ? ` and ${also.join(', ')}` : ''} (Ctrl-C stops)\n`);
  });

  const stopped = new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void watcher.close().then(resolveStop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await watcher.start();
  await stopped;
  process.stderr.write('watch: stopped\n');
  process.exitCode = EXIT_OK;
}

function printRun(run: WatchRun, format: OutputFormat): void {
  const what = describe(run);
  const ms = `${Math.round(run.ms)} ms`;
  if (run.result === null) {
    const problem = run.problem!;
    // Problems with the specs are said as they are; anything else is a failure of dataflow's own.
    const known = problem instanceof SpecConflictError || problem instanceof SpecPathError || problem instanceof TemplateError;
    if (format === 'json') process.stdout.write(`${JSON.stringify({ cause: run.cause, changed: run.changed.map(fromHere), ms: Math.round(run.ms), problem: problem.message })}\n`);
    const where = problem instanceof TemplateError ? `${fromHere(problem.file)}:${problem.line}:${problem.column}: ` : '';
    process.stderr.write(`watch: ${what}${known ? '' : 'internal error: '}${where}${problem.message}; still watching\n`);
    return;
  }
  const result = run.result;
  // After a save, the diagnostics of the specs saved; after a full run, those of every spec (as `dataflow generate` prints them).
  const slugs = new Set(run.changed.map((f) => basename(f, extname(f))));
  const specs = run.cause === 'specs' ? result.specs.filter((s) => slugs.has(s.slug)) : result.specs;
  reportGenerate(result, format, run.target.out, specs);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ cause: run.cause, changed: run.changed.map(fromHere), ms: Math.round(run.ms), ...generateJson(result, run.target.out, specs) })}\n`);
  }
  const failed = specs.filter((s) => s.diagnostics.some((d) => d.severity === 'error')).map((s) => s.file);
  const kept = failed.length > 0 ? `; ${failed.join(', ')} ${failed.length === 1 ? 'has' : 'have'} errors: nothing generated from ${failed.length === 1 ? 'it' : 'them'}, the previous output stays` : '';
  process.stderr.write(`${run.cause === 'start' ? 'generate' : 'watch'}: ${what}${summary(result)} in ${ms}${kept}\n`);
}

/** `specs/a.rst changed: `, `config reloaded: `, ... (empty for the first run). */
function describe(run: WatchRun): string {
  if (run.cause === 'start') return '';
  if (run.cause === 'config') return 'config reloaded: ';
  if (run.cause === 'templates') return 'templates changed: ';
  const deleted = new Set(run.deleted);
  const names = run.changed.map((f) => `${fromHere(f)}${deleted.has(f) ? ' (deleted)' : ''}`);
  if (names.length === 0) return '';
  return `${names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ')}: `;
}
