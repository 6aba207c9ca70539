import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { runSync } from '../../../runtime/sync/index.js';
import { contactsByEmail as flow, defineFlow } from '../fixtures/define-flow.js';
import { failAt, rejectCreates, storeFailingAt, type Step } from '../fixtures/failing.js';
import { counts, folderWorld as folders, memoryWorld as memory, type ContactWorld as World } from '../fixtures/harness.js';

/** Also the case where records carry no distinguishing values at all: an empty property table. */
const bare = defineFlow({ id: 'bare', rows: [], creation: 'always' });

const people: AnyRecord[] = [
  { id: 1, email: 'a@x', name: 'A' },
  { id: 2, email: 'b@x', name: 'B' },
  { id: 3, email: 'c@x', name: 'C' },
  { id: 4, email: 'd@x', name: 'D' },
];
/** One existing target matches person 1 (an update), person 2..4 are created; the unlinked extra must never be taken for a created one. */
const contacts: AnyRecord[] = [
  { id: 1, email: 'a@x', name: 'old' },
  { id: 2, name: 'unrelated, no email' },
];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** In memory every write is durable at once; in a folder nothing is until the flush. */
const memoryWorld = (): World => memory(people, contacts);

function folderWorld(): World {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-crash-'));
  dirs.push(dir);
  return folders(dir, people, contacts);
}

const adapterSteps: [Step, number][] = [
  ['create', 1],
  ['create', 2],
  ['create', 3],
  ['update', 1],
  ['flush', 1],
];

describe.each([
  ['in memory', memoryWorld],
  ['in data folders', folderWorld],
])('a crash %s', (_name, makeWorld) => {
  it.each(adapterSteps)('at %s #%i: the next run links what was created and creates the rest, once', async (step, nth) => {
    const world = makeWorld();
    await expect(
      runSync([flow], { left: world.left(), right: failAt(world.right(), step, nth), store: world.store }),
    ).rejects.toThrow(/crash/);
    const recovered = await runSync([flow], { left: world.left(), right: world.right(), store: world.store });
    expect(recovered.flows[0]!.errors).toEqual([]);
    const targets = world.targets();
    expect(targets.map((t) => t.email).sort()).toEqual(['a@x', 'b@x', 'c@x', 'd@x', undefined]);
    expect(targets.find((t) => t.id === 1)!.name).toBe('A');
    expect(targets.find((t) => t.id === 2)).toEqual(contacts[1]);
    const again = await runSync([flow], { left: world.left(), right: world.right(), store: world.store });
    expect(counts(again.flows[0]!)).toMatchObject({ created: 0, updated: 0, linked: 0, unchanged: 4 });
  });

  it.each(['recordIntents', 'commit'] as const)('in the state store (%s): no duplicates afterwards', async (method) => {
    const world = makeWorld();
    const failing = storeFailingAt(world.store, method);
    await expect(runSync([flow], { left: world.left(), right: world.right(), store: failing })).rejects.toThrow(/crash/);
    await runSync([flow], { left: world.left(), right: world.right(), store: world.store });
    expect(world.targets()).toHaveLength(5);
    const again = await runSync([flow], { left: world.left(), right: world.right(), store: world.store });
    expect(counts(again.flows[0]!)).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });

  it('between create and link with nothing to tell created records apart: only new records are taken', async () => {
    const world = makeWorld();
    await expect(
      runSync([bare], { left: world.left(), right: world.right(), store: storeFailingAt(world.store, 'commit') }),
    ).rejects.toThrow(/crash/);
    const report = await runSync([bare], { left: world.left(), right: world.right(), store: world.store });
    // The memory world kept its 4 creates; the folder world wrote them in the flush before the failed commit.
    expect(counts(report.flows[0]!)).toMatchObject({ created: 0, linked: 4 });
    expect(world.targets()).toHaveLength(6);
    const linkedTargets = world.store.loadLinks('bare').entries().map(([, l]) => l.target);
    expect(linkedTargets.sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('a create that fails with an ordinary error', () => {
  it('is reported; its intent stays and the next run creates it once', async () => {
    const world = memoryWorld();
    const first = await runSync([flow], {
      left: world.left(),
      right: rejectCreates(world.right(), (v) => v.email === 'c@x'),
      store: world.store,
    });
    expect(first.flows[0]!.errors).toEqual([{ record: 3, message: 'cannot create a Contact: 503 from the API' }]);
    expect(world.store.loadIntents('flow').intents.map((i) => i.sourceId)).toEqual([3]);
    const second = await runSync([flow], { left: world.left(), right: world.right(), store: world.store });
    expect(counts(second.flows[0]!)).toMatchObject({ created: 1, linked: 0, errors: 0 });
    expect(world.store.loadIntents('flow').intents).toEqual([]);
    expect(world.targets()).toHaveLength(5);
  });
});
