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
 * Incremental reads keep, per spec, system and entity (a feed), the cursor
 * of the change stream and a mirror of the records last seen, so a run that
 * fetches only changes still matches against every record.
 *
 * Format versions (`PRAGMA user_version`): 3 is this one (2 plus `feeds` and
 * `mirror`); 0 is the first format (values inside `links`). Older formats are
 * migrated on the first writable opening and read (through temporary views
 * and tables) by a read-only one.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AnyRecord } from '../flow.js';
import type { RecordId } from './ids.js';
import { encodeLinkHint, LinkHints } from './link-hint.js';
import { LinkTable } from './link-table.js';
import { idArray, JoinedIds } from './joined-ids.js';
import { coverageMethods, type CoverageMethods } from './coverage-table.js';
import { jsonText } from './json-text.js';
import { isAlive } from './process-alive.js';

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
  /** The source's mapped values when the create was decided (a source snapshot), when known. */
  sourceValues?: string | null;
  /** The create may have reached the system: it was about to be sent, or sent, or failed in a way that may have created it. */
  sent?: boolean;
  /** The id the system gave the record, stored as soon as the create returned. */
  createdId?: RecordId;
}

export interface PendingIntents {
  intents: Intent[];
  /** batch -> the target ids that existed before the batch's creates. */
  known: Map<string, Set<RecordId>>;
}

export type IntentDrop = 'all' | 'none' | { batch: string; resolved?: readonly RecordId[] };

/** Where an entity's change stream was read up to, and for which mapped paths. */
export interface FeedState {
  /** Fingerprint of the paths fetched: a different one means the mirror must be read in full again. */
  scope: string;
  cursor: { at: string; id: string } | null;
  /** Incremental runs since the last full read. */
  runs: number;
}

/** A flow's state as `dataflow state list` shows it. */
export interface FlowSummary {
  key: string;
  links: number;
  intents: number;
  /** Sync runs whose coverage counts the flow holds (`dataflow coverage`); absent when it holds none. */
  coverageRuns?: number;
}

/** Besides links, values, intents and feeds: the coverage counts of real runs (coverage-table.ts). */
export interface StateStore extends CoverageMethods {
  /** The flow's links (without their last-synced values, see `loadSnapshots`). */
  loadLinks(flowKey: string): LinkTable;
  loadSnapshot(flowKey: string, sourceId: RecordId): Snapshot | undefined;
  /** The last-synced values of several links in one query. */
  loadSnapshots(flowKey: string, sourceIds: readonly RecordId[]): Map<RecordId, Snapshot>;
  loadIntents(flowKey: string): PendingIntents;
  /**
   * Records intents (and the targets known before them) in one transaction, before any create;
   * the first `sending` of them (in order) may be sent from then on.
   */
  recordIntents(
    flowKey: string,
    batch: string,
    knownTargets: readonly RecordId[],
    intents: readonly Omit<Intent, 'batch' | 'sent' | 'createdId'>[],
    sending?: number,
  ): void;
  /**
   * One small transaction as creates return: the ids the system gave (`created`, source id -> target
   * id), and how many of the batch's intents (in order) may be sent from now on. So only the creates
   * in flight at a crash have an unknown id.
   */
  settleIntents(flowKey: string, batch: string, created: readonly (readonly [RecordId, RecordId])[], sending: number): void;
  /**
   * Writes links and drops intents in one transaction: all of the flow's, a
   * whole batch, or only the resolved ones of a batch (a create that failed
   * keeps its intent: it may have happened all the same).
   */
  commit(flowKey: string, links: readonly LinkWrite[], drop: IntentDrop): void;
  /**
   * Keeps links for the flow's next `commit`, which writes them before its own: a run that writes in
   * chunks to a system that is durable only at its `flush` stores its links once, after the flush.
   * They live in a temporary table of this connection, so a crash forgets them (the intents recover).
   */
  stageLinks(flowKey: string, links: readonly LinkWrite[]): void;
  /** Forgets the staged links of a flow (a run that stopped before its commit). */
  clearStaged(flowKey: string): void;
  /** Whether a source record is linked in a flow. */
  isLinked(flowKey: string, sourceId: RecordId): boolean;
  /** A feed's cursor, undefined before its first read. */
  loadFeed(feedKey: string): FeedState | undefined;
  /** The records of a feed's mirror, in id order. */
  loadMirror(feedKey: string): AnyRecord[];
  /** Stores a page of changes and the cursor after it in one transaction (`full`: the page replaces the mirror). */
  storeFeedPage(feedKey: string, page: { records: readonly AnyRecord[]; cursor: FeedState['cursor']; scope: string; full?: boolean }): void;
  /** Counts a run that read the feed incrementally. */
  countFeedRun(feedKey: string, full: boolean): void;
  /** Upserts records into a feed's mirror (the run's own writes). */
  putMirror(feedKey: string, records: readonly AnyRecord[]): void;
  /** Runs `fn` in one transaction (nested ones join it). */
  transaction<T>(fn: () => T): T;
  /** Every flow with state, in key order. */
  listFlows(): FlowSummary[];
  /** Every feed key, in order. */
  listFeeds(): string[];
  /**
   * Renames state: a flow key (`spec/flow`: its links, values, intents and coverage counts) or
   * a whole spec (`spec`: its flows and feeds); `to` must have none.
   */
  moveState(from: string, to: string): void;
  /** Deletes a flow's state (links, values, intents, coverage counts). */
  dropState(flowKey: string): void;
  /** Notes about flows and specs (`flow:<key>` its entities, `spec:<slug>` the spec text last synced). */
  getNote(key: string): string | undefined;
  setNote(key: string, value: string): void;
  /**
   * Takes the run lock of a scope (a spec), or throws `StateLockedError` naming the run that holds
   * it; returns the release. A holder that is gone (a killed process on this machine) is taken over.
   */
  lock(scope: string): () => void;
  close(): void;
}

/** Another run holds the scope's lock: two runs of one spec on one state would create twice. */
export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
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

const FORMAT = 4;

const FEED_TABLES = `
CREATE TABLE IF NOT EXISTS feeds (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  cursor_at TEXT,
  cursor_id TEXT,
  runs INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mirror (
  feed INTEGER NOT NULL,
  id NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (feed, id)
) WITHOUT ROWID;
`;

/**
 * Format 4 added the source's values to intents, to batches how many of their intents may have been
 * sent (NULL, as in older files: all), and the ids creates were given, one row per write.
 */
const INTENT_TABLES = `
CREATE TABLE IF NOT EXISTS intent_ids (
  flow INTEGER NOT NULL,
  batch TEXT NOT NULL,
  -- JSON [[source id, created id], ...]
  ids TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS intent_ids_by_flow ON intent_ids (flow, batch);
`;

/**
 * The run lock: one row per scope while a sync of it runs. Kept in the state
 * file itself (taken in a BEGIN IMMEDIATE transaction, so two processes cannot
 * both see it free): it moves with the file, needs no lock file beside it, and
 * a row left by a killed process is recognised by its pid and taken over.
 */
const LOCK_TABLE = `
CREATE TABLE IF NOT EXISTS sync_locks (scope TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL, token TEXT NOT NULL);
`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flows (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
${LINK_TABLES}
CREATE TABLE IF NOT EXISTS intents (
  flow INTEGER NOT NULL,
  source_id NOT NULL,
  batch TEXT NOT NULL,
  target_values TEXT NOT NULL,
  seq INTEGER NOT NULL,
  source_values TEXT,
  PRIMARY KEY (flow, source_id)
);
CREATE TABLE IF NOT EXISTS intent_batches (
  flow INTEGER NOT NULL,
  batch TEXT NOT NULL,
  known_targets TEXT NOT NULL,
  sent_below INTEGER,
  PRIMARY KEY (flow, batch)
);
${INTENT_TABLES}
${FEED_TABLES}
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
      const format = checkFormat(db, file);
      if (format < 2) readOldFormat(db);
      // Before format 3 there were no feeds: empty temporary ones (a read-only file takes no tables).
      if (format < 3) db.exec(FEED_TABLES.replaceAll('CREATE TABLE IF NOT EXISTS', 'CREATE TEMP TABLE IF NOT EXISTS'));
    } else {
      // No state yet: an empty state that lives in memory.
      db = new Database(':memory:');
      migrate(db);
    }
  } else {
    if (file !== ':memory:') {
      // Refused before anything is written (WAL mode alone rewrites the header): a file that is not a state stays as it is.
      openToRead(file)?.close();
      mkdirSync(dirname(file), { recursive: true });
    }
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Room for a large flow's links in memory: a 100,000-link transaction otherwise thrashes the default 2 MB cache.
    db.pragma('cache_size = -65536');
    // Another process writing: wait for it (a commit is short) rather than fail at once.
    db.pragma('busy_timeout = 10000');
    if (checkFormat(db, file) < FORMAT) db.transaction(() => migrate(db))();
    // Not a format change: older code ignores the table.
    db.exec(LOCK_TABLE);
  }
  return createStore(db);
}

/**
 * The state file opened read-only, or undefined when there is none yet (no file, or an SQLite database
 * with no tables: a new one). Anything else that is not a dataflow state (a text file, a damaged file,
 * another program's database) is a StateFileError naming it, and the file is left as it is: taken for an
 * empty state, a run would create every record again, and a write would add this store's tables to it.
 */
function openToRead(file: string): Database.Database | undefined {
  if (!existsSync(file)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = openReadOnly(file);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    if (tables.length === 0 && db.pragma('user_version', { simple: true }) === 0) {
      db.close();
      return undefined;
    }
    checkFormat(db, file);
    const ours = tables.includes('links') && tables.includes('meta') && db.prepare("SELECT 1 FROM meta WHERE key = 'schema'").get() !== undefined;
    if (!ours) {
      const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, ... (${tables.length} tables)` : '');
      throw new StateFileError(
        `${file}: the sync state cannot be used: it is not a dataflow state file but another SQLite database (tables: ${shown}); the file was left as it is`,
      );
    }
    return db;
  } catch (error) {
    if (db?.open) db.close();
    if (error instanceof StateFileError) throw error;
    const code = (error as { code?: unknown }).code;
    const why = code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? 'it is not a dataflow state file, or it is damaged' : 'it cannot be read';
    throw new StateFileError(`${file}: the sync state cannot be used: ${why} (${String(code)}: ${(error as Error).message}); the file was left as it is`);
  }
}

/**
 * The file opened read-only, also on a read-only disk: there a file in WAL mode cannot get the shared-memory
 * file SQLite reads it through, so it is read from a copy in memory (all a clean close left is in the file;
 * a log a killed writer left is not, and such a file is refused).
 */
function openReadOnly(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get();
    return db;
  } catch (error) {
    db?.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_CANTOPEN' || (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0) throw error;
    const bytes = readFileSync(file);
    // Header bytes 18 and 19 say WAL (2), which a copy in memory cannot use; the rollback journal's 1 reads the same pages.
    if (bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
    return new Database(bytes, { readonly: true });
  }
}

/** A `state move` or `state drop` that cannot be done (nothing to move, or the target has state). */
export class StateMoveError extends Error {
  override readonly name = 'StateMoveError';
}

/** A state file this version cannot use: not a dataflow state, damaged, or written by a newer dataflow. */
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

/**
 * Format 0 (last-synced values inside `links`, maybe no `target_position` yet)
 * or 2 (no feeds) to this one, or a new file to this one.
 */
function migrate(db: Database.Database): void {
  const old = columnsOf(db, 'links');
  if (old.length > 0 && !old.includes('hint')) {
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
  if (columnsOf(db, 'intents').length > 0 && !columnsOf(db, 'intents').includes('source_values')) db.exec('ALTER TABLE intents ADD COLUMN source_values TEXT');
  if (columnsOf(db, 'intent_batches').length > 0 && !columnsOf(db, 'intent_batches').includes('sent_below')) {
    db.exec('ALTER TABLE intent_batches ADD COLUMN sent_below INTEGER');
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
    // A system may give a new record the id of one deleted since (the next integer after the highest):
    // a link still holding that id is stale, and would tie its source to the new record.
    // One probe of the target index per new link; the stale link's values (rare) only when there was one.
    staleLink: db.prepare('DELETE FROM links WHERE flow = ? AND target_id = ? AND source_id <> ? RETURNING source_id').pluck(),
    staleLinkValues: db.prepare('DELETE FROM link_values WHERE flow = ? AND source_id = ?'),
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
  // A read-only opening of a file before format 4: intents without source values, all may have been sent, no ids.
  const format4 = columnsOf(db, 'intents').includes('source_values');
  const selectIntents = db
    .prepare(`SELECT source_id, target_values, batch, seq, ${format4 ? 'source_values' : 'NULL'} FROM intents WHERE flow = ? ORDER BY seq`)
    .raw();
  const selectBatches = db.prepare(`SELECT batch, known_targets, ${format4 ? 'sent_below' : 'NULL'} FROM intent_batches WHERE flow = ?`).raw();
  const selectIntentIds = format4 ? db.prepare('SELECT batch, ids FROM intent_ids WHERE flow = ? ORDER BY rowid').raw() : undefined;
  let intentWrites: ReturnType<typeof prepareIntentWrites> | undefined;
  const prepareIntentWrites = () => ({
    // Each statement takes a JSON array of rows (one statement, not one per intent: 50,000 creates
    // would otherwise cost more in the driver than in SQLite). JSON keeps 1 and "1" apart.
    insertIntents: db.prepare(
      `INSERT OR REPLACE INTO intents (flow, source_id, batch, target_values, seq, source_values)
       SELECT ?, j.value ->> 0, ?, j.value ->> 1, j.key, j.value ->> 2 FROM json_each(?) AS j`,
    ),
    insertIds: db.prepare('INSERT INTO intent_ids (flow, batch, ids) VALUES (?, ?, ?)'),
    setSent: db.prepare('UPDATE intent_batches SET sent_below = max(coalesce(sent_below, 0), ?) WHERE flow = ? AND batch = ?'),
    deleteIds: db.prepare('DELETE FROM intent_ids WHERE flow = ?'),
    deleteBatchIds: db.prepare('DELETE FROM intent_ids WHERE flow = ? AND batch = ?'),
  });
  let insertBatch: Database.Statement | undefined;
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

  const knownTexts = new WeakMap<readonly RecordId[], string>();
  const recordIntents = db.transaction(
    (flowKey: string, batch: string, known: readonly RecordId[], intents: readonly Omit<Intent, 'batch'>[], sending: number) => {
      const flow = flowId(flowKey, true)!;
      const { insertIntents } = (intentWrites ??= prepareIntentWrites());
      insertBatch ??= db.prepare('INSERT OR REPLACE INTO intent_batches (flow, batch, known_targets, sent_below) VALUES (?, ?, ?, ?)');
      // One run passes one list to every chunk's batch (a million targets: 10 MB of text): made once.
      let knownText = knownTexts.get(known);
      if (knownText === undefined) knownTexts.set(known, (knownText = JSON.stringify(known)));
      insertBatch.run(flow, batch, knownText, sending);
      insertIntents.run(flow, batch, JSON.stringify(intents.map((intent) => [intent.sourceId, intent.values, intent.sourceValues ?? null])));
    },
  );

  const settleIntents = db.transaction(
    (flowKey: string, batch: string, created: readonly (readonly [RecordId, RecordId])[], sending: number) => {
      const flow = flowId(flowKey, true)!;
      const { insertIds, setSent } = (intentWrites ??= prepareIntentWrites());
      if (created.length > 0) insertIds.run(flow, batch, JSON.stringify(created));
      setSent.run(sending, flow, batch);
    },
  );

  const writeLink = (flow: number, source: RecordId, target: RecordId, hint: string, values: Snapshot, stored: boolean | undefined) => {
    const { updateLink, upsertLink, updateValues, upsertValues, staleLink, staleLinkValues } = (linkWrites ??= prepareLinkWrites());
    // Updates in place are cheaper than upserts; a link that is not (or no longer) there is inserted.
    const sourceId = bindId(source);
    if (stored && updateLink.run(hint, flow, sourceId, bindId(target)).changes === 1) {
      if (updateValues.run(values.source, values.target, flow, sourceId).changes === 1) return;
    } else {
      const targetId = bindId(target);
      if (!stored) {
        const stale = staleLink.get(flow, targetId, sourceId) as RecordId | undefined;
        if (stale !== undefined) staleLinkValues.run(flow, stale);
      }
      upsertLink.run(flow, sourceId, targetId, hint);
    }
    upsertValues.run(flow, sourceId, values.source, values.target);
  };

  // Staged links (stageLinks): a temporary table, created at the first use.
  const stagedFlows = new Set<string>();
  let staging: ReturnType<typeof prepareStaging> | undefined;
  const prepareStaging = () => {
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS staged_links (flow_key TEXT NOT NULL, source_id NOT NULL, target_id NOT NULL, hint TEXT NOT NULL, source_values, target_values, stored INTEGER NOT NULL)',
    );
    return {
      insert: db.prepare(
        `INSERT INTO temp.staged_links (flow_key, source_id, target_id, hint, source_values, target_values, stored)
         SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5 FROM json_each(?) AS j`,
      ),
      page: db
        .prepare('SELECT rowid, source_id, target_id, hint, source_values, target_values, stored FROM temp.staged_links WHERE flow_key = ? AND rowid > ? ORDER BY rowid LIMIT 5000')
        .raw(),
      clear: db.prepare('DELETE FROM temp.staged_links WHERE flow_key = ?'),
    };
  };
  const stageLinks = db.transaction((flowKey: string, links: readonly LinkWrite[]) => {
    staging ??= prepareStaging();
    stagedFlows.add(flowKey);
    // One statement for the chunk, as for intents; JSON keeps 1 and "1" apart.
    const rows = links.map((l) => [l.sourceId, l.targetId, encodeLinkHint(l.digest, l.targetPosition), l.source, l.target, l.stored ? 1 : 0]);
    staging.insert.run(flowKey, JSON.stringify(rows));
  });
  const clearStaged = (flowKey: string) => {
    if (!stagedFlows.delete(flowKey)) return;
    staging!.clear.run(flowKey);
  };
  /** Writes the staged links of a flow, a page at a time (a page is read whole before it is written). */
  const writeStaged = (flowKey: string, flow: number) => {
    if (!stagedFlows.has(flowKey)) return;
    type Row = [number, RecordId, RecordId, string, string | null, string | null, number];
    for (let after = 0; ; ) {
      const rows = staging!.page.all(flowKey, after) as Row[];
      if (rows.length === 0) break;
      for (const [, source, target, hint, sourceValues, targetValues, stored] of rows) {
        writeLink(flow, source, target, hint, { source: sourceValues, target: targetValues }, stored === 1);
      }
      after = rows[rows.length - 1]![0];
    }
    clearStaged(flowKey);
  };

  const commit = db.transaction((flowKey: string, links: readonly LinkWrite[], drop: IntentDrop) => {
    const flow = flowId(flowKey, true)!;
    writeStaged(flowKey, flow);
    for (const link of links) writeLink(flow, link.sourceId, link.targetId, encodeLinkHint(link.digest, link.targetPosition), link, link.stored);
    if (drop === 'all') {
      deleteIntents.run(flow);
      (intentWrites ??= prepareIntentWrites()).deleteIds.run(flow);
      deleteBatches.run(flow);
    } else if (drop !== 'none' && drop.resolved) {
      for (const sourceId of drop.resolved) deleteIntent.run(flow, sourceId);
    } else if (drop !== 'none') {
      deleteBatchIntents.run(flow, drop.batch);
      (intentWrites ??= prepareIntentWrites()).deleteBatchIds.run(flow, drop.batch);
      deleteBatch.run(flow, drop.batch);
    }
  });

  const selectFeed = db.prepare('SELECT id, scope, cursor_at, cursor_id, runs FROM feeds WHERE key = ?').raw();
  const insertFeed = db.prepare('INSERT INTO feeds (key, scope) VALUES (?, ?)');
  const selectMirror = db.prepare("SELECT '[' || group_concat(record, ',') || ']' FROM mirror WHERE feed = ?").pluck();
  let feedWrites: ReturnType<typeof prepareFeedWrites> | undefined;
  const prepareFeedWrites = () => ({
    upsertMirror: db.prepare(
      'INSERT INTO mirror (feed, id, record) VALUES (?, ?, ?) ON CONFLICT (feed, id) DO UPDATE SET record = excluded.record',
    ),
    clearMirror: db.prepare('DELETE FROM mirror WHERE feed = ?'),
    setCursor: db.prepare('UPDATE feeds SET scope = ?, cursor_at = ?, cursor_id = ? WHERE id = ?'),
    countRun: db.prepare('UPDATE feeds SET runs = CASE WHEN ? THEN 0 ELSE runs + 1 END WHERE id = ?'),
  });
  const feedId = (key: string, scope: string): number => {
    const row = selectFeed.get(key) as [number, string, string | null, string | null, number] | undefined;
    return row ? row[0] : Number(insertFeed.run(key, scope).lastInsertRowid);
  };
  const putRecords = (feed: number, records: readonly AnyRecord[]) => {
    const { upsertMirror } = (feedWrites ??= prepareFeedWrites());
    for (const record of records) {
      const id = record.id;
      if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) continue;
      upsertMirror.run(feed, bindId(id), jsonText(record)!);
    }
  };
  const storeFeedPage = db.transaction(
    (key: string, page: { records: readonly AnyRecord[]; cursor: FeedState['cursor']; scope: string; full?: boolean }) => {
      const feed = feedId(key, page.scope);
      const writes = (feedWrites ??= prepareFeedWrites());
      if (page.full) writes.clearMirror.run(feed);
      putRecords(feed, page.records);
      writes.setCursor.run(page.scope, page.cursor?.at ?? null, page.cursor?.id ?? null, feed);
    },
  );
  const putMirror = db.transaction((key: string, records: readonly AnyRecord[]) => {
    const row = selectFeed.get(key) as [number] | undefined;
    if (row) putRecords(row[0], records);
  });
  const coverage = coverageMethods(db);
  const hasState = db.prepare(
    `SELECT (SELECT count(*) FROM links WHERE flow = flows.id) + (SELECT count(*) FROM intents WHERE flow = flows.id)
     FROM flows WHERE key = ?`,
  ).pluck();
  const selectNote = db.prepare("SELECT value FROM meta WHERE key = ?").pluck();
  const moveState = db.transaction((from: string, to: string) => {
    // A whole spec (no `/`): every flow, feed and note under it; else one flow.
    const whole = !from.includes('/');
    const rename = (key: string) => (whole ? to + key.slice(from.length) : to);
    const flowKeys = (db.prepare('SELECT key FROM flows WHERE key = ? OR (? AND substr(key, 1, ?) = ?)').pluck().all(from, whole ? 1 : 0, from.length + 1, `${from}/`) as string[])
      .filter((key) => ((hasState.get(key) as number | undefined) ?? 0) > 0);
    const feedKeys = whole ? (db.prepare('SELECT key FROM feeds WHERE substr(key, 1, ?) = ?').pluck().all(from.length + 1, `${from}/`) as string[]) : [];
    // Coverage counts go with their flow (also a flow that has counts and no links: one that never creates).
    const counted = coverage.coverageKeys(from, whole);
    if (flowKeys.length + feedKeys.length + counted.length === 0) throw new StateMoveError(`${from}: no such state`);
    const busy = (target: string) =>
      ((hasState.get(target) as number | undefined) ?? 0) > 0 || coverage.coverageKeys(target, false).length > 0;
    for (const key of new Set([...flowKeys, ...counted])) if (busy(rename(key))) throw new StateMoveError(`${rename(key)} has state already; drop or move it first`);
    for (const key of flowKeys) {
      const target = rename(key);
      db.prepare('DELETE FROM flows WHERE key = ?').run(target);
      db.prepare('UPDATE flows SET key = ? WHERE key = ?').run(target, key);
      db.prepare('UPDATE OR REPLACE meta SET key = ? WHERE key = ?').run(`flow:${target}`, `flow:${key}`);
    }
    for (const key of counted) coverage.renameCoverage(key, rename(key));
    for (const key of feedKeys) {
      db.prepare('DELETE FROM mirror WHERE feed = (SELECT id FROM feeds WHERE key = ?)').run(rename(key));
      db.prepare('DELETE FROM feeds WHERE key = ?').run(rename(key));
      db.prepare('UPDATE feeds SET key = ? WHERE key = ?').run(rename(key), key);
    }
    if (whole) db.prepare('UPDATE OR REPLACE meta SET key = ? WHERE key = ?').run(`spec:${to}`, `spec:${from}`);
    flowIds.clear();
  });
  const dropState = db.transaction((key: string) => {
    const flow = selectFlow.get(key) as number | undefined;
    const counted = coverage.coverageKeys(key, false).length > 0;
    if (flow === undefined && !counted) throw new StateMoveError(`${key}: no such state`);
    if (flow !== undefined) for (const table of ['links', 'link_values', 'intents', 'intent_batches', 'intent_ids']) db.prepare(`DELETE FROM ${table} WHERE flow = ?`).run(flow);
    coverage.dropCoverage(key);
    db.prepare('DELETE FROM meta WHERE key = ?').run(`flow:${key}`);
  });

  const lock = (scope: string): (() => void) => {
    const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const take = db.transaction(() => {
      const held = db.prepare('SELECT pid, host, since FROM sync_locks WHERE scope = ?').get(scope) as
        | { pid: number; host: string; since: string }
        | undefined;
      if (held && isAlive(held.pid, held.host)) {
        throw new StateLockedError(
          `another dataflow sync of ${JSON.stringify(scope)} is running on this state (pid ${held.pid} on ${held.host}, since ${held.since}); ` +
            'wait for it to finish, or remove its row from sync_locks if that process is gone',
        );
      }
      db.prepare('INSERT OR REPLACE INTO sync_locks (scope, pid, host, since, token) VALUES (?, ?, ?, ?, ?)').run(
        scope,
        process.pid,
        hostname(),
        new Date().toISOString(),
        token,
      );
    });
    take.immediate();
    return () => {
      if (db.open) db.prepare('DELETE FROM sync_locks WHERE scope = ? AND token = ?').run(scope, token);
    };
  };

  return {
    lock,
    loadFeed(key) {
      const row = selectFeed.get(key) as [number, string, string | null, string | null, number] | undefined;
      if (!row) return undefined;
      const [, scope, at, id, runs] = row;
      return { scope, cursor: at === null ? null : { at, id: id ?? '' }, runs };
    },
    loadMirror(key) {
      const row = selectFeed.get(key) as [number] | undefined;
      if (!row) return [];
      const text = selectMirror.get(row[0]) as string | null;
      return text === null ? [] : (JSON.parse(text) as AnyRecord[]);
    },
    storeFeedPage: (key, page) => storeFeedPage(key, page),
    countFeedRun(key, full) {
      const row = selectFeed.get(key) as [number] | undefined;
      if (row) (feedWrites ??= prepareFeedWrites()).countRun.run(full ? 1 : 0, row[0]);
    },
    putMirror: (key, records) => putMirror(key, records),
    transaction: (fn) => db.transaction(fn)(),
    listFlows() {
      const rows = db
        .prepare(
          `SELECT key, (SELECT count(*) FROM links WHERE flow = flows.id), (SELECT count(*) FROM intents WHERE flow = flows.id)
           FROM flows ORDER BY key`,
        )
        .raw()
        .all() as [string, number, number][];
      const runs = coverage.coverageRuns();
      return rows
        .filter(([, links, intents]) => links + intents > 0)
        .map(([key, links, intents]) => ({ key, links, intents, ...(runs.has(key) ? { coverageRuns: runs.get(key)! } : {}) }));
    },
    listFeeds: () => db.prepare('SELECT key FROM feeds ORDER BY key').pluck().all() as string[],
    moveState: (from, to) => moveState(from, to),
    dropState: (key) => dropState(key),
    getNote(key) {
      try {
        return selectNote.get(`${key}`) as string | undefined;
      } catch {
        return undefined;
      }
    },
    setNote(key, value) {
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    },
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
      const ids = new Map<string, RecordId>();
      const idKey = (batch: string, source: RecordId) => `${batch}\u0000${JSON.stringify(source)}`;
      for (const [batch, text] of (selectIntentIds?.all(flow) ?? []) as [string, string][]) {
        for (const [source, target] of JSON.parse(text) as [RecordId, RecordId][]) ids.set(idKey(batch, source), target);
      }
      const sentBelow = new Map<string, number | null>();
      // The chunks of one run share their known targets (the listing's): one set for them all.
      const sets = new Map<string, Set<RecordId>>();
      for (const [batch, text, below] of selectBatches.all(flow) as [string, string, number | null][]) {
        let set = sets.get(text);
        if (!set) sets.set(text, (set = new Set(JSON.parse(text) as RecordId[])));
        known.set(batch, set);
        sentBelow.set(batch, below);
      }
      type Row = [RecordId, string, string, number, string | null];
      const intents = (selectIntents.all(flow) as Row[]).map(([sourceId, values, batch, seq, sourceValues]): Intent => {
        const below = sentBelow.get(batch) ?? null;
        const createdId = ids.get(idKey(batch, sourceId));
        return {
          sourceId,
          values,
          batch,
          sourceValues,
          sent: below === null || seq < below,
          ...(createdId === undefined ? {} : { createdId }),
        };
      });
      return { intents, known };
    },
    recordIntents: (flowKey, batch, known, intents, sending = intents.length) => recordIntents(flowKey, batch, known, intents, sending),
    settleIntents: (flowKey, batch, created, sending) => settleIntents(flowKey, batch, created, sending),
    commit: (flowKey, links, drop) => commit(flowKey, links, drop),
    stageLinks: (flowKey, links) => stageLinks(flowKey, links),
    clearStaged: (flowKey) => clearStaged(flowKey),
    isLinked(flowKey, sourceId) {
      const flow = flowId(flowKey, false);
      return flow !== undefined && selectLinked.get(flow, sourceId) !== undefined;
    },
    addCoverage: coverage.addCoverage,
    loadCoverage: coverage.loadCoverage,
    close: () => db.close(),
  };
}
