/**
 * How the engine reads an entity in one run. An adapter without `changes` is
 * listed as before (every flow lists afresh). One with `changes` is read
 * incrementally: the state's mirror of the entity's records, then the pages
 * changed since the stored cursor (each page and the cursor after it stored
 * in one transaction before the next is asked for), once per run, with the
 * run's own writes kept in the view and the mirror. A full listing replaces
 * the mirror on the first run, on `--full`, every `fullEvery` runs, and when
 * the mapped paths change (the cursor covers only what was fetched).
 */
import type { AnyRecord } from '../flow.js';
import type { ChangeCursor, SystemAdapter } from './adapter.js';
import { entityKey, pathsFingerprint, type EntityPaths } from './entity-paths.js';
import { idOf, type RecordId } from './ids.js';
import type { StateStore } from './state-store.js';

export interface FeedOptions {
  store: StateStore;
  /** The spec slug: feeds of specs sharing a state file stay apart. */
  scope?: string;
  dryRun: boolean;
  /** Read every entity in full this run. */
  full: boolean;
  /** A full read every N runs (1: every run); absent: only when needed. */
  fullEvery?: number;
  /** The run's upper bound (ISO 8601), taken when it started. */
  until: string;
  paths: ReadonlyMap<string, EntityPaths>;
}

/** What a run did per incremental feed (for the report). */
export interface FeedReport {
  system: string;
  entity: string;
  mode: 'full' | 'changes';
  /** Why the read was full. */
  reason?: string;
  /** Records fetched from the system (a full listing, or the changes). */
  fetched: number;
  /** Records the engine saw: the mirror with the changes applied. */
  records: number;
}

interface View {
  system: string;
  entity: string;
  key: string;
  records: AnyRecord[];
  positions: Map<RecordId, number>;
  /** The run's own writes, for the mirror. */
  written: Map<RecordId, AnyRecord>;
  report: FeedReport;
}

export interface Feeds {
  /** The records of an entity for this run. */
  read(adapter: SystemAdapter, system: string, entity: string): Promise<readonly AnyRecord[]>;
  /** A record as just written to (or freshly read from) a system. */
  seen(system: string, entity: string, record: AnyRecord): void;
  /** Stores the run's own writes in the mirrors (inside the flow's commit). */
  persist(): void;
  /** Counts the run for `fullEvery`; what was read. */
  finish(): FeedReport[];
}

export function feedKey(scope: string | undefined, system: string, entity: string): string {
  return `${scope ? `${scope}/` : ''}${system}/${entity}`;
}

export function createFeeds(options: FeedOptions): Feeds {
  const { store } = options;
  const views = new Map<string, View>();
  const pending = new Map<string, View>();

  const readChanges = async (adapter: SystemAdapter, system: string, entity: string): Promise<View> => {
    const key = feedKey(options.scope, system, entity);
    const paths = options.paths.get(entityKey(system, entity));
    const scope = pathsFingerprint(paths);
    const state = store.loadFeed(key);
    const reason = !state
      ? 'first read'
      : options.full
        ? 'asked for (--full)'
        : state.scope !== scope
          ? 'the mapped properties changed'
          : options.fullEvery !== undefined && state.runs + 1 >= options.fullEvery
            ? `every ${options.fullEvery} runs (sync.fullEvery)`
            : undefined;
    const view: View = {
      system,
      entity,
      key,
      records: [],
      positions: new Map(),
      written: new Map(),
      report: { system, entity, mode: reason ? 'full' : 'changes', ...(reason ? { reason } : {}), fetched: 0, records: 0 },
    };
    const listOptions = paths ? { paths } : {};
    // The run's start on the system's clock: its records' change times are stamped by it.
    const systemUntil = async () => (adapter.systemTime ? await adapter.systemTime(entity, options.until) : options.until);
    if (reason) {
      const records = await adapter.list(entity, listOptions);
      for (const record of records) apply(view, record);
      view.report.fetched = records.length;
      // Covered up to the run's start: later changes are read by the next run.
      if (!options.dryRun) store.storeFeedPage(key, { records: view.records, cursor: { at: await systemUntil(), id: '' }, scope, full: true });
    } else {
      for (const record of store.loadMirror(key)) apply(view, record);
      let cursor = state!.cursor;
      const request = { since: cursor, until: await systemUntil(), ...listOptions };
      // For a read that turns out whole (`complete`): what it gave, so the mirror's other records leave.
      const fetched = new Set<RecordId>();
      for await (const page of adapter.changes!(entity, request)) {
        // A record met twice (the lookback overlap, or a change during the read) is the later copy.
        for (const record of page.records) {
          apply(view, record);
          const id = idOf(record);
          if (id !== undefined) fetched.add(id);
        }
        view.report.fetched += page.records.length;
        cursor = bounded(later(cursor, page.cursor), request.until);
        if (page.complete) {
          // Deleted in the system: not in the whole listing. The mirror is replaced, with the cursor.
          view.records = view.records.filter((record) => {
            const id = idOf(record);
            return id === undefined || fetched.has(id);
          });
          view.positions = new Map();
          view.records.forEach((record, position) => {
            const id = idOf(record);
            if (id !== undefined) view.positions.set(id, position);
          });
          view.report.reason = 'read whole: the system has no change filter for it';
          if (!options.dryRun) store.storeFeedPage(key, { records: view.records, cursor, scope, full: true });
        } else if (!options.dryRun) store.storeFeedPage(key, { records: page.records, cursor, scope });
      }
    }
    view.report.records = view.records.length;
    return view;
  };

  return {
    async read(adapter, system, entity) {
      if (!adapter.changes) return adapter.list(entity, pathsOption(options.paths.get(entityKey(system, entity))));
      const key = entityKey(system, entity);
      let view = views.get(key);
      if (!view) {
        view = await readChanges(adapter, system, entity);
        views.set(key, view);
      }
      // A copy: the engine's positions hold for the listing it was given.
      return view.records.slice();
    },
    seen(system, entity, record) {
      const view = views.get(entityKey(system, entity));
      if (!view) return;
      apply(view, record);
      const id = idOf(record);
      if (id !== undefined) view.written.set(id, record);
      pending.set(view.key, view);
    },
    persist() {
      if (options.dryRun) return;
      for (const view of pending.values()) {
        store.putMirror(view.key, [...view.written.values()]);
        view.written.clear();
      }
      pending.clear();
    },
    finish() {
      const reports: FeedReport[] = [];
      for (const view of views.values()) {
        if (!options.dryRun) store.countFeedRun(view.key, view.report.mode === 'full');
        reports.push(view.report);
      }
      return reports;
    },
  };
}

function pathsOption(paths: EntityPaths | undefined) {
  return paths ? { paths } : undefined;
}

function apply(view: View, record: AnyRecord): void {
  const id = idOf(record);
  if (id === undefined) {
    view.records.push(record);
    return;
  }
  const at = view.positions.get(id);
  if (at === undefined) {
    view.positions.set(id, view.records.length);
    view.records.push(record);
  } else view.records[at] = record;
}

/**
 * A change at the run's upper bound may still be followed by another at the same time (a
 * timestamp that does not tick between two edits), with a smaller id: the cursor stops short of
 * that instant, so the next run reads it again (the mirror drops what it has seen).
 */
function bounded(cursor: ChangeCursor, until: string): ChangeCursor {
  const at = Date.parse(cursor.at);
  const end = Date.parse(until);
  return Number.isNaN(end) || at < end ? cursor : { at: until, id: '' };
}

/** The cursor never moves back (a page of the lookback overlap ends before the stored cursor). */
function later(stored: ChangeCursor | null, page: ChangeCursor): ChangeCursor {
  if (!stored) return page;
  const a = Date.parse(stored.at);
  const b = Date.parse(page.at);
  if (Number.isNaN(b)) return stored;
  return b < a ? stored : page;
}
