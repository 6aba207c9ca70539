/**
 * The sync state in SQLite (better-sqlite3): links between records, the
 * last-synced values of each link, and creation intents written before a
 * record is created so a crash between create and link is recovered.
 *
 * A flow's state is keyed by a flow key (`<spec-slug>/<flow-id>`), stored
 * once and referred to by number. Ids sit in untyped columns, so `1` and `"1"`
 * stay apart. A link row holds only what every run reads (ids and a hint text
 * with its digest and target position); its last-synced values (one JSON
 * object per side, keyed by property path) sit in `link_values`, read only for
 * a link whose digest says it changed, so loading links scans a small table.
 *
 * Format versions (`PRAGMA user_version`): 2 is this one; 0 is the first
 * format (values inside `links`), migrated on the first writable opening and
 * read through temporary views by a read-only one.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordId } from './ids.js';
import { encodeLinkHint, LinkHints } from './link-hint.js';
import { LinkTable } from './link-table.js';
import { idArray, JoinedIds } from './joined-ids.js';

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

/**
 * An id as bound to SQLite: integral numbers as integers (better-sqlite3 binds
 * every number as a float otherwise, which SQLite formats far more slowly when
 * links load). The column compares 1 and 1.0 as equal, so older rows still match.
 */
function bindId(id: RecordId): RecordId | bigint {
  return typeof id === 'number' && Number.isSafeInteger(id) ? BigInt(id) : id;
}

/** `hint`: `encodeLinkHint(digest, target position)`. */
const LINK_TABLES = `
CREATE TABLE IF NOT EXISTS links (
  flow INTEGER NOT NULL,
  source_id NOT NULL,
  target_id NOT NULL,
  hint TEXT NOT NULL,
  PRIMARY KEY (flow, source_id)
) WITHOUT ROWID;
-- A target belongs to one source per flow (the engine never links a taken target).
CREATE UNIQUE INDEX IF NOT EXISTS links_by_target ON links (flow, target_id);
CREATE TABLE IF NOT EXISTS link_values (
  flow INTEGER NOT NULL,
  source_id NOT NULL,
  source_values TEXT,
  target_values TEXT,
  PRIMARY KEY (flow, source_id)
) WITHOUT ROWID;
`;

const FORMAT = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flows (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
${LINK_TABLES}
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
    const existing = openToRead(file);
    if (existing) {
      db = existing;
      if (checkFormat(db, file) < FORMAT) readOldFormat(db);
    } else {
      // No state yet (or not ours to read): an empty state that lives in memory.
      db = new Database(':memory:');
      migrate(db);
    }
  } else {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Room for a large flow's links in memory: a 100,000-link transaction otherwise thrashes the default 2 MB cache.
    db.pragma('cache_size = -65536');
    if (checkFormat(db, file) < FORMAT) db.transaction(() => migrate(db))();
  }
  return createStore(db);
}

/** The state file opened read-only, or undefined when there is none (or it is no SQLite file with links). */
function openToRead(file: string): Database.Database | undefined {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return undefined;
  }
  try {
    checkFormat(db, file);
    db.prepare('SELECT 1 FROM links LIMIT 1').get();
    return db;
  } catch (error) {
    if (!db.open) throw error;
    db.close();
    return undefined;
  }
}

/** A state file this version cannot use (written by a newer dataflow). */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

/** The file's format version; a newer one than this code knows is an error rather than a guess. */
function checkFormat(db: Database.Database, file: string): number {
  const format = db.pragma('user_version', { simple: true }) as number;
  if (format > FORMAT) {
    db.close();
    throw new StateFileError(`${file}: the sync state was written by a newer dataflow (state format ${format}; this one reads up to ${FORMAT})`);
  }
  return format;
}

function columnsOf(db: Database.Database, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
}

/** Format 0 (last-synced values inside `links`, maybe no `target_position` yet) to this one, or a new file to this one. */
function migrate(db: Database.Database): void {
  const old = columnsOf(db, 'links');
  if (old.length > 0) {
    db.function('link_hint', { deterministic: true }, (digest: unknown, position: unknown) =>
      encodeLinkHint(typeof digest === 'number' ? digest : null, typeof position === 'number' ? position : null),
    );
    const position = old.includes('target_position') ? 'target_position' : 'NULL';
    db.exec(`
      ALTER TABLE links RENAME TO links_format_0;
      DROP INDEX IF EXISTS links_by_target;
      ${LINK_TABLES}
      INSERT INTO links (flow, source_id, target_id, hint)
        SELECT flow, source_id, target_id, link_hint(digest, ${position}) FROM links_format_0;
      INSERT INTO link_values (flow, source_id, source_values, target_values)
        SELECT flow, source_id, source_values, target_values FROM links_format_0;
      DROP TABLE links_format_0;
    `);
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${FORMAT}`);
}

/** A read-only opening of a format-0 file: temporary views give it this format's tables (nothing is written to the file). */
function readOldFormat(db: Database.Database): void {
  const old = columnsOf(db, 'links');
  if (!old.includes('source_values')) return;
  db.function('link_hint', { deterministic: true }, (digest: unknown, position: unknown) =>
    encodeLinkHint(typeof digest === 'number' ? digest : null, typeof position === 'number' ? position : null),
  );
  const position = old.includes('target_position') ? 'target_position' : 'NULL';
  db.exec(`
    CREATE TEMP VIEW links AS SELECT flow, source_id, target_id, link_hint(digest, ${position}) AS hint FROM main.links;
    CREATE TEMP VIEW link_values AS SELECT flow, source_id, source_values, target_values FROM main.links;
  `);
}

function createStore(db: Database.Database): StateStore {
  const selectFlow = db.prepare('SELECT id FROM flows WHERE key = ?').pluck();
  const insertFlow = db.prepare('INSERT INTO flows (key) VALUES (?)');
  // One row: the ids and one concatenation of hints. Far cheaper than 100,000 rows through the driver,
  // and than SQLite formatting 100,000 digests and positions as numbers. Target ids come joined (no
  // string per id until one is needed) when all are text without the separator, else (in a second
  // query: only the columns of one query come in one row order) as a JSON array.
  const linksQuery = (targets: string) =>
    db
      .prepare(
        `SELECT json_group_array(source_id), group_concat(hint, ''), count(*),
           sum(typeof(target_id) <> 'text'), ${targets}
         FROM links WHERE flow = ?`,
      )
      .raw();
  const selectLinks = linksQuery('group_concat(target_id, char(31))');
  const selectLinksTargetArray = linksQuery('json_group_array(target_id)');
  const selectSnapshot = db.prepare(
    'SELECT source_values AS source, target_values AS target FROM link_values WHERE flow = ? AND source_id = ?',
  );
  const selectSnapshots = db
    .prepare(
      `SELECT source_id, source_values, target_values FROM link_values
       WHERE flow = ? AND source_id IN (SELECT value FROM json_each(?))`,
    )
    .raw();
  // Prepared at the first write: a read-only opening of a first-format file has views here, which take no writes.
  let linkWrites: ReturnType<typeof prepareLinkWrites> | undefined;
  const prepareLinkWrites = () => ({
    updateLink: db.prepare('UPDATE links SET hint = ? WHERE flow = ? AND source_id = ? AND target_id = ?'),
    upsertLink: db.prepare(
      `INSERT INTO links (flow, source_id, target_id, hint) VALUES (?, ?, ?, ?)
       ON CONFLICT (flow, source_id) DO UPDATE SET target_id = excluded.target_id, hint = excluded.hint`,
    ),
    updateValues: db.prepare('UPDATE link_values SET source_values = ?, target_values = ? WHERE flow = ? AND source_id = ?'),
    upsertValues: db.prepare(
      `INSERT INTO link_values (flow, source_id, source_values, target_values) VALUES (?, ?, ?, ?)
       ON CONFLICT (flow, source_id) DO UPDATE SET source_values = excluded.source_values, target_values = excluded.target_values`,
    ),
  });
  const selectLinked = db.prepare('SELECT 1 FROM links WHERE flow = ? AND source_id = ?').pluck();
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
    const { updateLink, upsertLink, updateValues, upsertValues } = (linkWrites ??= prepareLinkWrites());
    for (const link of links) {
      // Updates in place are cheaper than upserts; a link that is not (or no longer) there is inserted.
      const sourceId = bindId(link.sourceId);
      const hint = encodeLinkHint(link.digest, link.targetPosition);
      if (link.stored && updateLink.run(hint, flow, sourceId, bindId(link.targetId)).changes === 1) {
        if (updateValues.run(link.source, link.target, flow, sourceId).changes === 1) continue;
      } else {
        upsertLink.run(flow, sourceId, bindId(link.targetId), hint);
      }
      upsertValues.run(flow, sourceId, link.source, link.target);
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
      type Row = [string, string | null, number, number | null, string | null];
      let [sources, hints, count, untyped, targets] = selectLinks.get(flow) as Row;
      if (count === 0) return LinkTable.empty();
      // Ids that are not all text, or a text id holding the separator: the JSON array instead.
      const joined = untyped ? undefined : JoinedIds.split(targets!, count);
      if (!joined) [sources, hints, count, untyped, targets] = selectLinksTargetArray.get(flow) as Row;
      return new LinkTable(
        JSON.parse(sources) as RecordId[],
        joined ?? idArray(JSON.parse(targets!) as RecordId[]),
        new LinkHints(hints ?? ''),
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
