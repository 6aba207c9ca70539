import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { openStateStore, runSync, type StateStore } from '../../../runtime/sync/index.js';
import { createChangingSystem, type Clock } from '../fixtures/changing-system.js';
import { defineFlow } from '../fixtures/define-flow.js';

// No merge criteria: nothing but the state tells a created record from any other.
const flow = defineFlow({
  rows: [
    ['name', 'name'],
    ['city', 'city'],
  ],
  creation: 'always',
});

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

describe('a run killed after creating records that hold nothing but empty values, edited before the next run', () => {
  it('the record is taken for its create (the one new record nothing else accounts for), not created again', async () => {
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

  it('next to a create recognised by its values: each gets its own record', async () => {
    const w = await killedAfterCreates([{ id: 'a' }, { id: 'b', name: 'Widget', city: 'Oslo' }]);
    w.right.records('Contact')[0]!.city = 'Edited';
    w.byName('Widget').name = 'Gadget';
    const report = await w.sync();
    expect(report).toMatchObject({ created: 0, linked: 2 });
    expect(w.linkOf('b')).toBe(w.byName('Gadget').id);
    expect(w.linkOf('a')).toBe(w.right.records('Contact')[0]!.id);
  });

  it('a record made by hand since is never taken for it: more new records than such creates', async () => {
    const w = await killedAfterCreates([{ id: 'a' }]);
    w.right.records('Contact')[0]!.name = 'Edited';
    w.right.insert('Contact', { id: 'by-hand', name: 'Made by hand' });
    await w.sync();
    expect(w.linkOf('a')).not.toBe('by-hand');
    expect(w.store.loadLinks('flow').targetIds()).not.toContain('by-hand');
  });

  it('another create of the batch left unrecognised (edited on every value): its record is not taken for the empty one', async () => {
    const w = await killedAfterCreates([{ id: 'a' }, { id: 'b', name: 'Widget' }]);
    w.byName('Widget').name = 'Gadget';
    const theirs = w.byName('Gadget').id;
    await w.sync();
    expect(w.linkOf('a')).not.toBe(theirs);
  });
});
