/**
 * The sync state in SQLite (better-sqlite3): links between records, the
 * last-synced values of each link, and creation intents written before a
 * record is created so a crash between create and link is recovered.
 *
 * A flow's state is keyed by a flow key (`<spec-slug>/<flow-id>`), stored
 * once and referred to by number. Ids sit in untyped columns, so `1` and `"1"`
 * stay apart. Last-synced values are one JSON object per side and link, keyed
 * by property path, read only for a link whose digest says it changed.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordId } from './ids.js';
import { DIGEST_SPLIT, LinkTable } from './link-table.js';

export type { StoredLink } from './link-table.js';

/** Last-synced values of a link, per side (canonical JSON objects keyed by path), or null before the first sync. */
export interface Snapshot {
  source: string | null;
  target: string | null;
}

export interface LinkWrite extends Snapshot {
  sourceId: RecordId;
  targetId: RecordId;
  digest: number | null;
  /** Where the target was in its entity's listing: a hint that spares an index lookup next run. */
  targetPosition?: number | null;
  /** The link is in the store already (an update, not an insert). */
  stored?: boolean;
}

export interface Intent {
  sourceId: RecordId;
  /** The values the create was asked to write, as a target snapshot (canonical JSON object). */
  values: string;
  batch: string;
}

export interface PendingIntents {
  intents: Intent[];
  /** batch -> the target ids that existed before the batch's creates. */
  known: Map<string, Set<RecordId>>;
}

export type IntentDrop = 'all' | 'none' | { batch: string; resolved?: readonly RecordId[] };

export interface StateStore {
  /** The flow's links (without their last-synced values, see `loadSnapshots`). */
  loadLinks(flowKey: string): LinkTable;
  loadSnapshot(flowKey: string, sourceId: RecordId): Snapshot | undefined;
  /** The last-synced values of several links in one query. */
  loadSnapshots(flowKey: string, sourceIds: readonly RecordId[]): Map<RecordId, Snapshot>;
  loadIntents(flowKey: string): PendingIntents;
  /** Records intents (and the targets known before them) in one transaction, before any create. */
  recordIntents(flowKey: string, batch: string, knownTargets: readonly RecordId[], intents: readonly Omit<Intent, 'batch'>[]): void;
  /**
   * Writes links and drops intents in one transaction: all of the flow's, a
   * whole batch, or only the resolved ones of a batch (a create that failed
   * keeps its intent: it may have happened all the same).
   */
  commit(flowKey: string, links: readonly LinkWrite[], drop: IntentDrop): void;
  /** Whether a source record is linked in a flow. */
  isLinked(flowKey: string, sourceId: RecordId): boolean;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flows (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS links (
  flow INTEGER NOT NULL,
  source_id NOT NULL,
  target_id NOT NULL,
  target_position INTEGER,
  digest INTEGER,
  source_values TEXT,
  target_values TEXT,
  PRIMARY KEY (flow, source_id)
) WITHOUT ROWID;
-- A target belongs to one source per flow (the engine never links a taken target).
CREATE UNIQUE INDEX IF NOT EXISTS links_by_target ON links (flow, target_id);
CREATE TABLE IF NOT EXISTS intents (
  flow INTEGER NOT NULL,
  source_id NOT NULL,
  batch TEXT NOT NULL,
  target_values TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (flow, source_id)
);
CREATE TABLE IF NOT EXISTS intent_batches (
  flow INTEGER NOT NULL,
  batch TEXT NOT NULL,
  known_targets TEXT NOT NULL,
  PRIMARY KEY (flow, batch)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '1');
`;

export interface OpenOptions {
  /** Open without writing anything (for --dry-run); a missing file is an empty state. */
  readonly?: boolean;
}

/** Opens (creating if needed) the state database at `file`; `:memory:` for a throwaway one. */
export function openStateStore(file: string, options: OpenOptions = {}): StateStore {
  let db: Database.Database;
  if (options.readonly && file !== ':memory:') {
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      db.prepare('SELECT 1 FROM links LIMIT 1').get();
    } catch {
      // No state yet (or not ours to read): an empty state that lives in memory.
      db = new Database(':memory:');
      db.exec(SCHEMA);
    }
  } else {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Room for a large flow's links in memory: a 100,000-link transaction otherwise thrashes the default 2 MB cache.
    db.pragma('cache_size = -65536');
    db.exec(SCHEMA);
    // A state written before links kept their target's position.
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('links') as string[];
    if (!columns.includes('target_position')) db.exec('ALTER TABLE links ADD COLUMN target_position INTEGER');
  }
  return createStore(db);
}

function createStore(db: Database.Database): StateStore {
  const selectFlow = db.prepare('SELECT id FROM flows WHERE key = ?').pluck();
  const insertFlow = db.prepare('INSERT INTO flows (key) VALUES (?)');
  // One row of three JSON arrays: far cheaper than 100,000 rows through the driver.
  const selectLinks = db
    .prepare(
      `SELECT json_group_array(source_id), json_group_array(target_id), json_group_array(target_position),
         json_group_array(digest / ${DIGEST_SPLIT}), json_group_array(digest % ${DIGEST_SPLIT})
       FROM links WHERE flow = ?`,
    )
    .raw();
  const selectSnapshot = db.prepare('SELECT source_values AS source, target_values AS target FROM links WHERE flow = ? AND source_id = ?');
  const selectSnapshots = db
    .prepare(
      `SELECT source_id, source_values, target_values FROM links
       WHERE flow = ? AND source_id IN (SELECT value FROM json_each(?))`,
    )
    .raw();
  const updateLink = db.prepare(
    `UPDATE links SET digest = ?, source_values = ?, target_values = ?, target_position = ?
     WHERE flow = ? AND source_id = ? AND target_id = ?`,
  );
  const selectLinked = db.prepare('SELECT 1 FROM links WHERE flow = ? AND source_id = ?').pluck();
  const upsertLink = db.prepare(
    `INSERT INTO links (flow, source_id, target_id, target_position, digest, source_values, target_values) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (flow, source_id) DO UPDATE SET target_id = excluded.target_id, target_position = excluded.target_position, digest = excluded.digest,
       source_values = excluded.source_values, target_values = excluded.target_values`,
  );
  const selectIntents = db.prepare('SELECT source_id, target_values, batch FROM intents WHERE flow = ? ORDER BY seq').raw();
  const selectBatches = db.prepare('SELECT batch, known_targets FROM intent_batches WHERE flow = ?').raw();
  const insertIntent = db.prepare(
    'INSERT OR REPLACE INTO intents (flow, source_id, batch, target_values, seq) VALUES (?, ?, ?, ?, ?)',
  );
  const insertBatch = db.prepare('INSERT OR REPLACE INTO intent_batches (flow, batch, known_targets) VALUES (?, ?, ?)');
  const deleteIntents = db.prepare('DELETE FROM intents WHERE flow = ?');
  const deleteBatches = db.prepare('DELETE FROM intent_batches WHERE flow = ?');
  const deleteBatchIntents = db.prepare('DELETE FROM intents WHERE flow = ? AND batch = ?');
  const deleteBatch = db.prepare('DELETE FROM intent_batches WHERE flow = ? AND batch = ?');
  const deleteIntent = db.prepare('DELETE FROM intents WHERE flow = ? AND source_id = ?');

  const flowIds = new Map<string, number>();
  /** The flow's number; `create` only where a write follows (a read-only store never inserts). */
  const flowId = (key: string, create: boolean): number | undefined => {
    let id = flowIds.get(key) ?? (selectFlow.get(key) as number | undefined);
    if (id === undefined && create) id = Number(insertFlow.run(key).lastInsertRowid);
    if (id !== undefined) flowIds.set(key, id);
    return id;
  };

  const recordIntents = db.transaction(
    (flowKey: string, batch: string, known: readonly RecordId[], intents: readonly Omit<Intent, 'batch'>[]) => {
      const flow = flowId(flowKey, true)!;
      insertBatch.run(flow, batch, JSON.stringify(known));
      intents.forEach((intent, seq) => insertIntent.run(flow, intent.sourceId, batch, intent.values, seq));
    },
  );

  const commit = db.transaction((flowKey: string, links: readonly LinkWrite[], drop: IntentDrop) => {
    const flow = flowId(flowKey, true)!;
    for (const link of links) {
      // An update in place is cheaper than an upsert; a link that is not (or no longer) there is inserted.
      const position = link.targetPosition ?? null;
      if (link.stored && updateLink.run(link.digest, link.source, link.target, position, flow, link.sourceId, link.targetId).changes === 1) {
        continue;
      }
      upsertLink.run(flow, link.sourceId, link.targetId, position, link.digest, link.source, link.target);
    }
    if (drop === 'all') {
      deleteIntents.run(flow);
      deleteBatches.run(flow);
    } else if (drop !== 'none' && drop.resolved) {
      for (const sourceId of drop.resolved) deleteIntent.run(flow, sourceId);
    } else if (drop !== 'none') {
      deleteBatchIntents.run(flow, drop.batch);
      deleteBatch.run(flow, drop.batch);
    }
  });

  return {
    loadLinks(flowKey) {
      const flow = flowId(flowKey, false);
      if (flow === undefined) return LinkTable.empty();
      const [sources, targets, positions, high, low] = (selectLinks.get(flow) as string[]).map((text) => JSON.parse(text) as unknown[]);
      return new LinkTable(
        sources as RecordId[],
        targets as RecordId[],
        positions as (number | null)[],
        high as (number | null)[],
        low as (number | null)[],
      );
    },
    loadSnapshot(flowKey, sourceId) {
      const flow = flowId(flowKey, false);
      return flow === undefined ? undefined : (selectSnapshot.get(flow, sourceId) as Snapshot | undefined);
    },
    loadSnapshots(flowKey, sourceIds) {
      const snapshots = new Map<RecordId, Snapshot>();
      const flow = flowId(flowKey, false);
      if (flow === undefined) return snapshots;
      for (const [id, source, target] of selectSnapshots.all(flow, JSON.stringify(sourceIds)) as [RecordId, string | null, string | null][]) {
        snapshots.set(id, { source, target });
      }
      return snapshots;
    },
    loadIntents(flowKey) {
      const flow = flowId(flowKey, false);
      const known = new Map<string, Set<RecordId>>();
      if (flow === undefined) return { intents: [], known };
      const intents = (selectIntents.all(flow) as [RecordId, string, string][]).map(([sourceId, values, batch]) => ({
        sourceId,
        values,
        batch,
      }));
      for (const [batch, text] of selectBatches.all(flow) as [string, string][]) {
        known.set(batch, new Set(JSON.parse(text) as RecordId[]));
      }
      return { intents, known };
    },
    recordIntents: (flowKey, batch, known, intents) => recordIntents(flowKey, batch, known, intents),
    commit: (flowKey, links, drop) => commit(flowKey, links, drop),
    isLinked(flowKey, sourceId) {
      const flow = flowId(flowKey, false);
      return flow !== undefined && selectLinked.get(flow, sourceId) !== undefined;
    },
    close: () => db.close(),
  };
}
