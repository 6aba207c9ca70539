/**
 * What `generate` (one run, or each run of `--watch`) prints: diagnostics and
 * the user's predicates files changed, as text, GitHub annotations or one JSON
 * document; the summary line always goes to stderr.
 */
import type { GenerateResult, SpecOutcome } from '../../generate.js';
import type { OutputFormat } from '../output-format.js';
import { plural } from '../../../runtime/plural.js';
import { foreignProblems, fromHere, reportPredicateProblems, reportSpecs, shown } from './generate-options.js';

/** Prints the diagnostics of `specs` (default: every spec of the run) and of the predicates files; true when any is an error. */
export function reportGenerate(result: GenerateResult, format: OutputFormat, out: string, specs: readonly SpecOutcome[] = result.specs): boolean {
  // JSON puts the diagnostics in its document; they are not printed twice.
  const quiet = format === 'json';
  if (!quiet) reportPredicateProblems(result.templateWarnings, format);
  const errors = quiet ? specs.some((s) => s.diagnostics.some((d) => d.severity === 'error')) : reportSpecs(specs, format);
  if (!quiet) {
    for (const p of result.predicates) {
      process.stderr.write(`${fromHere(p.path)}: ${predicateChange(p)}${p.removed ? '' : ' (your file: generate never overwrites it)'}\n`);
    }
  }
  const predicateErrors = quiet
    ? result.predicateProblems.some((p) => p.diagnostics.some((d) => d.severity === 'error'))
    : reportPredicateProblems(result.predicateProblems, format);
  if (!quiet) reportPredicateProblems(foreignProblems(out, result.foreign), format);
  return errors || predicateErrors;
}

function predicateChange(p: GenerateResult['predicates'][number]): string {
  if (p.removed) return 'removed: it held only the stubs generate wrote, untouched, and no flow needs them (its spec is gone)';
  if (p.renamedFrom !== undefined) {
    return `moved here from ${fromHere(p.renamedFrom)} (the spec was renamed)${p.added.length > 0 ? `; added stubs for ${p.added.join(', ')}` : ''}`;
  }
  return p.movedFrom !== undefined
    ? `moved here from ${fromHere(p.movedFrom)} (predicates live outside the output folder now)${p.added.length > 0 ? `; added stubs for ${p.added.join(', ')}` : ''}`
    : `${p.created ? 'created' : 'added stubs'} for ${p.added.join(', ')}`;
}

/** `N spec(s) (R rendered, U unchanged[, E with errors]), W files written, X removed`: a spec with errors is neither rendered nor unchanged. */
export function summary(result: GenerateResult): string {
  const rendered = result.specs.filter((s) => s.rendered).length;
  const failed = result.specs.filter((s) => !s.rendered && s.diagnostics.some((d) => d.severity === 'error')).length;
  const unchanged = result.specs.length - rendered - failed;
  const errors = failed > 0 ? `, ${failed} with errors` : '';
  return `${plural(result.specs.length, 'spec')} (${rendered} rendered, ${unchanged} unchanged${errors}), ${plural(result.written.length, 'file')} written, ${result.removed.length} removed`;
}

/**
 * `generate --format json`: the specs with whether each was rendered, the files
 * written and removed (as paths from the working folder), the user's predicates
 * files changed, and every diagnostic in check's shape (`{file, severity, code, message, line, column}`).
 */
export function generateJson(result: GenerateResult, out: string, specs: readonly SpecOutcome[] = result.specs): Record<string, unknown> {
  return {
    specs: result.specs.map((s) => ({
      file: s.file,
      slug: s.slug,
      rendered: s.rendered,
      errors: s.diagnostics.filter((d) => d.severity === 'error').length,
      warnings: s.diagnostics.filter((d) => d.severity === 'warning').length,
    })),
    written: result.written.map((p) => shown(out, p)),
    removed: result.removed.map((p) => shown(out, p)),
    predicates: result.predicates.map((p) => ({
      file: fromHere(p.path),
      created: p.created,
      added: p.added,
      ...(p.movedFrom !== undefined ? { movedFrom: fromHere(p.movedFrom) } : {}),
      ...(p.renamedFrom !== undefined ? { renamedFrom: fromHere(p.renamedFrom) } : {}),
      ...(p.removed ? { removed: true } : {}),
    })),
    diagnostics: [
      ...specs.flatMap((s) => s.diagnostics.map((d) => ({ file: s.file, ...d }))),
      ...result.predicateProblems.flatMap((p) => p.diagnostics.map((d) => ({ file: fromHere(p.file), ...d }))),
      ...result.templateWarnings.flatMap((w) => w.diagnostics.map((d) => ({ file: fromHere(w.file), ...d }))),
      ...foreignProblems(out, result.foreign).flatMap((p) => p.diagnostics.map((d) => ({ file: fromHere(p.file), ...d }))),
    ],
  };
}
