import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter, openStateStore, runSync, StateLockedError } from '../../runtime/sync/index.js';
import { defineFlow } from '../runtime/fixtures/define-flow.js';

/** Faults around the state file: each a clear error (exit 2, no stack trace) or a wait, and nothing stored before is lost. */
const GENERATED = 'tests/runtime/fixtures/generated';

function dataflow(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/dataflow.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dirs: string[] = [];
const mounts: string[] = [];
afterEach(() => {
  for (const dir of mounts.splice(0)) spawnSync('umount', ['-l', dir]);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(stateDir?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-state-faults-'));
  dirs.push(dir);
  for (const side of ['left', 'right']) mkdirSync(join(dir, side));
  writeFileSync(join(dir, 'left', 'customers.json'), JSON.stringify([{ id: 1, email: 'ann@example.com', name: 'Ann' }]));
  const state = join(stateDir ?? dir, 'state.db');
  const args = (...extra: string[]) => ['sync', 'shop-crm', '--left', join(dir, 'left'), '--right', join(dir, 'right'), '--state', state, '--generated', GENERATED, ...extra];
  const contacts = () => JSON.parse(readFileSync(join(dir, 'right', 'contacts.json'), 'utf8')) as unknown[];
  const addCustomer = (id: number) => {
    const file = join(dir, 'left', 'customers.json');
    const records = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
    records.push({ id, email: `c${id}@example.com`, name: `Customer ${id}`.repeat(200) });
    writeFileSync(file, JSON.stringify(records));
  };
  return { dir, state, args, contacts, addCustomer };
}

const clear = (stderr: string) => {
  expect(stderr).toMatch(/the sync state cannot be used|newer dataflow|another dataflow sync/);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
};

function linksIn(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM links').pluck().get() as number;
  } finally {
    db.close();
  }
}

function tinyDisk(kilobytes: number): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-tiny-disk-'));
  dirs.push(dir);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', dir]);
  if (mounted.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}

describe('the sync state file under faults', () => {
  it('a file that is not a state (or is damaged): a clear error, and the file is left as it was', () => {
    const w = workspace();
    writeFileSync(w.state, Buffer.from('this is not SQLite at all, just some bytes '.repeat(100)));
    const before = readFileSync(w.state);
    const { code, stderr } = dataflow(...w.args());
    expect(code).toBe(2);
    clear(stderr);
    expect(readFileSync(w.state)).toEqual(before);
  });

  // Taken for an empty state, a file that is not one made a run create every record again, and a write
  // added the state's tables to another program's database.
  const notStates: [string, (file: string) => void, RegExp][] = [
    ['a text file', (file) => writeFileSync(file, 'customer,email\n1,ann@example.com\n'.repeat(200)), /it is not a dataflow state file, or it is damaged \(SQLITE_NOTADB/],
    [
      "another program's SQLite database",
      (file) => {
        const db = new Database(file);
        db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ann')");
        db.close();
      },
      /it is not a dataflow state file but another SQLite database \(tables: customers\)/,
    ],
  ];
  const commands: [string, (w: ReturnType<typeof workspace>) => string[]][] = [
    ['sync', (w) => w.args()],
    ['sync --dry-run', (w) => w.args('--dry-run')],
    ['coverage', (w) => ['coverage', 'specs/hubspot-tripletex.rst', '--state', w.state]],
    ['state list', (w) => ['state', 'list', '--state', w.state]],
    ['state drop', (w) => ['state', 'drop', 'shop-crm/shop-customers-to-crm-contacts', '--state', w.state]],
  ];
  describe.each(notStates)('--state naming %s', (_kind, make, reason) => {
    it.each(commands)('%s: exit 2 naming the file, the file unchanged, nothing written', (_command, args) => {
      const w = workspace();
      make(w.state);
      const before = readFileSync(w.state);
      const { code, stdout, stderr } = dataflow(...args(w));
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`dataflow: ${w.state}: the sync state cannot be used: `);
      expect(stderr).toMatch(reason);
      expect(stderr).toContain('the file was left as it is');
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(readFileSync(w.state)).toEqual(before);
      expect(readdirSync(w.dir).sort()).toEqual(['left', 'right', 'state.db']);
      expect(readdirSync(join(w.dir, 'right'))).toEqual([]);
    });
  });

  it('a truncated state file: a clear error, never a half-made state', () => {
    const w = workspace();
    expect(dataflow(...w.args()).code).toBe(0);
    const db = new Database(w.state);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    truncateSync(w.state, Math.floor(statSync(w.state).size / 2));
    const { code, stderr } = dataflow(...w.args());
    expect(code).toBe(2);
    clear(stderr);
  });

  it('a full disk: a clear error; what earlier runs stored is still there and a run on a disk with room goes on', () => {
    const disk = tinyDisk(600);
    if (!disk) return; // mounting needs root; the SQLITE_FULL path below covers the engine side
    const w = workspace(disk);
    expect(dataflow(...w.args()).code).toBe(0);
    const stored = linksIn(w.state);
    for (let i = 2; i < 400; i++) w.addCustomer(i);
    const { code, stderr } = dataflow(...w.args());
    expect(code).toBe(2);
    clear(stderr);
    expect(stderr).toMatch(/disk is full|SQLITE_FULL|SQLITE_IOERR/);
    // The earlier links are intact, and moving the state to a roomy disk finishes the job.
    const copy = join(w.dir, 'moved.db');
    const db = new Database(w.state, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM links').pluck().get()).toBeGreaterThanOrEqual(stored);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    copyFileSync(w.state, copy);
    const again = dataflow(...w.args().map((a) => (a === w.state ? copy : a)));
    expect(again.code).toBe(0);
    expect(linksIn(copy)).toBe(399);
    expect(w.contacts()).toHaveLength(399);
  });

  it('a read-only disk: a clear error', () => {
    const disk = tinyDisk(512);
    if (!disk) return;
    const w = workspace(disk);
    expect(dataflow(...w.args()).code).toBe(0);
    spawnSync('mount', ['-o', 'remount,ro', disk]);
    w.addCustomer(2);
    const { code, stderr } = dataflow(...w.args());
    expect(code).toBe(2);
    clear(stderr);
    // A dry run only reads: it works on a read-only state, and reads what is stored there (not an empty state).
    const dry = dataflow(...w.args('--dry-run'));
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).flows[0]).toMatchObject({ created: 1, unchanged: 1 });
  });

  it('a state file of an older format is migrated; one of a newer format is refused', () => {
    const w = workspace();
    const db = new Database(w.state);
    db.pragma('user_version = 99');
    db.close();
    const { code, stderr } = dataflow(...w.args());
    expect(code).toBe(2);
    clear(stderr);
  });

  it('two runs of one spec at once: the second is refused with who holds the lock, and a dead holder is taken over', async () => {
    const flow = defineFlow({ rows: [['name', 'name']], creation: 'always' });
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-lock-'));
    dirs.push(dir);
    const file = join(dir, 'state.db');
    const a = openStateStore(file);
    const b = openStateStore(file);
    let release!: () => void;
    const slow = createMemoryAdapter({ Contact: [{ id: 1, name: 'A' }] });
    const gate = new Promise<void>((resolve) => (release = resolve));
    const left = { ...slow, list: async (entity: string) => (await gate, slow.list(entity)) };
    const right = createMemoryAdapter({ Contact: [] });
    const first = runSync([flow], { left, right, store: a, scope: 'spec' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(runSync([flow], { left: slow, right, store: b, scope: 'spec' })).rejects.toThrow(StateLockedError);
    await expect(runSync([flow], { left: slow, right, store: b, scope: 'spec' })).rejects.toThrow(/another dataflow sync of "spec" is running .*pid \d+/);
    // Another spec on the same state is not held up.
    await runSync([flow], { left: slow, right: createMemoryAdapter({ Contact: [] }), store: b, scope: 'other' });
    release();
    await first;
    expect(right.records('Contact')).toHaveLength(1);
    // Released: the next run goes ahead. A lock left by a killed process (a pid that is gone) is taken over.
    await runSync([flow], { left: slow, right, store: b, scope: 'spec' });
    const raw = new Database(file);
    raw.prepare("INSERT OR REPLACE INTO sync_locks VALUES ('spec', 2147483646, ?, '2026-01-01T00:00:00Z', 'x')").run((await import('node:os')).hostname());
    raw.close();
    const report = await runSync([flow], { left: slow, right, store: b, scope: 'spec' });
    expect(report.flows[0]!.unchanged).toBe(1);
    expect(right.records('Contact')).toHaveLength(1);
    a.close();
    b.close();
  });
});
