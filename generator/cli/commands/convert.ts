/**
 * `dataflow convert FILE`: prints the Markdown form of a spec (RST, or Markdown
 * to normalise it) so a team can move it over and keep editing it by hand.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../exit-codes.js';
import { hasErrors, printDiagnostics } from '../report.js';

interface ConvertOptions {
  output?: string;
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description("print a spec's Markdown form on stdout; the original's diagnostics go to stderr")
    .argument('<file>', 'a spec file (.rst, or .md to normalise it)')
    .option('-o, --output <file>', 'write the Markdown to this file instead of stdout')
    .action(async (file: string, options: ConvertOptions) => {
      let contents: Uint8Array;
      try {
        contents = await readFile(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UsageError(
          code === 'ENOENT' ? `no such file: ${file}` : code === 'EISDIR' ? `${file} is a folder; convert takes one spec file` : `cannot read ${file}: ${(error as Error).message}`,
        );
      }
      // Loaded here, not at start-up: the readers cost every other command their load time.
      const { convertSpecToMarkdown } = await import('../../convert/convert-spec.js');
      const { markdown, document, difference, findingsDifference } = convertSpecToMarkdown(file, contents);
      printDiagnostics(file, document.diagnostics);
      if (difference !== null) {
        // A spec the Markdown cannot say (or a converter bug): say so rather than hand over a spec that means something else.
        printDiagnostics(file, [
          { severity: 'error', code: 'convert-mismatch', message: `the Markdown form does not parse to the same dataflows: ${difference}`, line: 1, column: 1 },
        ]);
      } else if (findingsDifference !== null) {
        printDiagnostics(file, [
          { severity: 'warning', code: 'convert-findings', message: `the Markdown form parses to the same dataflows, with other findings (original / Markdown): ${findingsDifference}`, line: 1, column: 1 },
        ]);
      }
      if (options.output !== undefined) await writeFile(options.output, markdown);
      else process.stdout.write(markdown);
      process.exitCode = hasErrors(document.diagnostics) || difference !== null ? EXIT_PROBLEMS : EXIT_OK;
    });
}
