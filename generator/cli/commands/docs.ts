/**
 * `dataflow docs [--specs DIR] [--out DIR] [--state FILE]`: writes a static
 * site for a specs folder (contracts.md section 5): the map of systems, a
 * page per spec and per entity, the lint findings and search, all plain files
 * that open from file://. With a sync state, spec pages show coverage.
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { plural } from '../../../runtime/plural.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../exit-codes.js';
import { commandConfig, flagOr, type ConfigOption } from '../config-option.js';

interface DocsOptions extends ConfigOption {
  specs?: string;
  out?: string;
  state?: string;
}

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .summary('write a static site for the specs: system map, a page per spec and entity, lint findings, search')
    .description(
      'Writes a static site (plain files; open index.html, no server needed) for a specs folder: a map of the systems ' +
        'and the specs between them, a page per spec (each flow\'s rules in plain words, merge criteria, property table ' +
        'with types, diagnostics, links to the spec lines), a page per system entity across all specs (every field a ' +
        'flow reads or writes, its types, the flows using it), the lint findings, and search. With --state, spec pages show how often ' +
        'real sync runs exercised each row.\n' +
        'The output folder is replaced as a whole (written beside it, then renamed).\n' +
        'Exits 1 when a spec has error diagnostics (the site is written all the same).',
    )
    .option('--specs <dir>', 'folder of spec documents, or one spec file (default: the config\'s specs, "specs")')
    .option('--out <dir>', 'output folder of the site (default: the config\'s docs.out, "docs-site")')
    .option('--state <file>', 'a sync state file: spec pages show how often real sync runs exercised each row')
    .action(async (options: DocsOptions) => {
      const config = await commandConfig(options);
      const specs = flagOr(options.specs, config.specs);
      const out = flagOr(options.out, config.docs.out ?? join(config.root, 'docs-site'));
      if (!existsSync(specs)) throw new UsageError(`no such specs folder or file: ${shown(specs)}`);
      const { loadSpecs } = await import('../../catalog/load-specs.js');
      const { createCatalog } = await import('../../catalog/catalog.js');
      const { lintCatalog } = await import('../../lint/lint.js');
      const { buildSite } = await import('../../docs/site.js');
      const { SiteFolderError, writeSite } = await import('../../docs/write-site.js');
      const loaded = await loadSpecs([shown(specs)], shown(specs));
      const catalog = createCatalog(loaded);
      const findings = lintCatalog(catalog, { rules: config.lint.rules });
      let coverage;
      if (options.state !== undefined) {
        const { CoverageStateError, readCoverageLookup } = await import('../../coverage/read-coverage.js');
        try {
          coverage = await readCoverageLookup(flagOr(options.state, config.state));
        } catch (error) {
          if (error instanceof CoverageStateError) throw new UsageError(error.message);
          throw error;
        }
      }
      // Named as the project knows it (the same from any working folder).
      const predicates = relative(config.root, config.predicates).split(sep).join('/') || '.';
      const files = buildSite({ catalog, findings, predicates, ...(coverage ? { coverage } : {}) });
      try {
        await writeSite(out, files);
      } catch (error) {
        if (error instanceof SiteFolderError) throw new UsageError(error.message);
        throw error;
      }
      const bytes = [...files.values()].reduce((n, text) => n + Buffer.byteLength(text), 0);
      const broken = loaded.filter((s) => s.document.diagnostics.some((d) => d.severity === 'error'));
      for (const spec of broken) process.stderr.write(`${spec.file}: has error diagnostics (see its page, or run \`dataflow parse\`)\n`);
      process.stderr.write(
        `docs: ${plural(loaded.length, 'spec')}, ${plural(catalog.flows.length, 'flow')}, ${plural(findings.length, 'lint finding')} -> ${shown(out)}/index.html ` +
          `(${plural(files.size + 1, 'file')}, ${(bytes / 1024).toFixed(0)} KiB)\n`,
      );
      process.exitCode = broken.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
    });
}

function shown(path: string): string {
  return relative(process.cwd(), path) || '.';
}
