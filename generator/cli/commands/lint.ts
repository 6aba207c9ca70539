/**
 * `dataflow lint [PATH...]`: cross-spec findings (a field typed two ways, a
 * spec and its reverse disagreeing, flows with no rows, system names spelled
 * several ways) as diagnostics; exit 1 when any is an error.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { plural } from '../../../runtime/plural.js';
import { findSpecFiles, SpecPathError } from '../../spec-files.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../exit-codes.js';
import { commandConfig } from '../config-option.js';
import { addFormatOption, resolveFormat, type FormatOption } from '../output-format.js';

type LintCommandOptions = FormatOption;

export function registerLint(program: Command): void {
  const command = program
    .command('lint')
    .summary('find problems across specs: conflicting types, disagreeing reverse specs, empty flows, system spellings')
    .description(
      'Reads every spec under PATH (default: the config\'s specs folder) and reports, as diagnostics, what no single ' +
        'document shows: a target field typed differently by two rows, two flows from one source entity writing a ' +
        'target field from different fields, a spec and its reverse (a-b, b-a) mapping a field to different fields, ' +
        'flows with no property rows, system names spelled several ways or left empty. The config\'s lint.rules ' +
        'switch rules "off" or set them to "warning" or "error".\nExits 1 when any finding is an error.',
    )
    .argument('[path...]', 'spec files or folders (default: the config\'s specs folder, "specs")');
  addFormatOption(command).action(async (paths: string[], options: LintCommandOptions) => {
    const config = await commandConfig(options);
    const format = await resolveFormat(options, config);
    const roots = paths.length > 0 ? paths : [relative(process.cwd(), config.specs) || '.'];
    try {
      await findSpecFiles(roots);
    } catch (error) {
      if (error instanceof SpecPathError) throw new UsageError(error.message);
      throw error;
    }
    const { loadSpecs } = await import('../../catalog/load-specs.js');
    const { createCatalog } = await import('../../catalog/catalog.js');
    const { lintCatalog, lintRuleCodes } = await import('../../lint/lint.js');
    const rules = config.lint.rules;
    const known = new Set(lintRuleCodes());
    for (const [code, setting] of Object.entries(rules)) {
      if (setting !== 'off' && setting !== 'warning' && setting !== 'error') {
        throw new UsageError(`lint.rules.${code} must be "off", "warning" or "error", not ${JSON.stringify(setting)}`);
      }
      if (!known.has(code)) process.stderr.write(`dataflow: lint.rules names no lint rule ${JSON.stringify(code)} (parse codes are allowed; lint rules: ${[...known].join(', ')})\n`);
    }
    const specs = await loadSpecs(roots, roots.length === 1 ? roots[0] : undefined);
    const findings = lintCatalog(createCatalog(specs), { rules });
    const { counts, formatGithub, formatJson, formatText } = await import('../../lint/format.js');
    if (format === 'json') process.stdout.write(formatJson(findings));
    else if (format === 'github') {
      process.stdout.write(formatGithub(findings));
      process.stderr.write(formatText(findings.filter((f) => f.severity === 'info')));
    }
    else process.stderr.write(formatText(findings, pc.isColorSupported && process.stderr.isTTY === true));
    const n = counts(findings);
    process.stderr.write(`lint: ${plural(specs.length, 'spec')}, ${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}\n`);
    process.exitCode = n.errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
  });
}
