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
    state
      .command('drop')
      .description(
        "delete the state of a flow (spec-slug/flow-id) or of every flow of a spec (spec-slug): its links, last-synced values, " +
          'pending creations and coverage counts. Its records are then new to sync, which may create them again. Shows what ' +
          'goes and asks first on a terminal; elsewhere (CI, scripts) it needs --yes',
      )
      .argument('<key>', 'spec-slug/flow-id, or spec-slug for all its flows')
      .option('-y, --yes', 'drop without asking (what a script or CI job must pass)')
      .option('--dry-run', 'show what would be dropped; drop nothing'),
  ).action(async (key: string, options: StateOptions & { yes?: boolean; dryRun?: boolean }) => {
    // Read first (a state file that is not one, a key with no state: said before anything is asked).
    const reader = await open(options, true);
    let plan: DropPlan;
    try {
      plan = dropPlan(reader, key);
    } finally {
      reader.close();
    }
    process.stderr.write(describeDrop(plan, options.yes === true && !options.dryRun ? 'dropping' : 'would drop', options.dryRun === true));
    if (options.dryRun) {
      process.exitCode = EXIT_OK;
      return;
    }
    if (!options.yes) {
      if (!(process.stdin.isTTY && process.stderr.isTTY)) {
        throw new UsageError(`state drop asks before deleting, and there is no terminal to ask on: pass --yes to drop ${key} (--dry-run shows what goes)`);
      }
      if (!(await confirm(`Drop the state of ${plan.flows.length === 1 ? plan.flows[0]!.key : `these ${plan.flows.length} flows`}? [y/N] `))) {
        process.stderr.write('state: nothing dropped\n');
        process.exitCode = EXIT_OK;
        return;
      }
    }
    await edit(options, (store) => store.transaction(() => {
      for (const flow of plan.flows) store.dropState(flow.key);
    }));
    process.stderr.write(`state: dropped ${key} (${totals(plan)})\n`);
    process.exitCode = EXIT_OK;
  });
}

interface DropPlan {
  key: string;
  flows: { key: string; links: number; intents: number; coverageRuns: number }[];
}

/** The flows a key names (one, or every flow of a spec) with what each holds; a key with no state is a usage error. */
function dropPlan(store: Awaited<ReturnType<typeof open>>, key: string): DropPlan {
  const whole = !key.includes('/');
  const under = (k: string) => (whole ? k.startsWith(`${key}/`) : k === key);
  const listed = new Map(store.listFlows().filter((f) => under(f.key)).map((f) => [f.key, f]));
  // Flows whose runs linked nothing hold coverage counts only; they are state too.
  const runs = store.loadCoverage(key);
  const keys = [...new Set([...listed.keys(), ...[...runs.keys()].filter(under)])].sort();
  if (keys.length === 0) throw new UsageError(`${key}: no such state${whole ? ' (no flow of that spec has any)' : ''}; \`dataflow state list\` shows the keys`);
  return {
    key,
    flows: keys.map((k) => {
      const f = listed.get(k);
      return { key: k, links: f?.links ?? 0, intents: f?.intents ?? 0, coverageRuns: f?.coverageRuns ?? runs.get(k)?.get('runs') ?? 0 };
    }),
  };
}

function totals(plan: DropPlan): string {
  const sum = (pick: (f: DropPlan['flows'][number]) => number) => plan.flows.reduce((n, f) => n + pick(f), 0);
  return `${plural(plan.flows.length, 'flow')}, ${plural(sum((f) => f.links), 'link')}, ${plural(sum((f) => f.intents), 'pending creation')}`;
}

function describeDrop(plan: DropPlan, verb: string, dryRun: boolean): string {
  let out = `state: ${verb} ${plan.key}: ${totals(plan)}\n`;
  for (const f of plan.flows) {
    const runs = f.coverageRuns > 0 ? `, coverage of ${plural(f.coverageRuns, 'run')}` : '';
    out += `  ${f.key}  ${plural(f.links, 'link')}, ${plural(f.intents, 'pending creation')}${runs}\n`;
  }
  if (plan.flows.some((f) => f.links > 0)) out += 'state: the next sync sees their records as new: it may create them again in the target\n';
  if (dryRun) out += 'state: dry run, nothing dropped\n';
  return out;
}

/** Asks on the terminal; only y or yes (any case) is a yes. Ctrl-C or Ctrl-D there is a no. */
async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let answer: string | null = null;
    rl.on('SIGINT', () => {
      process.stderr.write('\n');
      rl.close();
    });
    rl.on('close', () => resolve(answer !== null && /^(y|yes)$/i.test(answer.trim())));
    rl.question(question, (text) => {
      answer = text;
      rl.close();
    });
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
