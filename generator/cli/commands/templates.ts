/**
 * `dataflow templates list` and `dataflow templates eject NAME...`: which
 * templates and partials there are (and which the config's templates folder
 * overrides), and a copy of a built-in into that folder to start an override from.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { commandConfig, type ConfigOption } from '../config-option.js';
import { fromHere } from './generate-options.js';

/** What each template renders and the names its view has (README "Custom templates" has the same list). */
export const TEMPLATE_CONTEXT: Record<string, string> = {
  'flow.ts.hbs': 'each flow module <spec>/<flow>.ts; { banner, flow } (flow: constName, titleLiteral, sourceType, targetType, rows, criteria, toTarget, toSource, rules, predicate, ...)',
  'index.ts.hbs': 'each spec\'s <spec>/index.ts; the spec view: banner, titleComment, titleLiteral, specPathLiteral, sourceSystem, targetSystem, flows',
  'tests.ts.hbs': 'each spec\'s <spec>/tests.ts; the spec view plus testBanner, testRuntimeImports, testsUseConversionError',
  'tests-group.test.ts.hbs': 'the output folder\'s tests-N.test.ts; { banner, imports }',
  'predicates.ts.hbs': 'the head of a new predicates/<spec>.ts (your file, written once); { specPath }',
  'predicate-stub.ts.hbs': 'the stubs appended to predicates/<spec>.ts; { stubs } (name, flowTitle, specRef, sentence, sourceType, moduleLiteral)',
  'banner.hbs': 'partial: the @generated header lines; { banner } (lines)',
  'fields.hbs': 'partial: the fields of a record interface, recursive; { fields } (key, type, children, close)',
  'flow-tests.hbs': 'partial: one flow\'s describe block in tests.ts; { flow } (specRef, titleLiteral, testTypes, tests)',
};

const CONFIG_FLAG = '--config <file>';
const CONFIG_HELP = 'config file (default: dataflow.config.ts, .mjs or .json, searched from here upwards)';

export function registerTemplates(program: Command): void {
  const templates = program.command('templates').description('list the templates and partials generate renders through, or copy one to your templates folder to override it');
  templates
    .command('list')
    .description('each template and partial, what it renders, its view, and whether your templates folder overrides it')
    .option(CONFIG_FLAG, CONFIG_HELP)
    .action(async (options: ConfigOption) => {
      const config = await commandConfig(options);
      const { TEMPLATE_FILES } = await import('../../emit/templates.js');
      for (const file of TEMPLATE_FILES) {
        const override = config.templates !== null && existsSync(join(config.templates, file)) ? `  [overridden by ${fromHere(join(config.templates, file))}]` : '';
        process.stdout.write(`${file}${override}\n  ${TEMPLATE_CONTEXT[file]}\n`);
      }
      process.exitCode = EXIT_OK;
    });
  templates
    .command('eject')
    .description('copy built-in templates or partials into your templates folder (the config\'s "templates", else templates/) to edit them')
    .argument('<names...>', 'template or partial names: flow.ts, flow.ts.hbs, banner, ... (see `dataflow templates list`)')
    .option('--force', 'overwrite an override that exists')
    .option(CONFIG_FLAG, CONFIG_HELP)
    .action(async (names: string[], options: ConfigOption & { force?: boolean }) => {
      const config = await commandConfig(options);
      const { TEMPLATE_FILES, builtinSource } = await import('../../emit/templates.js');
      const { nearNames } = await import('../../emit/load-templates.js');
      const dir = config.templates ?? join(config.root, 'templates');
      const files = names.map((name) => {
        const file = TEMPLATE_FILES.find((f) => f === name || f === `${name}.hbs`);
        if (file === undefined) {
          const near = nearNames(name);
          throw new UsageError(`no template or partial "${name}"${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}; the names: ${TEMPLATE_FILES.join(', ')}`);
        }
        return file;
      });
      for (const file of files) {
        const target = join(dir, file);
        if (existsSync(target) && options.force !== true) {
          process.stderr.write(`templates: kept ${fromHere(target)}: it exists (--force overwrites it)\n`);
          continue;
        }
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, builtinSource(file).text);
        process.stderr.write(`templates: wrote ${fromHere(target)}: the built-in ${file}; edit it, generate renders with it\n`);
      }
      if (config.templates === null) {
        const where = config.file !== null ? fromHere(config.file) : 'dataflow.config.ts';
        process.stderr.write(`templates: add templates: '${relative(config.root, dir).split('\\').join('/')}' to ${where} so generate and check use the folder\n`);
      }
      process.exitCode = EXIT_OK;
    });
}
