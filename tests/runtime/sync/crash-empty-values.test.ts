import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { openStateStore, runSync, type StateStore } from '../../../runtime/sync/index.js';
import { createChangingSystem, type Clock } from '../fixtures/changing-system.js';
import { contactsUnmatched as flow } from '../fixtures/define-flow.js';


const T0 = Date.parse('2026-01-01T00:00:00Z');

/**
 * One `createMany` makes every record, then the run dies at the state write that would store their
 * ids: each create is an intent that may have been sent, without an id. Then the created records are
 * edited in the target before the next run.
 */
async function killedAfterCreates(sources: AnyRecord[]) {
  const clock: Clock = { now: T0 };
  const left = createChangingSystem({ Contact: sources }, { clock, batches: true, bare: true });
  const right = createChangingSystem({ Contact: [] }, { clock, batches: true, bare: true });
  const store = openStateStore(':memory:');
  const dying: StateStore = {
    ...store,
    settleIntents: () => {
      throw new Error('crash in settleIntents');
    },
  };
  await expect(runSync([flow], { left, right, store: dying, now: () => new Date(clock.now) })).rejects.toThrow(/crash in settleIntents/);
  expect(right.records('Contact')).toHaveLength(sources.length);
  const sync = async () => {
    clock.now += 1000;
    return (await runSync([flow], { left, right, store, now: () => new Date(clock.now) })).flows[0]!;
  };
  const byName = (name: unknown) => right.records('Contact').find((r) => r.name === name)!;
  const linkOf = (sourceId: string) => store.loadLinks('flow').get(sourceId)?.target;
  return { left, right, store, sync, byName, linkOf };
}

describe('a run killed after creating records, the records edited before the next run so that no value tells them', () => {
  it('one holding nothing but empty values, then edited: taken for its create (the one new record nothing else accounts for), not created again', async () => {
    const w = await killedAfterCreates([{ id: 'a' }]);
    const created = w.right.records('Contact')[0]!;
    created.name = 'Named in the target';
    const report = await w.sync();
    expect(report).toMatchObject({ created: 0, linked: 1 });
    expect(w.right.records('Contact')).toHaveLength(1);
    expect(w.linkOf('a')).toBe(created.id);
    // The edit made in the target since is a change like any other: it reaches the source.
    expect(w.left.records('Contact')[0]).toMatchObject({ name: 'Named in the target' });
  });

  it('one holding nothing, next to one recognised by a value it kept: each gets its own record', async () => {
    const w = await killedAfterCreates([{ id: 'a' }, { id: 'b', name: 'Widget', city: 'Oslo' }]);
    w.right.records('Contact')[0]!.city = 'Edited';
    w.byName('Widget').name = 'Gadget';
    const report = await w.sync();
    expect(report).toMatchObject({ created: 0, linked: 2 });
    expect(w.linkOf('b')).toBe(w.byName('Gadget').id);
    expect(w.linkOf('a')).toBe(w.right.records('Contact')[0]!.id);
  });

  it('a record emptied since and one made by hand since holding nothing: the one made first (smallest id) is taken, the choice reported', async () => {
    const w = await killedAfterCreates([{ id: 'a', name: 'Widget' }]);
    const created = w.byName('Widget');
    created.name = '';
    // Made by a person since: the system gives it an id after the sync's.
    w.right.insert('Contact', { id: 'n2000' });
    const report = await w.sync();
    expect(report).toMatchObject({ created: 0, linked: 1 });
    expect(w.linkOf('a')).toBe(created.id);
    expect(w.right.records('Contact')).toHaveLength(2);
    expect(report.ambiguousMatches).toEqual([expect.objectContaining({ record: 'a', chosen: created.id, candidates: [created.id, 'n2000'] })]);
    const again = await w.sync();
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect(w.store.loadLinks('flow').targetIds()).not.toContain('n2000');
  });

  it('a record made by hand since is never taken: more new records than creates left, the sync\'s own (made first) is, nothing is created twice', async () => {
    const w = await killedAfterCreates([{ id: 'a' }]);
    w.right.records('Contact')[0]!.name = 'Edited';
    w.right.insert('Contact', { id: 'n2000', name: 'Made by hand' });
    await w.sync();
    expect(w.linkOf('a')).not.toBe('n2000');
    expect(w.store.loadLinks('flow').targetIds()).not.toContain('n2000');
    expect(w.right.records('Contact')).toHaveLength(2);
  });

  it('a record whose every value was emptied: the one new record left goes to the one create left, each gets its own', async () => {
    const w = await killedAfterCreates([{ id: 'a' }, { id: 'b', name: 'Widget' }]);
    const theirs = w.byName('Widget');
    theirs.name = '';
    const report = await w.sync();
    expect(report).toMatchObject({ created: 0, linked: 2 });
    expect(w.linkOf('b')).toBe(theirs.id);
    expect(w.linkOf('a')).not.toBe(theirs.id);
  });

  it('two records emptied since: taken in the order their creates were sent', async () => {
    const w = await killedAfterCreates([{ id: 'a', name: 'First', city: 'Oslo' }, { id: 'b', name: 'Second', city: 'Bergen' }]);
    const [first, second] = w.right.records('Contact');
    first!.name = '';
    first!.city = null;
    second!.name = null;
    second!.city = '';
    const report = await w.sync();
    expect(report).toMatchObject({ created: 0, linked: 2 });
    expect([w.linkOf('a'), w.linkOf('b')]).toEqual([first!.id, second!.id]);
  });

  it('a record edited to other values is not told from one made by hand: never taken for a create it contradicts', async () => {
    const w = await killedAfterCreates([{ id: 'a', name: 'Widget' }]);
    const theirs = w.byName('Widget');
    theirs.name = 'Gadget';
    await w.sync();
    expect(w.linkOf('a')).not.toBe(theirs.id);
  });
});
