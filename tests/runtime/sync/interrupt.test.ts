/**
 * A run stopped through `SyncOptions.signal` (the CLI's Ctrl-C): the chunk
 * being written is finished and recorded (a data folder flushed, its staged
 * links committed), `runSync` throws `SyncInterrupted` with the report of
 * what was written, and a rerun finishes the job with every record once.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { isSyncAborted, isSyncInterrupted, runSync, SyncInterrupted, type SystemAdapter } from '../../../runtime/sync/index.js';
import { contactsByEmail as flow } from '../fixtures/define-flow.js';
import { counts, folderWorld as folders, memoryWorld as memory, type ContactWorld as World } from '../fixtures/harness.js';

const SOURCES = 25;
const CHUNK = 4;
/** 25 people; 5 of them match a target by e-mail (with another name), 20 are created: 5 chunks of 4 creations (and 4, then 1, pairs). */
const people: AnyRecord[] = Array.from({ length: SOURCES }, (_, i) => ({ id: i + 1, email: `p${i}@x`, name: `Person ${i}` }));
const contacts: AnyRecord[] = Array.from({ length: 5 }, (_, i) => ({ id: 100 + i, email: `p${i * 5}@x`, name: 'old' }));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const memoryWorld = (): World => memory(people, contacts);

function folderWorld(): World {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-interrupt-'));
  dirs.push(dir);
  return folders(dir, people, contacts);
}

/** Runs the flow, aborting once `after` chunks are written; the rejection it gives. */
async function interruptedRun(world: World, after: number): Promise<SyncInterrupted> {
  const controller = new AbortController();
  let chunks = 0;
  const error = await runSync([flow], {
    left: world.left(),
    right: world.right(),
    store: world.store,
    chunkSize: CHUNK,
    signal: controller.signal,
    onProgress: ({ phase }) => {
      if (phase === 'writing' && ++chunks === after) controller.abort();
    },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSyncInterrupted(error)).toBe(true);
  // The abort path every stop takes: a SyncAborted to whoever handles those.
  expect(isSyncAborted(error)).toBe(true);
  return error as SyncInterrupted;
}

describe.each([
  ['in memory', memoryWorld],
  ['in data folders', folderWorld],
])('a run interrupted through its signal %s', (_name, makeWorld) => {
  it('stops after the chunk being written, with that written and recorded, and a rerun ends with every record once', async () => {
    const world = makeWorld();
    const error = await interruptedRun(world, 2);
    const report = error.report.flows[0]!;
    // Two chunks: 8 creations and the 5 matched pairs (4, then 1), each pair's target renamed.
    expect(error.report.flows).toHaveLength(1);
    expect(counts(report)).toMatchObject({ created: 8, updated: 8 + 5, linked: 5, errors: 0 });
    // What the report says is what the system and the state hold.
    const targets = world.targets();
    expect(targets).toHaveLength(5 + 8);
    expect(new Set(targets.map((t) => t.email)).size).toBe(targets.length);
    expect(world.store.loadLinks('flow').size).toBe(5 + 8);
    expect(world.store.loadIntents('flow').intents).toEqual([]);
    if (world.rightDir) expect(readdirSync(world.rightDir)).toEqual(['contact.json']);

    const rerun = (await runSync([flow], { left: world.left(), right: world.right(), store: world.store, chunkSize: CHUNK })).flows[0]!;
    expect(counts(rerun)).toMatchObject({ created: 12, linked: 0, unchanged: 13, errors: 0 });
    const all = world.targets();
    expect(all).toHaveLength(5 + 20);
    expect(new Set(all.map((t) => t.email)).size).toBe(all.length);
    for (const person of people) expect(all.find((t) => t.email === person.email)?.name).toBe(person.name);
    expect(world.store.loadLinks('flow').size).toBe(SOURCES);
  });

  it('interrupted after the first chunk: the matched pair of a later chunk is not counted as linked, and is linked by the rerun', async () => {
    const world = makeWorld();
    const error = await interruptedRun(world, 1);
    // The first chunk holds 4 of the 5 matched pairs; the fifth was matched, not written.
    expect(counts(error.report.flows[0]!)).toMatchObject({ created: 4, linked: 4 });
    expect(world.store.loadLinks('flow').size).toBe(8);
    const rerun = (await runSync([flow], { left: world.left(), right: world.right(), store: world.store, chunkSize: CHUNK })).flows[0]!;
    expect(counts(rerun)).toMatchObject({ created: 16, linked: 1, errors: 0 });
    expect(world.targets()).toHaveLength(25);
  });
});

describe('a run interrupted before it writes', () => {
  it('an aborted signal stops before the first flow: nothing written, the lock released', async () => {
    const world = memoryWorld();
    const controller = new AbortController();
    controller.abort(new Error('Ctrl-C'));
    const error = await runSync([flow], { left: world.left(), right: world.right(), store: world.store, signal: controller.signal }).catch((e: unknown) => e);
    expect(isSyncInterrupted(error)).toBe(true);
    expect((error as SyncInterrupted).message).toBe('interrupted: Ctrl-C');
    expect((error as SyncInterrupted).report).toEqual({ flows: [] });
    expect(world.targets()).toHaveLength(5);
    expect(world.store.loadLinks('flow').size).toBe(0);
    // The run lock went with it.
    const run = (await runSync([flow], { left: world.left(), right: world.right(), store: world.store })).flows[0]!;
    expect(counts(run)).toMatchObject({ created: 20, linked: 5 });
  });

  it('aborted while records are read and decided: stops at the next pause, with nothing linked or written', async () => {
    const world = memoryWorld();
    const controller = new AbortController();
    // Aborted from inside the run, as a signal handler would between two pauses.
    const left = world.left();
    const watched: SystemAdapter = { ...left, list: async (entity, options) => (controller.abort(), left.list(entity, options)) };
    const error = await runSync([flow], { left: watched, right: world.right(), store: world.store, signal: controller.signal, pauseEvery: 10 }).catch(
      (e: unknown) => e,
    );
    expect(isSyncInterrupted(error)).toBe(true);
    expect(counts((error as SyncInterrupted).report.flows[0]!)).toMatchObject({ created: 0, updated: 0, linked: 0 });
    expect(world.targets()).toHaveLength(5);
    expect(world.store.loadLinks('flow').size).toBe(0);
  });
});

describe('a dry run interrupted', () => {
  it('stops the same way, with the plan so far, and writes nothing to the systems or the state', async () => {
    const world = memoryWorld();
    const controller = new AbortController();
    const left = world.left();
    const watched: SystemAdapter = { ...left, list: async (entity, options) => (controller.abort(), left.list(entity, options)) };
    const error = await runSync([flow], { left: watched, right: world.right(), store: world.store, dryRun: true, signal: controller.signal, pauseEvery: 10 }).catch(
      (e: unknown) => e,
    );
    expect(isSyncInterrupted(error)).toBe(true);
    const report = (error as SyncInterrupted).report.flows[0]!;
    // Ten records were decided before the pause that heard the abort: their plan is there, nothing else.
    expect(report.plan).toBeDefined();
    expect(report.plan!.links.length + report.plan!.creates.length).toBeLessThanOrEqual(10);
    expect(world.targets()).toHaveLength(5);
    expect(world.store.loadLinks('flow').size).toBe(0);
    expect(world.store.loadIntents('flow').intents).toEqual([]);
  });
});
