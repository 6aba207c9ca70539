/**
 * `dataflow parse [--json] [--format text|json|github] PATH...`: parses spec files (or
 * folders of them) and prints the IR as JSON (contracts.md section 2) or a readable
 * summary; with github, diagnostics are workflow-command annotations.
 */
import type { Command } from 'commander';
import { plural } from '../../../runtime/plural.js';
import type { Document } from '../../ir.js';
import { findSpecFiles, SpecPathError } from '../../spec-files.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../exit-codes.js';
import { hasErrors } from '../report.js';
import { addFormatOption, emitDiagnostics, resolveFormat, type FormatOption } from '../output-format.js';

type ParseOptions = FormatOption;

export function registerParse(program: Command): void {
  const command = program
    .command('parse')
    .description('parse spec files (or folders, searched recursively) and print what they say; diagnostics go to stderr')
    .argument('<path...>', 'spec files or folders')
    .option('--json', 'print {"documents": [...]} (the IR and diagnostics of each document) instead of a summary (same as --format json)');
  addFormatOption(command)
    .action(async (paths: string[], options: ParseOptions) => {
      const format = await resolveFormat(options);
      let files: string[];
      try {
        files = await findSpecFiles(paths);
      } catch (error) {
        if (error instanceof SpecPathError) throw new UsageError(error.message);
        throw error;
      }
      // Loaded here, not at start-up: the readers cost every other command their load time.
      const { parseSpecFile } = await import('../../parse.js');
      const documents: Document[] = [];
      for (const file of files) {
        let document: Document;
        try {
          document = await parseSpecFile(file);
        } catch (error) {
          // The file exists but cannot be read (a permission, a folder named *.rst): a problem with the specs.
          const reason = error instanceof Error ? error.message : String(error);
          document = {
            file,
            title: '',
            sourceSystem: '',
            targetSystem: '',
            generatedAt: null,
            flows: [],
            diagnostics: [{ severity: 'error', code: 'unreadable', message: `cannot read the file: ${reason}`, line: 1, column: 1 }],
          };
        }
        emitDiagnostics(format, file, document.diagnostics);
        documents.push(document);
      }
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify({ documents }, null, 2)}\n`);
      } else {
        process.stdout.write(formatSummary(documents));
      }
      process.exitCode = documents.some((d) => hasErrors(d.diagnostics)) ? EXIT_PROBLEMS : EXIT_OK;
    });
}

/** One line per document, one indented line per flow. */
export function formatSummary(documents: readonly Document[]): string {
  let out = '';
  for (const d of documents) {
    const count = (severity: string): number => d.diagnostics.filter((x) => x.severity === severity).length;
    const systems = `${d.sourceSystem || '(empty)'} -> ${d.targetSystem || '(empty)'}`;
    out += `${d.file}: ${d.title ? JSON.stringify(d.title) : '(no title)'} (${systems}), ${plural(d.flows.length, 'flow')}, ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}\n`;
    for (const f of d.flows) {
      const rules = [
        f.requiresLink ? 'link required' : null,
        f.trigger !== null ? `trigger ${JSON.stringify(f.trigger)}` : null,
        f.createWhenConnectedTo !== null ? `creates when connected to ${f.createWhenConnectedTo.join(', ')}` : null,
      ].filter((r) => r !== null);
      out += `  ${f.line}: ${f.source.label} -> ${f.target.label}: ${plural(f.properties.length, 'property', 'properties')}, ${plural(f.mergeCriteria.length, 'merge criterion', 'merge criteria')}${rules.length ? `; ${rules.join('; ')}` : ''}\n`;
    }
  }
  return out;
}
