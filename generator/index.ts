/**
 * The programmatic API (`import { generate } from 'dataflow'`): parse specs,
 * generate and check the output folder, diff two versions, lint, docs, and the config.
 * Every function loads its part on first call, so a `dataflow.config.ts` that
 * imports `defineConfig` from here costs no parser or generator load.
 */
import type { Document } from './ir.js';
import type { CheckResult, GenerateOptions, GenerateResult } from './generate.js';
import type { SetDiff } from './diff/diff-sets.js';
import type { DiffReport } from './diff/change.js';

export type { Condition, DataType, DataTypeKind, Diagnostic, Document, Flow, MergeCriterion, PropertyMapping, PropertyRef, Severity, Side } from './ir.js';
export type { CheckResult, GenerateOptions, GenerateResult, SpecOutcome } from './generate.js';
export type { SetDiff, SpecSet } from './diff/diff-sets.js';
export type { Change, ChangeKind, DiffReport, DocumentDiff, FlowRef } from './diff/change.js';
export { NoSpecsError, SpecConflictError } from './spec-conflict.js';
export { TemplateError } from './emit/template-error.js';
export { DiffPathError } from './diff/diff-path-error.js';
export { SpecPathError } from './spec-files.js';

/** Parses one spec file (`.rst`, `.md`); with `contents`, parses that text as that file. Problems are diagnostics: it rejects only when the file cannot be read. */
export async function parse(file: string, contents?: string | Uint8Array): Promise<Document> {
  const { parseSpecFile, parseSpecText } = await import('./parse.js');
  return contents === undefined ? parseSpecFile(file) : parseSpecText(file, contents);
}

/** Writes the mapper modules and tests of every spec in `options.specs` to `options.out` (what `dataflow generate` does). */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  return (await import('./generate.js')).generate(options);
}

export type { GenerateWatcher, GenerateWatcherEvents, WatchCause, WatchOptions, WatchRun, WatchTarget } from './watch/watch-generate.js';

/**
 * `dataflow generate --watch` as an API: generates once, then again on every save of a spec, the config
 * or a template override (events `ready`, `run`, `config-error`, `error`); `close()` stops it.
 */
export async function watch(options: import('./watch/watch-generate.js').WatchOptions): Promise<import('./watch/watch-generate.js').GenerateWatcher> {
  return (await import('./watch/watch-generate.js')).watchGenerate(options);
}

/** What `generate` would change, writing nothing (what `dataflow check` does). */
export async function check(options: GenerateOptions): Promise<CheckResult> {
  return (await import('./generate.js')).check(options);
}

/** The semantic diff of two spec files, or two folders of specs matched by name (what `dataflow diff OLD NEW` does). */
export async function diff(oldPath: string, newPath: string): Promise<SetDiff> {
  return (await import('./diff/diff-paths.js')).diffPaths(oldPath, newPath);
}

/** A diff report as `dataflow diff` prints it: `text` (optionally coloured) or the stable `json` form. */
export async function formatDiff(report: DiffReport, format: 'text' | 'json', options: { color?: boolean } = {}): Promise<string> {
  if (format === 'json') return (await import('./diff/format-json.js')).formatDiffJson(report);
  return (await import('./diff/format-text.js')).formatDiffText(report, options.color ?? false);
}

export type { Finding } from './lint/finding.js';

/** Cross-spec findings for the specs under `paths` (what `dataflow lint` reports); `rules` as the config's `lint.rules`. */
export async function lint(paths: string[], options: { rules?: Record<string, 'off' | 'warning' | 'error'> } = {}): Promise<import('./lint/finding.js').Finding[]> {
  const { loadSpecs } = await import('./catalog/load-specs.js');
  const { createCatalog } = await import('./catalog/catalog.js');
  const { lintCatalog } = await import('./lint/lint.js');
  return lintCatalog(createCatalog(await loadSpecs(paths, paths.length === 1 ? paths[0] : undefined)), options);
}

/**
 * Writes the docs site of the specs in `specs` to `out` (what `dataflow docs` does); `state`: a sync state file for coverage;
 * `predicates`: the predicates folder as pages name it (default `predicates`).
 */
export async function docs(options: {
  specs: string;
  out: string;
  state?: string;
  rules?: Record<string, 'off' | 'warning' | 'error'>;
  predicates?: string;
}): Promise<{ files: number; bytes: number }> {
  const { loadSpecs } = await import('./catalog/load-specs.js');
  const { createCatalog } = await import('./catalog/catalog.js');
  const { lintCatalog } = await import('./lint/lint.js');
  const { buildSite } = await import('./docs/site.js');
  const { writeSite } = await import('./docs/write-site.js');
  const catalog = createCatalog(await loadSpecs([options.specs], options.specs));
  const coverage = options.state === undefined ? undefined : await (await import('./coverage/read-coverage.js')).readCoverageLookup(options.state);
  const files = buildSite({
    catalog,
    findings: lintCatalog(catalog, options.rules ? { rules: options.rules } : {}),
    ...(coverage ? { coverage } : {}),
    ...(options.predicates ? { predicates: options.predicates } : {}),
  });
  await writeSite(options.out, files);
  return { files: files.size, bytes: [...files.values()].reduce((n, text) => n + Buffer.byteLength(text), 0) };
}

export { defineConfig, loadConfig, ConfigError, CONFIG_FILES, type LoadConfigOptions } from './config/index.js';
export type { AcceptedChange, DataflowConfig, DeclaredFields, LintLevel, OutputFormat, ReadFieldType, ResolvedConfig } from './config/index.js';
