/**
 * The sync state in SQLite (better-sqlite3): links between records, the
 * last-synced values of each link, and creation intents written before a
 * record is created so a crash between create and link is recovered.
 *
 * A flow's state is keyed by a flow key (`<spec-slug>/<flow-id>`). Ids are
 * stored as their JSON text (see ids.ts). Last-synced values are one JSON
 * object per side and link, keyed by property path: comparing the whole text
 * first makes an unchanged link cost one string comparison.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredLink {
  targetKey: string;
  /** Last-synced source values (canonical JSON object), or null before the first sync. */
  source: string | null;
  target: string | null;
}

export interface LinkWrite {
  sourceKey: string;
  targetKey: string;
  source: string | null;
  target: string | null;
}

export interface Intent {
  sourceKey: string;
  /** The values the create was asked to write, as a target snapshot (canonical JSON object). */
  values: string;
  batch: string;
}

export interface PendingIntents {
  intents: Intent[];
  /** batch -> the target id keys that existed before the batch's creates. */
  known: Map<string, Set<string>>;
}

export type IntentDrop = 'all' | 'none' | { batch: string; resolved?: readonly string[] };

export interface StateStore {
  loadLinks(flowKey: string): Map<string, StoredLink>;
  loadIntents(flowKey: string): PendingIntents;
  /** Records intents (and the targets known before them) in one transaction, before any create. */
  recordIntents(flowKey: string, batch: string, knownTargets: readonly string[], intents: readonly Omit<Intent, 'batch'>[]): void;
  /**
   * Writes links and drops intents in one transaction: all of the flow's, a
   * whole batch, or only the resolved ones of a batch (a create that failed
   * keeps its intent: it may have happened all the same).
   */
  commit(flowKey: string, links: readonly LinkWrite[], drop: IntentDrop): void;
  /** Whether a source record is linked in a flow. */
  isLinked(flowKey: string, sourceKey: string): boolean;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS links (
  flow TEXT NOT NULL,
  source_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  source_values TEXT,
  target_values TEXT,
  PRIMARY KEY (flow, source_id)
) WITHOUT ROWID;
-- A target belongs to one source per flow (the engine never links a taken target).
CREATE UNIQUE INDEX IF NOT EXISTS links_by_target ON links (flow, target_id);
CREATE TABLE IF NOT EXISTS intents (
  flow TEXT NOT NULL,
  source_id TEXT NOT NULL,
  batch TEXT NOT NULL,
  target_values TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (flow, source_id)
);
CREATE TABLE IF NOT EXISTS intent_batches (
  flow TEXT NOT NULL,
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
    db.exec(SCHEMA);
  }
  return createStore(db);
}

function createStore(db: Database.Database): StateStore {
  const selectLinks = db.prepare('SELECT source_id, target_id, source_values, target_values FROM links WHERE flow = ?').raw();
  const selectLinked = db.prepare('SELECT 1 FROM links WHERE flow = ? AND source_id = ?').pluck();
  const upsertLink = db.prepare(
    `INSERT INTO links (flow, source_id, target_id, source_values, target_values) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (flow, source_id) DO UPDATE SET target_id = excluded.target_id,
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

  const recordIntents = db.transaction(
    (flowKey: string, batch: string, known: readonly string[], intents: readonly Omit<Intent, 'batch'>[]) => {
      insertBatch.run(flowKey, batch, JSON.stringify(known));
      intents.forEach((intent, seq) => insertIntent.run(flowKey, intent.sourceKey, batch, intent.values, seq));
    },
  );

  const commit = db.transaction((flowKey: string, links: readonly LinkWrite[], drop: IntentDrop) => {
    for (const link of links) {
      upsertLink.run(flowKey, link.sourceKey, link.targetKey, link.source, link.target);
    }
    if (drop === 'all') {
      deleteIntents.run(flowKey);
      deleteBatches.run(flowKey);
    } else if (drop !== 'none' && drop.resolved) {
      for (const sourceKey of drop.resolved) deleteIntent.run(flowKey, sourceKey);
    } else if (drop !== 'none') {
      deleteBatchIntents.run(flowKey, drop.batch);
      deleteBatch.run(flowKey, drop.batch);
    }
  });

  return {
    loadLinks(flowKey) {
      const links = new Map<string, StoredLink>();
      for (const row of selectLinks.iterate(flowKey) as Iterable<[string, string, string | null, string | null]>) {
        links.set(row[0], { targetKey: row[1], source: row[2], target: row[3] });
      }
      return links;
    },
    loadIntents(flowKey) {
      const intents = (selectIntents.all(flowKey) as [string, string, string][]).map(([sourceKey, values, batch]) => ({
        sourceKey,
        values,
        batch,
      }));
      const known = new Map<string, Set<string>>();
      for (const [batch, text] of selectBatches.all(flowKey) as [string, string][]) {
        known.set(batch, new Set(JSON.parse(text) as string[]));
      }
      return { intents, known };
    },
    recordIntents: (flowKey, batch, known, intents) => recordIntents(flowKey, batch, known, intents),
    commit: (flowKey, links, drop) => commit(flowKey, links, drop),
    isLinked: (flowKey, sourceKey) => selectLinked.get(flowKey, sourceKey) !== undefined,
    close: () => db.close(),
  };
}
