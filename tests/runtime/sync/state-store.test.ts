import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore, StateFileError } from '../../../runtime/sync/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-state-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite state store', () => {
  it('a new link to a target id a stale link holds replaces that link and its values', () => {
    const store = openStateStore(':memory:');
    store.commit('f', [{ sourceId: 1, targetId: 7, source: '{"a":1}', target: '{"a":1}', digest: 1 }, { sourceId: 2, targetId: 8, source: '{"a":2}', target: '{"a":2}', digest: 2 }], 'none');
    // The system gave deleted record 7's id to a new record, now linked to source 3.
    store.commit('f', [{ sourceId: 3, targetId: 7, source: '{"a":3}', target: '{"a":3}', digest: 3 }], 'none');
    expect(store.loadLinks('f').entries()).toEqual([
      [2, { target: 8, digest: 2, position: null }],
      [3, { target: 7, digest: 3, position: null }],
    ]);
    expect(store.loadSnapshot('f', 1)).toBeUndefined();
    expect(store.loadSnapshot('f', 3)).toEqual({ source: '{"a":3}', target: '{"a":3}' });
    // The same link written again (not marked stored) keeps itself.
    store.commit('f', [{ sourceId: 3, targetId: 7, source: '{"a":4}', target: '{"a":4}', digest: 4 }], 'none');
    expect(store.loadSnapshot('f', 3)).toEqual({ source: '{"a":4}', target: '{"a":4}' });
    expect(store.loadLinks('f').size).toBe(2);
  });

  it('keeps links and last-synced values across openings, per flow', () => {
    const file = join(tempDir(), 'nested', 'state.db');
    const store = openStateStore(file);
    store.commit('spec/a', [{ sourceId: 1, targetId: 'x', source: '{"name":"A"}', target: '{"name":"A"}', digest: 42 }], 'none');
    store.close();
    const again = openStateStore(file);
    expect(again.loadLinks('spec/a').entries()).toEqual([[1, { target: 'x', digest: 42, position: null }]]);
    expect(again.loadSnapshot('spec/a', 1)).toEqual({ source: '{"name":"A"}', target: '{"name":"A"}' });
    expect(again.loadLinks('spec/b').size).toBe(0);
    expect(again.isLinked('spec/a', 1)).toBe(true);
    expect(again.isLinked('spec/a', '1')).toBe(false);
    expect(again.isLinked('spec/a', 1)).toBe(true);
    again.close();
  });

  it('moves coverage counts with the state they belong to (a flow, a whole spec, a flow with counts and no links), and drops them with it', () => {
    const store = openStateStore(':memory:');
    const link = (sourceId: number) => ({ sourceId, targetId: sourceId, source: null, target: null, digest: null });
    store.commit('spec/a', [link(1)], 'none');
    store.addCoverage('spec/a', new Map([['runs', 2], ['row:to-target:x -> y', 5]]));
    store.commit('spec/b', [link(2)], 'none');
    store.addCoverage('spec/b', new Map([['runs', 1]]));
    // A flow that never creates and never linked anything: only counts.
    store.addCoverage('spec/never', new Map([['runs', 3], ['decision:not created: a link must be established first', 7]]));
    expect(store.listFlows()).toEqual([
      { key: 'spec/a', links: 1, intents: 0, coverageRuns: 2 },
      { key: 'spec/b', links: 1, intents: 0, coverageRuns: 1 },
    ]);

    store.moveState('spec/a', 'spec/a2');
    expect(store.loadCoverage('spec/a').size).toBe(0);
    expect(store.loadCoverage('spec/a2').get('spec/a2')).toEqual(new Map([['row:to-target:x -> y', 5], ['runs', 2]]));
    // Onto a flow that has counts already: refused, nothing changed.
    expect(() => store.moveState('spec/a2', 'spec/b')).toThrow(/spec\/b has state already/);
    store.addCoverage('other/c', new Map([['runs', 1]]));
    expect(() => store.moveState('spec/a2', 'other/c')).toThrow(/other\/c has state already/);
    expect(store.loadCoverage('spec/a2').get('spec/a2')?.get('runs')).toBe(2);
    store.moveState('spec/never', 'spec/never2');
    expect(store.loadCoverage('spec/never2').get('spec/never2')?.get('runs')).toBe(3);

    // A whole spec: every flow's counts.
    store.moveState('spec', 'renamed');
    expect([...store.loadCoverage('').keys()]).toEqual(['other/c', 'renamed/a2', 'renamed/b', 'renamed/never2']);
    expect(store.listFlows().map((f) => [f.key, f.coverageRuns])).toEqual([
      ['renamed/a2', 2],
      ['renamed/b', 1],
    ]);

    store.dropState('renamed/a2');
    store.dropState('renamed/never2');
    expect(() => store.dropState('renamed/never2')).toThrow(/no such state/);
    expect([...store.loadCoverage('').keys()]).toEqual(['other/c', 'renamed/b']);
  });

  it('moves and drops state in a file without a coverage table', () => {
    const store = openStateStore(':memory:');
    store.commit('spec/a', [{ sourceId: 1, targetId: 1, source: null, target: null, digest: null }], 'none');
    store.moveState('spec/a', 'spec/b');
    expect(store.listFlows()).toEqual([{ key: 'spec/b', links: 1, intents: 0 }]);
    store.dropState('spec/b');
    expect(store.listFlows()).toEqual([]);
  });

  it('keeps 53-bit digests exact', () => {
    const store = openStateStore(':memory:');
    const digests = [0, 1, 67_108_863, 67_108_864, 2 ** 52 + 12_345, Number.MAX_SAFE_INTEGER, null];
    store.commit('f', digests.map((digest, i) => ({ sourceId: i, targetId: i, source: null, target: null, digest })), 'none');
    expect(store.loadLinks('f').entries().map(([, link]) => link.digest)).toEqual(digests);
  });

  it('keeps intents until they are resolved, and the targets known before them', () => {
    const store = openStateStore(':memory:');
    store.recordIntents(
      'f',
      'b1',
      [1, '2'],
      [
        { sourceId: 10, values: '{}', sourceValues: '{"s":1}' },
        { sourceId: '11', values: '{"a":1}' },
      ],
      1,
    );
    const pending = store.loadIntents('f');
    expect(pending.intents).toEqual([
      { sourceId: 10, values: '{}', batch: 'b1', sourceValues: '{"s":1}', sent: true },
      { sourceId: '11', values: '{"a":1}', batch: 'b1', sourceValues: null, sent: false },
    ]);
    // As each create returns: its id, and the next to send.
    store.settleIntents('f', 'b1', [[10, 'created-10']], 2);
    expect(store.loadIntents('f').intents.map((i) => [i.sourceId, i.sent, i.createdId])).toEqual([
      [10, true, 'created-10'],
      ['11', true, undefined],
    ]);
    expect(pending.known.get('b1')).toEqual(new Set([1, '2']));
    store.commit('f', [], { batch: 'b1', resolved: [10] });
    expect(store.loadIntents('f').intents.map((i) => i.sourceId)).toEqual(['11']);
    store.commit('f', [], 'all');
    expect(store.loadIntents('f')).toEqual({ intents: [], known: new Map() });
  });

  it('a transaction that fails leaves nothing half written', () => {
    const store = openStateStore(':memory:');
    store.commit('f', [{ sourceId: 1, targetId: 'x', source: null, target: null, digest: null }], 'none');
    expect(() =>
      store.commit(
        'f',
        [
          { sourceId: 2, targetId: 'y', source: null, target: null, digest: null },
          { sourceId: 3, targetId: 'x', source: null, target: null, digest: null, stored: true }, // x is taken by 1
        ],
        'none',
      ),
    ).toThrow();
    expect(store.loadLinks('f').entries().map(([source]) => source)).toEqual([1]);
  });

  it('read-only (dry run) never creates the file', () => {
    const file = join(tempDir(), 'state.db');
    const store = openStateStore(file, { readonly: true });
    expect(store.loadLinks('f').size).toBe(0);
    store.close();
    expect(existsSync(file)).toBe(false);
  });

  it('read-only opens an existing state without changing it', () => {
    const file = join(tempDir(), 'state.db');
    const writer = openStateStore(file);
    writer.commit('f', [{ sourceId: 1, targetId: 2, source: null, target: null, digest: null }], 'none');
    writer.close();
    const reader = openStateStore(file, { readonly: true });
    expect(reader.loadLinks('f').size).toBe(1);
    expect(() => reader.commit('f', [], 'all')).toThrow(/readonly/);
    reader.close();
  });

  it('keeps target positions, and no position', () => {
    const store = openStateStore(':memory:');
    const positions = [0, 1, 255, 65_536, 2 ** 31 - 1, null];
    store.commit('f', positions.map((targetPosition, i) => ({ sourceId: i, targetId: i, source: null, target: null, digest: i, targetPosition })), 'none');
    expect(store.loadLinks('f').entries().map(([, link]) => link.position)).toEqual(positions);
  });

  it.each([
    ['text target ids (loaded joined)', ['x', '', 'é', 'a b', '😀']],
    ['text target ids holding the separator', ['x', 'a\x1fb', '']],
    ['number and text target ids', [1, '1', 2.5, 'y']],
  ])('keeps %s', (_name, targets) => {
    const store = openStateStore(':memory:');
    store.commit('f', targets.map((targetId, i) => ({ sourceId: i, targetId, source: null, target: null, digest: i, targetPosition: i })), 'none');
    const links = store.loadLinks('f');
    expect(links.entries().map(([, link]) => link.target)).toEqual(targets);
    targets.forEach((target, row) => {
      expect(links.targetIs(row, target)).toBe(true);
      expect(links.targetIs(row, `${target}.`)).toBe(false);
    });
  });

  describe('a state file of the first format (last-synced values inside links)', () => {
    const oldFile = (positions: boolean) => {
      const file = join(tempDir(), 'state.db');
      const db = new Database(file);
      db.exec(`
        CREATE TABLE flows (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
        CREATE TABLE links (flow INTEGER NOT NULL, source_id NOT NULL, target_id NOT NULL,
          digest INTEGER, source_values TEXT, target_values TEXT, PRIMARY KEY (flow, source_id)) WITHOUT ROWID;
        CREATE UNIQUE INDEX links_by_target ON links (flow, target_id);
        CREATE TABLE intents (flow INTEGER NOT NULL, source_id NOT NULL, batch TEXT NOT NULL, target_values TEXT NOT NULL,
          seq INTEGER NOT NULL, PRIMARY KEY (flow, source_id));
        CREATE TABLE intent_batches (flow INTEGER NOT NULL, batch TEXT NOT NULL, known_targets TEXT NOT NULL, PRIMARY KEY (flow, batch));
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta (key, value) VALUES ('schema', '1');
        INSERT INTO flows (id, key) VALUES (1, 'spec/a');
      `);
      if (positions) db.exec('ALTER TABLE links ADD COLUMN target_position INTEGER');
      const insert = db.prepare('INSERT INTO links (flow, source_id, target_id, digest, source_values, target_values) VALUES (?, ?, ?, ?, ?, ?)');
      insert.run(1, 1, 'x', 2 ** 52 + 7, '{"name":"A"}', '{"name":"a"}');
      insert.run(1, 'two', 2, null, null, null);
      db.exec(`INSERT INTO intents VALUES (1, 3, 'b', '{"name":"c"}', 0); INSERT INTO intent_batches VALUES (1, 'b', '[1]')`);
      if (positions) db.exec(`UPDATE links SET target_position = 5 WHERE source_id = 1`);
      db.close();
      return file;
    };
    const expected = (position: number | null) => [
      [1, { target: 'x', digest: 2 ** 52 + 7, position }],
      ['two', { target: 2, digest: null, position: null }],
    ];

    it.each([true, false])('is migrated when opened for writing (with target positions: %s)', (positions) => {
      const file = oldFile(positions);
      const store = openStateStore(file);
      expect(store.loadLinks('spec/a').entries()).toEqual(expected(positions ? 5 : null));
      expect(store.loadSnapshot('spec/a', 1)).toEqual({ source: '{"name":"A"}', target: '{"name":"a"}' });
      // An intent of an older format may have been sent, and has no created id.
      expect(store.loadIntents('spec/a').intents).toEqual([{ sourceId: 3, values: '{"name":"c"}', batch: 'b', sourceValues: null, sent: true }]);
      store.commit('spec/a', [{ sourceId: 1, targetId: 'x', source: '{"name":"B"}', target: '{"name":"b"}', digest: 3, stored: true }], 'none');
      store.close();
      const again = openStateStore(file);
      expect(again.loadLinks('spec/a').get(1)).toEqual({ target: 'x', digest: 3, position: null });
      expect(again.loadSnapshots('spec/a', [1, 'two'])).toEqual(
        new Map<string | number, unknown>([
          [1, { source: '{"name":"B"}', target: '{"name":"b"}' }],
          ['two', { source: null, target: null }],
        ]),
      );
      again.close();
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      db.close();
    });

    it('is read as it is by a read-only opening, and left unchanged', () => {
      const file = oldFile(true);
      const store = openStateStore(file, { readonly: true });
      expect(store.loadLinks('spec/a').entries()).toEqual(expected(5));
      expect(store.loadSnapshots('spec/a', [1]).get(1)).toEqual({ source: '{"name":"A"}', target: '{"name":"a"}' });
      expect(store.isLinked('spec/a', 'two')).toBe(true);
      expect(store.loadIntents('spec/a').intents).toEqual([{ sourceId: 3, values: '{"name":"c"}', batch: 'b', sourceValues: null, sent: true }]);
      store.close();
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(db.prepare('SELECT count(*) FROM links').pluck().get()).toBe(2);
      db.close();
    });
  });

  it('refuses a state file of a newer format, saying so', () => {
    const file = join(tempDir(), 'state.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openStateStore(file)).toThrow(/newer dataflow \(state format 99/);
    expect(() => openStateStore(file, { readonly: true })).toThrow(/newer dataflow/);
  });

  describe('a file that is not a dataflow state', () => {
    const foreign = (file: string) => {
      const db = new Database(file);
      db.exec("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema', '1'); CREATE TABLE orders (id INTEGER PRIMARY KEY)");
      db.close();
    };
    it.each([
      ['a text file', (file: string) => writeFileSync(file, 'id,name\n1,Ann\n'), /it is not a dataflow state file, or it is damaged \(SQLITE_NOTADB/],
      ['another SQLite database (with a meta table of its own)', foreign, /not a dataflow state file but another SQLite database \(tables: meta, orders\)/],
    ])('%s: refused naming it, for reading and for writing, and left byte for byte as it was', (_kind, make, reason) => {
      const dir = tempDir();
      const file = join(dir, 'state.db');
      make(file);
      const before = readFileSync(file);
      for (const readonly of [true, false]) {
        expect(() => openStateStore(file, { readonly })).toThrow(StateFileError);
        expect(() => openStateStore(file, { readonly })).toThrow(`${file}: the sync state cannot be used: `);
        expect(() => openStateStore(file, { readonly })).toThrow(reason);
      }
      expect(readFileSync(file)).toEqual(before);
      expect(readdirSync(dir)).toEqual(['state.db']);
    });

    it('an empty file or an SQLite database with no tables is a new state', () => {
      const dir = tempDir();
      for (const name of ['empty.db', 'blank.db']) {
        const file = join(dir, name);
        if (name === 'empty.db') writeFileSync(file, '');
        else new Database(file).close();
        expect(openStateStore(file, { readonly: true }).loadLinks('f').size).toBe(0);
        const store = openStateStore(file);
        store.commit('f', [{ sourceId: 1, targetId: 2, source: '{}', target: '{}', digest: 1 }], 'none');
        store.close();
        expect(openStateStore(file, { readonly: true }).loadLinks('f').size).toBe(1);
      }
    });
  });
});
