/**
 * `dataflow sync SPEC [--left DIR] [--right DIR] [--state FILE] [--generated DIR] [--dry-run]`
 * (contracts.md sections 1, 4 and 5): runs every flow of one spec between its
 * two systems, the config's `systems` (keyed by the spec title's system
 * names) or data folders (`--left`/`--right`, which win), with the generated
 * modules, and prints the JSON report. Before anything is written it refuses
 * stale generated code, misnamed data files and state a renamed flow left behind.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { plural } from '../../../runtime/plural.js';
import type { FlowDefinition } from '../../../runtime/flow.js';
import type { AnyFlow, SyncReport, SystemAdapter } from '../../../runtime/sync/index.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError } from '../exit-codes.js';
import { commandConfig, flagOr, type ConfigOption } from '../config-option.js';
import { checkFolder, folderProblem, listFilesText } from '../sync/data-files.js';
import { fieldsStale, findSpecFile, isStale, type GeneratedSpec } from '../sync/stale.js';
import { checkClaims, claimsProblemText } from '../sync/claims.js';
import { planText } from '../sync/plan-text.js';
import { createWriteWatch } from '../sync/write-watch.js';
import { storeAsMoved } from '../sync/dry-run-moves.js';
import { leftoverTemporaryFiles } from '../../../runtime/sync/temporary-file.js';
import { formatFileDiagnostic, transformDiagnostics } from '../transform-error.js';
import { loadDiagnostics } from '../load-error.js';

interface SyncOptions extends ConfigOption {
  left?: string;
  right?: string;
  state?: string;
  generated?: string;
  dryRun?: boolean;
  full?: boolean;
  allowStale?: boolean;
  listFiles?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .summary("run the flows of one spec between its two systems (the config's or data folders), both ways")
    .description(
      "Runs every flow of one spec between the spec's source system and its target system, with the generated " +
        "modules, keeping linked records in sync both ways. The systems are the config's `systems` (keyed by the " +
        "system names of the spec's title), or data folders given with --left and --right (these win). State " +
        '(links, last-synced values, pending creations, incremental cursors) lives in SQLite. Prints a JSON report on stdout.\n' +
        'Ctrl-C (SIGINT) or SIGTERM stops it once the chunk being written is written and recorded, prints the report so far (marked "interrupted") and exits 1; a second one stops it at once, which is as safe as a kill.\n' +
        'Exits 1 when a record could not be synced (see "errors" in the report), the run was interrupted or the generated code is stale, 2 on a usage problem (a spec that does not exist, a missing or misnamed data folder, a bad data file, a state that cannot be used, a run stopped by its system), 0 otherwise.',
    )
    .argument('<spec>', 'the spec: its slug (invoiced-crmoffice) or a path to its .rst or .md file')
    .option('--left <dir>', "data folder of the spec's source system (one <entity-slug>.json per entity)")
    .option('--right <dir>', "data folder of the spec's target system")
    .option('--state <file>', 'SQLite state file (default: the config\'s `state`, else .dataflow/state.db)')
    .option('--generated <dir>', "folder of the generated modules (default: the config's `out`, else generated)")
    .option('--dry-run', 'show what would change, record by record, without writing anything (neither data nor state)')
    .option('--full', 'read every entity of incremental systems in full this run (a full reconcile)')
    .option('--allow-stale', 'run even though the spec (or the config\'s fields) changed since its code was generated')
    .option('--list-files', 'list the data file each entity is read from, per side, and exit')
    .action(async (spec: string, options: SyncOptions) => {
      process.exitCode = await runSyncCommand(spec, options);
    });
}

async function runSyncCommand(specArg: string, options: SyncOptions): Promise<number> {
  const config = await commandConfig(options);
  const slug = specSlug(specArg);
  const generatedDir = flagOr(options.generated, config.out);
  const statePath = flagOr(options.state, config.state);
  const modulePath = findModule(generatedDir, slug);
  if (!modulePath) {
    const expected = shown(join(generatedDir, slug, 'index.ts'));
    // A slug no spec has is a typo (a usage error); a spec that exists but was never generated is a problem of the tree.
    if (!isPath(specArg) && !(await specExists(config.specs, slug))) {
      throw new UsageError(
        `no spec ${JSON.stringify(slug)}: neither a spec ${slug}.rst or ${slug}.md in ${shown(config.specs)} nor ${expected} ` +
          '(give the slug of a spec there, or a path to its file)',
      );
    }
    process.stderr.write(
      `dataflow: ${expected}: not found; run \`dataflow generate\` first ` +
        '(or point --generated at the folder of generated modules)\n',
    );
    return EXIT_PROBLEMS;
  }
  const { flows, spec: generated } = await loadGenerated(modulePath);
  const systems = {
    left: generated?.sourceSystem || flows[0]?.source.system || 'source',
    right: generated?.targetSystem || flows[0]?.target.system || 'target',
  };
  if (options.listFiles) {
    process.stdout.write(listFilesText(flows, systems));
    return EXIT_OK;
  }

  // The generated index names its spec relative to the config's folder, or without a config to the output folder's parent.
  const specRoot = config.file !== null ? config.root : dirname(generatedDir);
  const specFile = findSpecFile(isPath(specArg) ? specArg : undefined, generated, specRoot, config.specs, slug);
  if (specFile && (await isStale(specFile, generated, generatedDir, slug)) && !options.allowStale) {
    process.stderr.write(
      `dataflow: ${shown(specFile.path)}: changed since ${shown(join(generatedDir, slug))} was generated; run \`dataflow generate\` ` +
        '(and review the generated code), or pass --allow-stale to sync with the old code\n',
    );
    return EXIT_PROBLEMS;
  }
  // A declaration of fields predicates read, changed since generate: the old code would fetch and convert the old ones.
  const fields = fieldsStale(flows, Object.hasOwn(config.fields, slug) ? config.fields[slug] : undefined);
  if (fields !== null && !options.allowStale) {
    process.stderr.write(
      `dataflow: ${shown(join(generatedDir, slug))}: the config's fields changed since it was generated (${fields}); run \`dataflow generate\`, or pass --allow-stale to sync with the old code\n`,
    );
    return EXIT_PROBLEMS;
  }

  // Loaded here, not at start-up: SQLite and the engine are for this command only.
  const sync = await import('../../../runtime/sync/index.js');
  const writes = createWriteWatch();
  const adapters = {
    left: writes.watch(systemFor('left', options.left, systems.left, config, flows, sync, options.dryRun === true)),
    right: writes.watch(systemFor('right', options.right, systems.right, config, flows, sync, options.dryRun === true)),
  };

  let store;
  try {
    store = sync.openStateStore(statePath, { readonly: options.dryRun === true });
  } catch (error) {
    if (error instanceof sync.StateFileError) throw new UsageError(error.message);
    throw stateError(statePath, error);
  }
  const progress = createProgress();
  const interrupt = listenForInterrupt();
  let report: SyncReport;
  let moved: { from: string; to: string }[] = [];
  try {
    const otherSpecs = await otherSpecSlugs(config.specs, slug);
    const claims = checkClaims({ store, slug, flows, ...(specFile ? { spec: specFile } : {}), otherSpecs, dryRun: options.dryRun === true });
    if (claims.problems.length > 0) throw new UsageError(claimsProblemText(claims, statePath));
    moved = claims.moved;
    for (const m of moved) {
      process.stderr.write(
        options.dryRun
          ? `sync: would carry the state of ${m.from} over to ${m.to} (diff recognises the rename; a dry run moves nothing)\n`
          : `sync: carried the state of ${m.from} over to ${m.to} (diff recognises the rename)\n`,
      );
    }
    report = await sync.runSync(flows, {
      left: adapters.left,
      right: adapters.right,
      // A dry run moved nothing: it reads the state it would carry over where the real run will find it.
      store: options.dryRun ? storeAsMoved(store, moved) : store,
      scope: slug,
      dryRun: options.dryRun === true,
      full: options.full === true,
      ...(config.sync.fullEvery !== undefined ? { fullEvery: config.sync.fullEvery } : {}),
      onProgress: progress,
      signal: interrupt.signal,
    });
    if (!options.dryRun && specFile) store.setNote(`spec:${slug}`, specFile.text);
  } catch (error) {
    if (error instanceof sync.DataFileError || error instanceof sync.StateLockedError) throw new UsageError(error.message);
    if (sync.isSyncInterrupted(error)) {
      printReport(slug, options.dryRun === true, error.report, moved, true);
      const written = error.report.flows.reduce((sum, flow) => sum + flow.updated, 0);
      process.stderr.write(
        options.dryRun
          ? 'dataflow: sync interrupted: a dry run writes nothing (neither the systems nor the state changed)\n'
          : `dataflow: sync interrupted: ${written} written and recorded; run it again to continue\n`,
      );
      return EXIT_PROBLEMS;
    }
    if (sync.isSyncAborted(error)) {
      const requestId = (error as { requestId?: string }).requestId;
      // A dry run writes nothing, to the systems or the state: there is nothing to go on from.
      const after = options.dryRun
        ? 'a dry run writes nothing (neither the systems nor the state changed); fix the cause and run again'
        : writes.wrote
          ? 'what this run wrote before it stopped is recorded in the state, and the next run goes on from there'
          : 'nothing was written to either system; fix the cause and run again';
      process.stderr.write(
        `dataflow: sync stopped: ${(error as Error).message}${requestId && !(error as Error).message.includes(requestId) ? ` (request id ${requestId})` : ''}; ${after}\n`,
      );
      return EXIT_USAGE;
    }
    throw stateError(statePath, error);
  } finally {
    interrupt.stop();
    store.close();
  }
  printReport(slug, options.dryRun === true, report, moved, false);
  if (options.dryRun) process.stderr.write(planText(report));
  process.stderr.write(`${summarize(report, options.dryRun === true)}\n`);
  return report.flows.some((flow) => flow.errors.length > 0) ? EXIT_PROBLEMS : EXIT_OK;
}

/** The JSON report on stdout; an interrupted run's lists the flows it ran, the last as far as it got. */
function printReport(slug: string, dryRun: boolean, report: SyncReport, moved: { from: string; to: string }[], interrupted: boolean): void {
  const out = { spec: slug, dryRun, ...(interrupted ? { interrupted: true } : {}), ...report, ...(moved.length > 0 ? { stateMoved: moved } : {}) };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

/**
 * SIGINT (Ctrl-C) and SIGTERM while a run goes: the first aborts its signal (the engine finishes the chunk it is
 * writing, records it and stops); a second exits at once, which is as safe as a kill (intents recover creations
 * not yet linked, a data file is replaced by a rename or not at all, its temporary copy removed by the next run).
 */
function listenForInterrupt(): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const on = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      process.stderr.write(`sync: ${name}: stopping once the chunk being written is written and recorded (again to stop at once)\n`);
      controller.abort(new Error(name));
      return;
    }
    process.stderr.write(`dataflow: sync stopped at once (${name} again); the next run goes on from what was recorded, duplicating nothing\n`);
    // A contract exit code (1: the run did not sync everything), not the shell's 130.
    process.exit(EXIT_PROBLEMS);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    signal: controller.signal,
    stop: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

/**
 * A side's system: the data folder given, else the config's system of that name. A data folder the config
 * names with a relative path is read from the config's folder, like every other path in it, and is checked
 * like one given on the command line (a folder that is not there is an error, not an empty system).
 */
function systemFor(
  side: 'left' | 'right',
  dir: string | undefined,
  name: string,
  config: { systems: Record<string, SystemAdapter>; root: string; file: string | null },
  flows: readonly AnyFlow[],
  sync: Pick<typeof import('../../../runtime/sync/index.js'), 'createFolderAdapter' | 'isFolderAdapter'>,
  dryRun: boolean,
): SystemAdapter {
  const flag = side === 'left' ? '--left' : '--right';
  if (dir !== undefined) return dataFolder(dir, dir, side, flows, sync.createFolderAdapter, dryRun);
  const configured = config.systems;
  const system = Object.prototype.hasOwnProperty.call(configured, name) ? configured[name] : undefined;
  if (system) {
    if (!sync.isFolderAdapter(system)) return system;
    const where = config.file !== null ? `${relative(process.cwd(), config.file) || config.file}: systems.${name}: ` : '';
    return dataFolder(resolve(config.root, system.dir), `${where}${system.dir}`, side, flows, sync.createFolderAdapter, dryRun);
  }
  const known = Object.keys(configured);
  throw new UsageError(
    `no system for ${JSON.stringify(name)} (the spec's ${side === 'left' ? 'source' : 'target'} system): give ${flag} DIR, ` +
      `or name it in the config's systems (${known.length > 0 ? `it has ${known.map((k) => JSON.stringify(k)).join(', ')}` : 'there are none'})`,
  );
}

/**
 * A data folder that exists, with files the spec's entities read (misnamed ones stop the run, unread ones are
 * named). The temporary copy of a data file that a run stopped while writing left (Ctrl-C, a kill) is removed,
 * and said: the data file beside it is the last complete one.
 */
function dataFolder(
  dir: string,
  label: string,
  side: 'left' | 'right',
  flows: readonly AnyFlow[],
  folder: (dir: string) => SystemAdapter,
  dryRun: boolean,
): SystemAdapter {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${label}: not a data folder (no such directory)`);
  for (const leftover of leftoverTemporaryFiles(dir)) {
    const what = `a temporary copy of ${basename(leftover.file)} left by a run stopped while writing it (process ${leftover.pid} is gone); ${basename(leftover.file)} is the last complete one`;
    if (dryRun) {
      process.stderr.write(`sync: ${shown(leftover.path)}: ${what}; a run removes it, a dry run removes nothing\n`);
      continue;
    }
    rmSync(leftover.path, { force: true });
    process.stderr.write(`sync: removed ${shown(leftover.path)}: ${what}\n`);
  }
  const check = checkFolder(dir, side, flows);
  if (check.misnamed.length > 0) throw new UsageError(folderProblem(check));
  if (check.unread.length > 0) {
    process.stderr.write(`sync: ${label}: ${check.unread.join(', ')} read by no entity of the spec (files read: ${check.expected.join(', ')})\n`);
  }
  return folder(dir);
}

async function otherSpecSlugs(specs: string, slug: string): Promise<Set<string>> {
  const { findSpecFiles } = await import('../../parse.js');
  try {
    const files = await findSpecFiles([specs]);
    return new Set(files.map((f: string) => basename(f, extname(f))).filter((s: string) => s !== slug));
  } catch {
    return new Set();
  }
}

/** Whether the specs folder (or the one spec file the config names) holds `<slug>.rst` or `<slug>.md`. */
async function specExists(specs: string, slug: string): Promise<boolean> {
  if (['.rst', '.md'].some((extension) => existsSync(join(specs, `${slug}${extension}`)))) return true;
  return (await otherSpecSlugs(specs, '')).has(slug);
}

/** A path as the user would type it from here. */
function shown(path: string): string {
  return relative(process.cwd(), path).split(sep).join('/') || '.';
}

function isPath(spec: string): boolean {
  const extension = extname(spec);
  return /[\\/]/.test(spec) || extension === '.rst' || extension === '.md';
}

/** `invoiced-crmoffice`, `specs/invoiced-crmoffice.rst` or `./x/invoiced-crmoffice.md` -> `invoiced-crmoffice`. */
export function specSlug(spec: string): string {
  const extension = extname(spec);
  if (isPath(spec)) {
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

/** Loads `flows` (and `spec`, what it was generated from) from a generated module; TypeScript through tsx, JavaScript natively. */
async function loadGenerated(file: string): Promise<{ flows: AnyFlow[]; spec: GeneratedSpec | undefined }> {
  const url = pathToFileURL(file).href;
  let module: { flows?: unknown; spec?: unknown };
  try {
    if (file.endsWith('.ts')) {
      const { tsImport } = await import('tsx/esm/api');
      module = (await tsImport(url, import.meta.url)) as typeof module;
    } else {
      module = (await import(url)) as typeof module;
    }
  } catch (error) {
    // A predicates file (or generated code) that does not parse, or a file of the user's that fails while it
    // loads (a top-level throw, an import of what is not there), is the user's to fix, said at its line.
    const generatedDir = dirname(dirname(file));
    const syntax = transformDiagnostics(error, generatedDir);
    const problems = syntax ?? loadDiagnostics(error, generatedDir);
    if (problems === null) throw error;
    for (const p of problems) process.stderr.write(`${formatFileDiagnostic(p)}\n`);
    const where = formatFileDiagnostic(problems[0]!).split(':')[0];
    throw new UsageError(`${where} ${syntax ? 'does not parse' : 'fails to load'}; nothing was synced`);
  }
  const flows = module.flows;
  if (!Array.isArray(flows)) throw new UsageError(`${file}: exports no \`flows\` array; regenerate it with \`dataflow generate\``);
  const spec = typeof module.spec === 'object' && module.spec !== null ? (module.spec as GeneratedSpec) : undefined;
  return { flows: flows.map((flow, i) => checkFlow(file, flow, i)), spec };
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
  return ({ flow, done, total, phase }: { flow: string; done: number; total: number; phase: 'planning' | 'writing' }) => {
    const now = Date.now();
    if (phase === 'writing') {
      // One line a chunk (a chunk takes a while): how far the writes are.
      if (now - start >= PROGRESS_AFTER_MS) process.stderr.write(`sync: ${flow}: ${done}/${total} written\n`);
      return;
    }
    if (now - start < PROGRESS_AFTER_MS || (now - last < PROGRESS_AFTER_MS && done < total)) return;
    last = now;
    process.stderr.write(`sync: ${flow}: ${done}/${total} records\n`);
  };
}

function summarize(report: SyncReport, dryRun: boolean): string {
  const total = (key: 'created' | 'updated' | 'linked' | 'unchanged' | 'conflicts' | 'skipped') =>
    report.flows.reduce((sum, flow) => sum + flow[key], 0);
  const errors = report.flows.reduce((sum, flow) => sum + flow.errors.length, 0);
  const gone = report.flows.reduce((sum, flow) => sum + (flow.gone?.count ?? 0), 0);
  return (
    `sync${dryRun ? ' (dry run, nothing written)' : ''}: ${plural(report.flows.length, 'flow')}, ` +
    `${total('created')} created, ${total('updated')} updated, ${total('linked')} linked, ` +
    `${total('unchanged')} unchanged, ${plural(total('conflicts'), 'conflict')}, ${total('skipped')} skipped, ${plural(errors, 'error')}` +
    // Only when some are: deletes are not propagated, so a gone record is news to act on.
    (gone > 0 ? `, ${plural(gone, 'linked record')} gone from their systems (see "gone" in the report)` : '')
  );
}

/**
 * SQLite's errors about the state file, said plainly. A failed write is a
 * rolled-back transaction: what earlier steps stored stays, and the next run
 * goes on from there (intents recover creations that were made).
 */
function stateError(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const why: Record<string, string> = {
    SQLITE_NOTADB: 'it is not a dataflow state file, or it is damaged',
    SQLITE_CORRUPT: 'it is damaged',
    SQLITE_FULL: 'the disk is full',
    SQLITE_READONLY: 'it cannot be written (a read-only file or disk)',
    SQLITE_CANTOPEN: 'it cannot be opened',
    SQLITE_IOERR: 'reading or writing it failed',
    SQLITE_BUSY: 'another process kept it busy too long',
    SQLITE_PERM: 'it cannot be written (no permission)',
  };
  const base = Object.keys(why).find((known) => code === known || code.startsWith(`${known}_`));
  const reason = base ? why[base]! : (error as Error).message;
  return new UsageError(
    `${file}: the sync state cannot be used: ${reason} (${code}: ${(error as Error).message}); ` +
      'nothing stored by earlier steps was lost; fix the cause and run again (--state FILE for another state file)',
  );
}
