/**
 * `dataflow sync SPEC --left DIR --right DIR [--state FILE] [--generated DIR] [--dry-run]`
 * (contracts.md sections 1 and 4): runs every flow of one spec between two
 * data folders with the generated modules, and prints the JSON report.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import type { FlowDefinition } from '../../../runtime/flow.js';
import type { AnyFlow, SyncReport } from '../../../runtime/sync/index.js';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../exit-codes.js';

interface SyncOptions {
  left: string;
  right: string;
  state: string;
  generated: string;
  dryRun?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .summary('run the flows of one spec between two data folders, both ways')
    .description(
      "Runs every flow of one spec between the source system's data folder (--left) and the target system's " +
        '(--right), with the generated modules, keeping linked records in sync both ways. State (links, ' +
        'last-synced values, pending creations) lives in SQLite. Prints a JSON report on stdout.\n' +
        'Exits 1 when a record could not be synced (see "errors" in the report), 0 otherwise.',
    )
    .argument('<spec>', 'the spec: its slug (invoiced-crmoffice) or a path to its .rst file')
    .requiredOption('--left <dir>', "data folder of the spec's source system (one <entity-slug>.json per entity)")
    .requiredOption('--right <dir>', "data folder of the spec's target system")
    .option('--state <file>', 'SQLite state file', join('.dataflow', 'state.db'))
    .option('--generated <dir>', 'folder of the generated modules', 'generated')
    .option('--dry-run', 'show what would change without writing anything (neither data nor state)')
    .action(async (spec: string, options: SyncOptions) => {
      process.exitCode = await runSyncCommand(spec, options);
    });
}

async function runSyncCommand(spec: string, options: SyncOptions): Promise<number> {
  const slug = specSlug(spec);
  for (const dir of [options.left, options.right]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a data folder (no such directory)`);
  }
  const modulePath = findModule(options.generated, slug);
  if (!modulePath) {
    process.stderr.write(
      `dataflow: ${join(options.generated, slug, 'index.ts')}: not found; run \`dataflow generate\` first ` +
        '(or point --generated at the folder of generated modules)\n',
    );
    return EXIT_PROBLEMS;
  }
  const flows = await loadFlows(modulePath);
  // Loaded here, not at start-up: SQLite and the engine are for this command only.
  const { createFolderAdapter, DataFileError, StateFileError, openStateStore, runSync } = await import('../../../runtime/sync/index.js');
  let store;
  try {
    store = openStateStore(options.state, { readonly: options.dryRun === true });
  } catch (error) {
    if (error instanceof StateFileError) throw new UsageError(error.message);
    throw error;
  }
  const progress = createProgress();
  let report: SyncReport;
  try {
    report = await runSync(flows, {
      left: createFolderAdapter(options.left),
      right: createFolderAdapter(options.right),
      store,
      scope: slug,
      dryRun: options.dryRun === true,
      onProgress: progress,
    });
  } catch (error) {
    if (error instanceof DataFileError) throw new UsageError(error.message);
    throw error;
  } finally {
    store.close();
  }
  process.stdout.write(`${JSON.stringify({ spec: slug, dryRun: options.dryRun === true, ...report }, null, 2)}\n`);
  process.stderr.write(`${summarize(report, options.dryRun === true)}\n`);
  return report.flows.some((flow) => flow.errors.length > 0) ? EXIT_PROBLEMS : EXIT_OK;
}

/** `invoiced-crmoffice`, `specs/invoiced-crmoffice.rst` or `./x/invoiced-crmoffice.md` -> `invoiced-crmoffice`. */
export function specSlug(spec: string): string {
  const extension = extname(spec);
  const looksLikePath = /[\\/]/.test(spec) || extension === '.rst' || extension === '.md';
  if (looksLikePath) {
    if (!existsSync(spec)) throw new UsageError(`${spec}: no such spec file`);
    return basename(spec, extension);
  }
  if (spec === '' || spec.startsWith('.')) throw new UsageError(`${JSON.stringify(spec)} is not a spec slug or path`);
  return spec;
}

function findModule(generated: string, slug: string): string | undefined {
  for (const name of ['index.ts', 'index.js']) {
    const file = resolve(generated, slug, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Loads `flows` from a generated module; TypeScript through tsx, JavaScript natively. */
async function loadFlows(file: string): Promise<AnyFlow[]> {
  const url = pathToFileURL(file).href;
  let module: { flows?: unknown };
  if (file.endsWith('.ts')) {
    const { tsImport } = await import('tsx/esm/api');
    module = (await tsImport(url, import.meta.url)) as { flows?: unknown };
  } else {
    module = (await import(url)) as { flows?: unknown };
  }
  const flows = module.flows;
  if (!Array.isArray(flows)) throw new UsageError(`${file}: exports no \`flows\` array; regenerate it with \`dataflow generate\``);
  return flows.map((flow, i) => checkFlow(file, flow, i));
}

/** Contract section 3 promises id, systems, entities and mappers; the engine also needs the rows, keys and rules. */
function checkFlow(file: string, flow: unknown, index: number): AnyFlow {
  const f = flow as Partial<FlowDefinition>;
  const missing = (['id', 'source', 'target', 'toTarget', 'toSource', 'properties', 'mergeKeys', 'rules'] as const).filter(
    (key) => f?.[key] === undefined,
  );
  if (missing.length > 0) {
    throw new UsageError(`${file}: flow ${index} lacks ${missing.join(', ')}; regenerate it with \`dataflow generate\``);
  }
  return f as AnyFlow;
}

const PROGRESS_AFTER_MS = 1000;

/** Progress on stderr, only once a run has taken a second, and at most once a second. */
function createProgress() {
  const start = Date.now();
  let last = 0;
  return ({ flow, done, total }: { flow: string; done: number; total: number }) => {
    const now = Date.now();
    if (now - start < PROGRESS_AFTER_MS || (now - last < PROGRESS_AFTER_MS && done < total)) return;
    last = now;
    process.stderr.write(`sync: ${flow}: ${done}/${total} records\n`);
  };
}

function summarize(report: SyncReport, dryRun: boolean): string {
  const total = (key: 'created' | 'updated' | 'linked' | 'unchanged' | 'conflicts' | 'skipped') =>
    report.flows.reduce((sum, flow) => sum + flow[key], 0);
  const errors = report.flows.reduce((sum, flow) => sum + flow.errors.length, 0);
  return (
    `sync${dryRun ? ' (dry run, nothing written)' : ''}: ${report.flows.length} flows, ` +
    `${total('created')} created, ${total('updated')} updated, ${total('linked')} linked, ` +
    `${total('unchanged')} unchanged, ${total('conflicts')} conflicts, ${total('skipped')} skipped, ${errors} errors`
  );
}
