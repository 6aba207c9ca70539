/**
 * The coverage counts in the sync state: one row per flow key and item,
 * added to on every run. The table is created on the first write, so state
 * files of any format gain it without a migration, and a file without it
 * reads as no coverage.
 */
import type Database from 'better-sqlite3';

const TABLE = `CREATE TABLE IF NOT EXISTS coverage (
  flow TEXT NOT NULL,
  item TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (flow, item)
) WITHOUT ROWID`;

export interface CoverageMethods {
  /** Adds a run's counts to a flow's (one transaction). */
  addCoverage(flowKey: string, counts: ReadonlyMap<string, number>): void;
  /** Counts of every flow whose key is `prefix` or starts with `prefix/` (every flow for ""), by flow key then item. */
  loadCoverage(prefix: string): Map<string, Map<string, number>>;
}

/** What `state move|drop|list` need of the counts (inside their own transactions). */
export interface CoverageKeys {
  /** Flow keys with counts: `key` itself, and with `whole` every key under `key/`. */
  coverageKeys(key: string, whole: boolean): string[];
  /** Gives a flow's counts to another key (which has none). */
  renameCoverage(from: string, to: string): void;
  dropCoverage(key: string): void;
  /** Runs counted per flow key. */
  coverageRuns(): Map<string, number>;
}

export function coverageMethods(db: Database.Database): CoverageMethods & CoverageKeys {
  let upsert: Database.Statement | undefined;
  const exists = () => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'coverage'").get() !== undefined;
  return {
    coverageKeys(key, whole) {
      if (!exists()) return [];
      return db
        .prepare('SELECT DISTINCT flow FROM coverage WHERE flow = ? OR (? AND substr(flow, 1, ?) = ?) ORDER BY flow')
        .pluck()
        .all(key, whole ? 1 : 0, key.length + 1, `${key}/`) as string[];
    },
    renameCoverage(from, to) {
      if (exists()) db.prepare('UPDATE coverage SET flow = ? WHERE flow = ?').run(to, from);
    },
    dropCoverage(key) {
      if (exists()) db.prepare('DELETE FROM coverage WHERE flow = ?').run(key);
    },
    coverageRuns() {
      if (!exists()) return new Map();
      return new Map(db.prepare("SELECT flow, count FROM coverage WHERE item = 'runs'").raw().all() as [string, number][]);
    },
    addCoverage(flowKey, counts) {
      if (!upsert) {
        db.exec(TABLE);
        upsert = db.prepare('INSERT INTO coverage (flow, item, count) VALUES (?, ?, ?) ON CONFLICT (flow, item) DO UPDATE SET count = count + excluded.count');
      }
      const statement = upsert;
      db.transaction(() => {
        for (const [item, n] of counts) if (n > 0) statement.run(flowKey, item, n);
      })();
    },
    loadCoverage(prefix) {
      const result = new Map<string, Map<string, number>>();
      if (!exists()) return result;
      const rows = (
        prefix === ''
          ? db.prepare('SELECT flow, item, count FROM coverage ORDER BY flow, item').raw().all()
          : db
              .prepare("SELECT flow, item, count FROM coverage WHERE flow = ? OR substr(flow, 1, length(?) + 1) = ? || '/' ORDER BY flow, item")
              .raw()
              .all(prefix, prefix, prefix)
      ) as [string, string, number][];
      for (const [flow, item, count] of rows) {
        let items = result.get(flow);
        if (!items) result.set(flow, (items = new Map()));
        items.set(item, count);
      }
      return result;
    },
  };
}
