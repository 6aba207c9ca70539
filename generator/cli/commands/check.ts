/**
 * `dataflow check`: writes nothing; lists each stale, missing or orphaned file
 * (and each predicate no flow needs) and exits 1 when the output folder is not
 * what `generate` makes of the specs (contracts.md section 1), as text, JSON,
 * or GitHub annotations.
 */
import type { Command } from 'commander';
import type { Diagnostic } from '../../ir.js';
import type { CheckResult } from '../../generate.js';
import { EXIT_OK, EXIT_PROBLEMS } from '../exit-codes.js';
import { addFormatOption, githubAnnotation, resolveFormat, type FormatOption, type OutputFormat } from '../output-format.js';
import { addFolderOptions, fromHere, outputRoot, reportPredicateProblems, reportSpecs, resolveFolders, shown, unlessSpecsConflict, type FolderOptions } from './generate-options.js';

type CheckOptions = FolderOptions & FormatOption;

/** One thing check found, with the line the text form prints for it. */
interface Finding {
  kind: 'stale' | 'missing' | 'orphaned' | 'missing-predicate' | 'orphaned-predicate';
  file: string;
  line?: number;
  column?: number;
  message: string;
  text: string;
}

export function registerCheck(program: Command): void {
  addFormatOption(
    addFolderOptions(
      program.command('check').description('exit 1 and list stale, missing and orphaned files when generate would change the output folder'),
    ),
  ).action(async (options: CheckOptions) => {
    const folders = await resolveFolders(options);
    const format = await resolveFormat(options, folders.config);
    // Loaded on use so other commands do not pay for the generator.
    const { check } = await import('../../generate.js');
    const quiet: OutputFormat = format === 'json' ? 'text' : format;
    const result = await unlessSpecsConflict(
      () => check({ specs: folders.specs, out: folders.out, predicates: folders.predicates, templates: folders.templates, root: outputRoot(folders) }),
      quiet,
    );
    if (result === undefined) return;
    reportPredicateProblems(result.templateWarnings, quiet);
    const errors = reportSpecs(result.specs, quiet);
    const findings = collectFindings(result, folders.out);
    const otherProblems = result.predicateProblems
      .map((p) => ({ file: p.file, diagnostics: p.diagnostics.filter((d) => d.code !== 'orphaned-predicate') }))
      .filter((p) => p.diagnostics.length > 0);
    const predicateErrors = reportPredicateProblems(otherProblems, quiet);
    if (format === 'json') process.stdout.write(formatJson(result, findings));
    else if (format === 'github') for (const f of findings) process.stdout.write(annotation(f));
    else for (const f of findings) process.stdout.write(`${f.text}\n`);
    const regenerate = findings.filter((f) => f.kind !== 'orphaned-predicate').length;
    const orphans = findings.length - regenerate;
    if (regenerate > 0) process.stderr.write(`check: ${regenerate} file(s) out of date; run \`dataflow generate\`\n`);
    if (orphans > 0) process.stderr.write(`check: ${orphans} predicate(s) that no flow needs; delete them from your predicates files\n`);
    if (findings.length === 0 && !errors && !predicateErrors) {
      process.stderr.write(`check: ${fromHere(folders.out) || '.'} is up to date with ${result.specs.length} spec(s)\n`);
    }
    process.exitCode = errors || predicateErrors || findings.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  });
}

function collectFindings(result: CheckResult, out: string): Finding[] {
  const findings: Finding[] = [];
  const file = (kind: 'stale' | 'missing' | 'orphaned', path: string, message: string) => {
    const shownPath = shown(out, path);
    findings.push({ kind, file: shownPath, message, text: `${kind}: ${shownPath}` });
  };
  for (const p of result.stale) file('stale', p, 'differs from what `dataflow generate` writes (edited by hand, or the spec changed)');
  for (const p of result.missing) file('missing', p, '`dataflow generate` would write this file');
  for (const p of result.orphaned) file('orphaned', p, 'its spec is gone: `dataflow generate` removes it');
  for (const p of result.predicates) {
    const path = fromHere(p.path);
    findings.push({
      kind: 'missing-predicate',
      file: path,
      message: `lacks ${p.names.join(', ')}: \`dataflow generate\` adds the stubs`,
      text: `missing predicate: ${path}: ${p.names.join(', ')}`,
    });
  }
  // A predicate whose flow is gone is not something generate fixes: the user deletes it.
  for (const p of result.predicateProblems) {
    const path = fromHere(p.file);
    for (const d of p.diagnostics.filter((x: Diagnostic) => x.code === 'orphaned-predicate')) {
      findings.push({ kind: 'orphaned-predicate', file: path, line: d.line, column: d.column, message: d.message, text: `orphaned predicate: ${path}:${d.line}:${d.column}: ${d.message}` });
    }
  }
  return findings;
}

function annotation(f: Finding): string {
  const place = { file: f.file, ...(f.line !== undefined ? { line: f.line } : {}), ...(f.column !== undefined ? { column: f.column } : {}) };
  return githubAnnotation('error', `${f.kind.replace('-', ' ')}: ${f.message}`, { ...place, title: `dataflow check: ${f.kind}` });
}

function formatJson(result: CheckResult, findings: readonly Finding[]): string {
  const diagnostics = [
    ...result.specs.flatMap((s) => s.diagnostics.map((d) => ({ file: s.file, ...d }))),
    ...result.predicateProblems.flatMap((p) => p.diagnostics.filter((d) => d.code !== 'orphaned-predicate').map((d) => ({ file: fromHere(p.file), ...d }))),
    ...result.templateWarnings.flatMap((w) => w.diagnostics.map((d) => ({ file: fromHere(w.file), ...d }))),
  ];
  const upToDate = findings.length === 0 && !diagnostics.some((d) => d.severity === 'error');
  const json = {
    upToDate,
    findings: findings.map(({ text: _text, ...f }) => f),
    diagnostics,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
