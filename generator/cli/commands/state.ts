/**
 * `dataflow state list|move|drop [--state FILE]`: the sync state by flow, and
 * carrying it over after a flow or spec file was renamed (so the next sync
 * does not create again what the old name created).
 */
import type { Command } from 'commander';
import { plural } from '../../../runtime/plural.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { commandConfig, flagOr, type ConfigOption } from '../config-option.js';
import { checkMoveTarget } from '../sync/move-target.js';

interface StateOptions extends ConfigOption {
  state?: string;
  json?: boolean;
  specs?: string;
  force?: boolean;
}

export function registerState(program: Command): void {
  const state = program
    .command('state')
    .summary('list the sync state by flow, or carry it over to a renamed flow or spec')
    .description(
      'The sync state (links, last-synced values, pending creations, coverage counts, incremental cursors) is kept per flow, under ' +
        '<spec-slug>/<flow-id>. After a flow or a spec file is renamed, `state move` carries the state over, so sync ' +
        'does not create again what the old name created.',
    );
  const stateOption = (command: Command) =>
    command
      .option('--state <file>', "SQLite state file (default: the config's `state`, else .dataflow/state.db)")
      .option('--config <file>', 'config file (default: dataflow.config.ts, .mjs or .json, searched from here upwards)');

  stateOption(state.command('list').description('every flow with state: its key, links, pending creations and coverage runs, and what it links'))
    .option('--json', 'print JSON')
    .action(async (options: StateOptions) => {
      const store = await open(options, true);
      try {
        const flows = store.listFlows().map((f) => {
          const note = store.getNote(`flow:${f.key}`);
          return { ...f, ...(note ? (JSON.parse(note) as object) : {}) };
        });
        const feeds = store.listFeeds().map((key) => ({ key, ...store.loadFeed(key) }));
        if (options.json) process.stdout.write(`${JSON.stringify({ flows, feeds }, null, 2)}\n`);
        else {
          for (const f of flows as { key: string; links: number; intents: number; coverageRuns?: number; source?: string; target?: string }[]) {
            const what = f.source ? `  ${f.source} -> ${f.target}` : '';
            const runs = f.coverageRuns === undefined ? '' : `, coverage of ${f.coverageRuns} run${f.coverageRuns === 1 ? '' : 's'}`;
            process.stdout.write(`${f.key}  ${plural(f.links, 'link')}, ${plural(f.intents, 'pending creation')}${runs}${what}\n`);
          }
          for (const f of feeds) process.stdout.write(`feed ${f.key}  cursor ${f.cursor ? `${f.cursor.at} ${f.cursor.id}` : 'none'}\n`);
        }
      } finally {
        store.close();
      }
      process.exitCode = EXIT_OK;
    });

  stateOption(
    state
      .command('move')
      .description('carry state over: `move OLD-SPEC/OLD-FLOW NEW-SPEC/NEW-FLOW` for a flow, `move OLD-SPEC NEW-SPEC` for a whole spec')
      .argument('<from>', 'the old key (spec-slug/flow-id, or spec-slug)')
      .argument('<to>', 'the new key: a flow of a spec in the specs folder, or a spec there')
      .option('--specs <dir>', "the specs folder the new key is checked against (default: the config's `specs`, else specs)")
      .option('--force', 'move even though the new key is not a flow or spec of the specs folder'),
  ).action(async (from: string, to: string, options: StateOptions) => {
    if (from.includes('/') !== to.includes('/')) throw new UsageError('move a flow to a flow (spec/flow) or a spec to a spec (spec)');
    // A typo would move the state to a key no sync claims: the next run would create again what it linked.
    let known: string[] | undefined;
    if (!options.force) known = await checkMoveTarget(to, flagOr(options.specs, (await commandConfig(options)).specs));
    let unclaimed: string[] = [];
    // Loaded on use: claims.ts brings the spec parser and diff.
    const { carryState } = await import('../sync/claims.js');
    await edit(options, (store) => {
      // A flow onto a name that holds only coverage counts (runs that linked nothing): the counts add up.
      if (to.includes('/')) carryState(store, from, to);
      else store.moveState(from, to);
      if (known && !to.includes('/')) unclaimed = store.listFlows().map((f) => f.key).filter((key) => key.startsWith(`${to}/`) && !known.includes(key));
    });
    process.stderr.write(`state: moved ${from} to ${to}\n`);
    for (const key of unclaimed) {
      process.stderr.write(`state: ${key} is not a flow of ${to}; \`dataflow sync ${to}\` carries it over if diff recognises the rename, else says which \`state move\` does\n`);
    }
    process.exitCode = EXIT_OK;
  });

  stateOption(
    state.command('drop').description("delete a flow's state (its records are then new to sync: it may create them again)").argument('<key>', 'spec-slug/flow-id'),
  ).action(async (key: string, options: StateOptions) => {
    await edit(options, (store) => store.dropState(key));
    process.stderr.write(`state: dropped ${key}\n`);
    process.exitCode = EXIT_OK;
  });
}

async function open(options: StateOptions, readonly: boolean) {
  const config = await commandConfig(options);
  const file = flagOr(options.state, config.state);
  const { openStateStore, StateFileError } = await import('../../../runtime/sync/index.js');
  const { existsSync } = await import('node:fs');
  if (!existsSync(file)) throw new UsageError(`${file}: no sync state here (give --state FILE)`);
  try {
    return openStateStore(file, { readonly });
  } catch (error) {
    if (error instanceof StateFileError) throw new UsageError(error.message);
    throw error;
  }
}

async function edit(options: StateOptions, change: (store: Awaited<ReturnType<typeof open>>) => void): Promise<void> {
  const store = await open(options, false);
  const { StateMoveError } = await import('../../../runtime/sync/index.js');
  try {
    change(store);
  } catch (error) {
    if (error instanceof StateMoveError) throw new UsageError(error.message);
    throw error;
  } finally {
    store.close();
  }
}
