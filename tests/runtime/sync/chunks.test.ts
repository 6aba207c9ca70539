/**
 * A flow written in chunks (`chunkSize`): every pair and creation is written
 * and linked exactly once, and a run killed in the middle of a later chunk is
 * finished by the next run without a duplicate, in memory (each chunk stored
 * as it is written) and in data folders (one flush, links staged until it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { runSync, SyncAborted, type StateStore, type SystemAdapter } from '../../../runtime/sync/index.js';
import { contactsByEmail as flow } from '../fixtures/define-flow.js';
import { counts, folderWorld as folders, memoryWorld as memory, type ContactWorld as World } from '../fixtures/harness.js';

const SOURCES = 25;
const CHUNK = 4;
/** 25 people; 5 of them match a target by e-mail (with another name), 20 are created; 5 targets match nobody. */
const people: AnyRecord[] = Array.from({ length: SOURCES }, (_, i) => ({ id: i + 1, email: `p${i}@x`, name: `Person ${i}` }));
const contacts: AnyRecord[] = [
  ...Array.from({ length: 5 }, (_, i) => ({ id: 100 + i, email: `p${i * 5}@x`, name: 'old' })),
  ...Array.from({ length: 5 }, (_, i) => ({ id: 200 + i, email: `other${i}@y`, name: 'Other' })),
];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const memoryWorld = (): World => memory(people, contacts);

function folderWorld(): World {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-chunks-'));
  dirs.push(dir);
  return folders(dir, people, contacts);
}

/**
 * A process killed at the `nth` create: the create does not happen, and from
 * then on nothing more reaches the state (every write throws), as when the
 * process is gone.
 */
function killedAt(world: World, nth: number): { right: SystemAdapter; store: StateStore; commits: () => number } {
  let dead = false;
  let creates = 0;
  let commits = 0;
  const inner = world.right();
  const right: SystemAdapter = {
    ...inner,
    list: (entity, options) => inner.list(entity, options),
    create(entity, values) {
      if (++creates === nth) {
        dead = true;
        throw new SyncAborted(`killed at create #${nth}`);
      }
      return inner.create(entity, values);
    },
    update: (entity, id, record, changed) => inner.update(entity, id, record, changed),
  };
  if (inner.lookup) right.lookup = (entity) => inner.lookup!(entity);
  if (inner.locate) right.locate = (entity, id, position) => inner.locate!(entity, id, position);
  if (inner.flush) right.flush = () => (dead ? undefined : inner.flush!());
  const store = new Proxy(world.store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof name === 'string' && /^(load|is|list)/.test(name)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        if (dead) throw new Error(`killed: no state write (${String(name)}) after the kill`);
        if (name === 'commit') commits++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { right, store, commits: () => commits };
}

function expectEachOnce(world: World): void {
  const targets = world.targets();
  const emails = targets.map((t) => t.email as string);
  expect(new Set(emails).size).toBe(emails.length);
  expect(targets).toHaveLength(SOURCES + 5);
  for (const person of people) expect(targets.find((t) => t.email === person.email)?.name).toBe(person.name);
  const links = world.store.loadLinks('flow').entries();
  expect(links).toHaveLength(SOURCES);
  expect(new Set(links.map(([, l]) => l.target)).size).toBe(SOURCES);
  expect(world.store.loadIntents('flow').intents).toEqual([]);
}

describe.each([
  ['in memory', memoryWorld],
  ['in data folders', folderWorld],
])('a flow written in chunks %s', (name, makeWorld) => {
  it('creates, updates and links every record exactly once, then has nothing to write', async () => {
    const world = makeWorld();
    let commits = 0;
    const store = { ...world.store, commit: (...args: Parameters<StateStore['commit']>) => (commits++, world.store.commit(...args)) };
    const report = (await runSync([flow], { left: world.left(), right: world.right(), store, chunkSize: CHUNK })).flows[0]!;
    expect(counts(report)).toMatchObject({ created: 20, linked: 5, errors: 0 });
    // 20 creations in chunks of 4: each chunk's links are stored as it is written, or (data folders) once after the one flush.
    expect(commits).toBeGreaterThanOrEqual(name === 'in memory' ? 5 : 1);
    expectEachOnce(world);
    const again = (await runSync([flow], { left: world.left(), right: world.right(), store: world.store, chunkSize: CHUNK })).flows[0]!;
    expect(counts(again)).toMatchObject({ created: 0, updated: 0, linked: 0, unchanged: SOURCES, errors: 0 });
  });

  it.each([2, 6, 7, 20])('killed at create #%i (a later chunk): the next run ends with every record once and linked', async (nth) => {
    const world = makeWorld();
    const killed = killedAt(world, nth);
    await expect(runSync([flow], { left: world.left(), right: killed.right, store: killed.store, chunkSize: CHUNK })).rejects.toThrow(/killed/);
    if (name === 'in memory' && nth > CHUNK) {
      // The chunks before the kill are stored: their records are linked, not left to recovery.
      expect(world.store.loadLinks('flow').size).toBeGreaterThanOrEqual(CHUNK);
    }
    const rerun = (await runSync([flow], { left: world.left(), right: world.right(), store: world.store, chunkSize: CHUNK })).flows[0]!;
    expect(rerun.errors).toEqual([]);
    expectEachOnce(world);
    const again = (await runSync([flow], { left: world.left(), right: world.right(), store: world.store, chunkSize: CHUNK })).flows[0]!;
    expect(counts(again)).toMatchObject({ created: 0, updated: 0, linked: 0, unchanged: SOURCES });
  });

  it('killed at the commit after the last chunk: every chunk is recovered from its intents, nothing created twice', async () => {
    const world = makeWorld();
    let commits = 0;
    const store: StateStore = {
      ...world.store,
      commit: (...args) => {
        // The first commit that stores created links (the memory world stores a chunk at a time: its last).
        if (++commits === (name === 'in memory' ? 5 : 1)) throw new Error('killed at commit');
        return world.store.commit(...args);
      },
    };
    await expect(runSync([flow], { left: world.left(), right: world.right(), store, chunkSize: CHUNK })).rejects.toThrow(/killed/);
    const rerun = (await runSync([flow], { left: world.left(), right: world.right(), store: world.store, chunkSize: CHUNK })).flows[0]!;
    expect(rerun.errors).toEqual([]);
    expect(rerun.created).toBe(0);
    expectEachOnce(world);
  });
});
