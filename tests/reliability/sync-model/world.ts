/**
 * The world the model-based sync test drives: HubSpot (products, contacts)
 * and Tripletex (products, customers, employees) as model systems of chosen
 * shapes, a state file, the spec version in force, one clock, and the record
 * of what the test did to either side since the last run that completed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AnyRecord } from '../../../runtime/index.js';
import { flowKey, openStateStore, runSync, type RecordId, type StateStore, type SyncReport } from '../../../runtime/sync/index.js';
import { pathKey, planOf, type BindingPlan } from '../../../runtime/sync/flow-plan.js';
import type { AnyFlow } from '../../../runtime/sync/index.js';
import { SCOPE, specFlows, type SpecVersion } from './flows.js';
import { createKill, type KillHooks } from './kill.js';
import { ModelSystem, type Shape } from './system.js';

export type Side = 'source' | 'target';

/** A change the test made to a record (or a record it added), since the last run that completed. */
export interface Edit {
  side: Side;
  entity: string;
  id: RecordId;
  path: readonly string[];
  value: unknown;
  /** The record's version after the change (what the feed must hand out). */
  version: number;
}

export const SOURCE_ENTITIES = ['Product', 'Contact'] as const;
export const TARGET_ENTITIES = ['Product', 'Customer', 'Employee'] as const;

/** A process id that is certainly not running: a killed run's lock row names it. */
const DEAD_PID = spawnSync(process.execPath, ['-e', '']).pid ?? 0;

export interface RunOptions {
  killAt?: number;
  /** Killed at the first step after the `n`th create returned (the record exists, its id may not be stored). */
  killAfterCreate?: number;
  dryRun?: boolean;
  full?: boolean;
  /** After the first read from Tripletex (list or changes), before any write. */
  during?: () => void;
  /** At this adapter call, a second run on the same state file starts. */
  second?: KillHooks['second'];
}

export class World {
  readonly dir = mkdtempSync(join(tmpdir(), 'dataflow-model-'));
  readonly file = join(this.dir, 'state.db');
  /** Seconds since 2026-01-01; both systems and the engine read it (a run does not move it). */
  clock = 1_000;
  readonly left: ModelSystem;
  readonly right: ModelSystem;
  store: StateStore = openStateStore(this.file);
  spec: SpecVersion = { rows: 'no-price', renamed: false };
  nextSource = 101;
  /** Targets the test made by hand (never the sync's). */
  readonly handMade = new Set<RecordId>();
  /** Targets the sync made that a person edited beyond recognition before their link was stored ([entity, id] JSON). */
  readonly unrecognisable = new Set<string>();
  /** Targets deleted by the test ([entity, id] JSON): never created again for their sources. */
  readonly deleted = new Set<string>();
  /** Edits since the last run that completed. */
  edits: Edit[] = [];
  /** Edits made while a run was under way: checked from the run after it. */
  late: Edit[] = [];
  /** Links (flow key, source, target) as of the last completed check: newer ones were made since (merges count as conflicts). */
  baseline = new Set<string>();
  /** The rows of the spec as of the last completed check: a row added since starts without last-synced values. */
  baselineRows = new Set<string>();
  runs = 0;
  syncs = 0;
  killed = 0;
  dryRuns = 0;
  fullRuns = 0;
  moves = 0;
  concurrent = 0;
  refused = 0;
  invariantChecks = 0;
  /** Killed runs that left creates that may have happened (intents without an id), and spec row changes made before the next run settled them. */
  killedInCreates = 0;
  rowsChangedOverCreates = 0;
  createsInFlight = false;

  /** `chunkSize`: pairs and creations the engine writes per chunk (absent: its default, one chunk for worlds this small). */
  constructor(readonly shapes: { left: Shape; right: Shape; chunkSize?: number }) {
    const now = () => this.ms();
    this.left = new ModelSystem('HubSpot', shapes.left, now);
    this.right = new ModelSystem('Tripletex', shapes.right, now);
  }

  ms(seconds = this.clock): number {
    return Date.UTC(2026, 0, 1) + seconds * 1000;
  }

  /** `updatedAt` as a person's clock, off by `skew` seconds, says. */
  stamp(skew = 0): string {
    return new Date(this.ms(this.clock + skew)).toISOString();
  }

  system(side: Side): ModelSystem {
    return side === 'source' ? this.left : this.right;
  }

  flows() {
    return specFlows(this.spec);
  }

  async run(options: RunOptions = {}): Promise<SyncReport | 'killed'> {
    const hooks: KillHooks = {};
    if (options.during) hooks.afterFirstRead = options.during;
    if (options.second) hooks.second = options.second;
    const kill = createKill(options.killAt, hooks, options.killAfterCreate);
    this.syncs++;
    const store = options.dryRun ? openStateStore(this.file, { readonly: true }) : this.store;
    try {
      return await runSync(this.flows(), {
        left: kill.adapter(this.left, 'HubSpot'),
        right: kill.adapter(this.right, 'Tripletex'),
        store: kill.store(store),
        scope: SCOPE,
        dryRun: options.dryRun === true,
        full: options.full === true,
        now: () => new Date(this.ms()),
        ...(this.shapes.chunkSize ? { chunkSize: this.shapes.chunkSize } : {}),
      });
    } catch (error) {
      if (kill.fired()) return 'killed';
      throw error;
    } finally {
      if (options.dryRun) store.close();
    }
  }

  /** The process died: its unflushed writes are gone, its lock row stays behind, a new one opens the state afresh. */
  reopen(): void {
    this.store.close();
    this.left.crash();
    this.right.crash();
    const db = new Database(this.file);
    db.pragma('busy_timeout = 10000');
    db.prepare('INSERT OR REPLACE INTO sync_locks (scope, pid, host, since, token) VALUES (?, ?, ?, ?, ?)').run(
      SCOPE,
      DEAD_PID,
      hostname(),
      new Date().toISOString(),
      'killed',
    );
    db.close();
    this.store = openStateStore(this.file);
  }

  /** Another process's connection to the same state file. */
  openSecond(): StateStore {
    return openStateStore(this.file);
  }

  links(flowId: string): [RecordId, RecordId][] {
    return this.store
      .loadLinks(flowKey(SCOPE, flowId))
      .entries()
      .map(([source, link]) => [source, link.target]);
  }

  allLinks(): Set<string> {
    const all = new Set<string>();
    for (const flow of this.flows()) for (const [s, t] of this.links(flow.id)) all.add(linkKey(flow.target.entity, s, t));
    return all;
  }

  allRows(): Set<string> {
    const all = new Set<string>();
    for (const flow of this.flows()) for (const b of planOf(flow).bindings) all.add(rowKey(flow, b));
    return all;
  }

  /** Everything a run could change: both systems' records, every flow's links and pending creations. */
  snapshot() {
    const records = (system: ModelSystem, entities: readonly string[]) => Object.fromEntries(entities.map((e) => [e, structuredClone(system.records(e))]));
    return {
      hubspot: records(this.left, SOURCE_ENTITIES),
      tripletex: records(this.right, TARGET_ENTITIES),
      state: this.flows().map((f) => ({ flow: f.id, links: this.links(f.id), intents: this.store.loadIntents(flowKey(SCOPE, f.id)).intents.length })),
    };
  }

  dispose(): void {
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const rowKey = (flow: AnyFlow, b: BindingPlan) => JSON.stringify([flow.target.entity, pathKey(b.binding.source), pathKey(b.binding.target)]);

export const linkKey = (targetEntity: string, source: RecordId, target: RecordId) => JSON.stringify([targetEntity, source, target]);

export type { AnyRecord };
