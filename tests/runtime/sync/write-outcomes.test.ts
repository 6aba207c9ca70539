import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { openStateStore, runSync, SyncAborted, type SyncOptions, type SystemAdapter } from '../../../runtime/sync/index.js';
import { createChangingSystem, type Clock } from '../fixtures/changing-system.js';
import { defineFlow } from '../fixtures/define-flow.js';
import { counts } from '../fixtures/harness.js';

const flow = defineFlow({
  rows: [
    ['email', 'email'],
    ['name', 'name'],
    ['city', 'city'],
  ],
  merge: [['email', 'email']],
  creation: 'when-no-match',
});

const T0 = Date.parse('2026-01-01T00:00:00Z');

function world(left: AnyRecord[], right: AnyRecord[] = [], options: { batches?: boolean; bare?: boolean } = {}) {
  const clock: Clock = { now: T0 };
  const l = createChangingSystem({ Contact: left }, { clock, ...options });
  const r = createChangingSystem({ Contact: right }, { clock, ...options });
  const store = openStateStore(':memory:');
  const sync = (extra: Partial<SyncOptions> = {}) => {
    clock.now += 1000;
    return runSync([flow], { left: l, right: r, store, now: () => new Date(clock.now), ...extra });
  };
  return { clock, left: l, right: r, store, sync };
}

const ann = { id: 'a', email: 'ann@x', name: 'Ann', city: 'Oslo' };
const bob = { id: 'b', email: 'bob@x', name: 'Bob', city: 'Bergen' };
const cat = { id: 'c', email: 'cat@x', name: 'Cat', city: 'Molde' };

describe.each([
  ['one by one', false],
  ['in batches', true],
])('write outcomes (%s)', (_name, batches) => {
  it('a rejected create fails only that record, with its request id; the next run tries it again', async () => {
    const w = world([ann, bob, cat], [], { batches });
    w.right.faults.push({ kind: 'reject', method: 'create', when: (v) => v.email === 'bob@x', times: 1 });
    const first = await w.sync();
    expect(counts(first.flows[0]!)).toMatchObject({ created: 2, errors: 1 });
    expect(first.flows[0]!.errors).toEqual([{ record: 'b', message: 'Contact rejected: invalid Contact', requestId: 'req-reject', fields: ['email'] }]);
    // Refused means not created: no intent is kept for it.
    expect(w.store.loadIntents('flow').intents).toEqual([]);
    const second = await w.sync();
    expect(counts(second.flows[0]!)).toMatchObject({ created: 1, errors: 0 });
    expect(w.right.records('Contact').map((r) => r.email).sort()).toEqual(['ann@x', 'bob@x', 'cat@x']);
  });

  it('uses createMany/updateMany when the adapter has them', async () => {
    const w = world([ann, bob, cat], [], { batches });
    await w.sync();
    w.left.edit('Contact', 'a', (r) => (r.name = 'Anna'));
    w.left.edit('Contact', 'b', (r) => (r.name = 'Bobby'));
    await w.sync();
    const methods = w.right.log.map((c) => c.method).filter((m) => /create|update/i.test(m));
    expect(methods).toEqual(batches ? ['createMany', 'updateMany'] : ['create', 'create', 'create', 'update', 'update']);
  });

  it('a write conflict re-reads the record and reconciles against the fresh copy: the other edit is kept, not overwritten', async () => {
    const w = world([ann], [], { batches });
    await w.sync();
    const target = w.right.records('Contact')[0]!;
    w.left.edit('Contact', 'a', (r) => (r.name = 'Anna'));
    // Between our read and our write, someone edits the city in the target system.
    w.right.faults.push({ kind: 'conflict', when: (id) => id === target.id, times: 1, edit: (r) => (r.city = 'Tromsø') });
    const report = await w.sync();
    expect(report.flows[0]!.errors).toEqual([]);
    expect(report.flows[0]!.writeConflicts).toBe(1);
    const now = w.right.records('Contact')[0]!;
    expect(now).toMatchObject({ name: 'Anna', city: 'Tromsø' });
    // The target's own edit goes back to the source like any other change, and nothing is left to do.
    await w.sync();
    expect(w.left.records('Contact')[0]!.city).toBe('Tromsø');
    expect(counts((await w.sync()).flows[0]!)).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('a conflict that keeps coming back is bounded and left to the next run', async () => {
    const w = world([ann], [], { batches });
    await w.sync();
    const target = w.right.records('Contact')[0]!;
    w.left.edit('Contact', 'a', (r) => (r.name = 'Anna'));
    w.right.faults.push({ kind: 'conflict', when: (id) => id === target.id, times: 10 });
    const report = await w.sync();
    expect(report.flows[0]!.errors.map((e) => e.message)).toEqual(['still conflicting after 3 fresh reads; the next run reconciles it again']);
    w.right.faults.length = 0;
    await w.sync();
    expect(w.right.records('Contact')[0]!.name).toBe('Anna');
  });

  it('without get() a conflict is reported and reconciled next run, never overwritten', async () => {
    const w = world([ann], [], { batches, bare: true });
    await w.sync();
    const target = w.right.records('Contact')[0]!;
    w.left.edit('Contact', 'a', (r) => (r.name = 'Anna'));
    w.right.faults.push({ kind: 'conflict', when: (id) => id === target.id, times: 1, edit: (r) => (r.city = 'Tromsø') });
    const report = await w.sync();
    expect(report.flows[0]!.errors[0]!.message).toMatch(/changed since it was read/);
    await w.sync();
    expect(w.right.records('Contact')[0]).toMatchObject({ name: 'Anna', city: 'Tromsø' });
  });

  it.each([
    ['reached the system', true],
    ['never reached it', false],
  ])('a create that may have happened (%s) is settled with findCreated: created once', async (_case, committed) => {
    const w = world([ann, bob], [], { batches });
    w.right.faults.push({ kind: 'maybe-created', when: (v) => v.email === 'bob@x', times: 1, committed });
    const first = await w.sync();
    if (committed) {
      expect(counts(first.flows[0]!)).toMatchObject({ created: 2, errors: 0 });
    } else {
      expect(first.flows[0]!.errors.map((e) => e.requestId)).toEqual(['req-maybe']);
      expect(w.store.loadIntents('flow').intents.map((i) => i.sourceId)).toEqual(['b']);
    }
    await w.sync();
    const again = await w.sync();
    expect(counts(again.flows[0]!)).toMatchObject({ created: 0, updated: 0, errors: 0 });
    expect(w.right.records('Contact').map((r) => r.email).sort()).toEqual(['ann@x', 'bob@x']);
  });

  it('an intent left by a dead run is settled by findCreated when the listing does not show the record', async () => {
    const w = world([ann, bob], [], { batches });
    // The create lands, then the process dies before linking (the commit throws).
    const store = w.store;
    const dying = { ...store, commit: () => { throw new Error('killed'); } };
    await expect(runSync([flow], { left: w.left, right: w.right, store: dying, now: () => new Date(w.clock.now) })).rejects.toThrow('killed');
    // The listing lags: the created records are not in it (an index not yet updated).
    const lagging: SystemAdapter = { ...w.right, list: () => [], changes: undefined };
    const report = await runSync([flow], { left: w.left, right: lagging, store, now: () => new Date(w.clock.now) });
    expect(counts(report.flows[0]!)).toMatchObject({ created: 0, linked: 2 });
    expect(w.right.records('Contact')).toHaveLength(2);
  });

  it('SyncAborted stops the run; what was written is stored, nothing is half-stored, the next run finishes', async () => {
    const w = world([ann, bob, cat], [], { batches });
    let calls = 0;
    const aborting: SystemAdapter = {
      ...w.right,
      create: (entity, values) => {
        if (++calls === 2) throw new SyncAborted('401: token expired', { requestId: 'req-401' });
        return w.right.create(entity, values);
      },
      createMany: batches
        ? async (entity, values) => {
            if (++calls === 1) return w.right.createMany!(entity, values.slice(0, 1)).then(() => { throw new SyncAborted('daily quota', { requestId: 'q' }); });
            return w.right.createMany!(entity, values);
          }
        : undefined,
    };
    await expect(runSync([flow], { left: w.left, right: aborting, store: w.store, now: () => new Date(w.clock.now) })).rejects.toThrow(SyncAborted);
    await w.sync();
    const again = await w.sync();
    expect(counts(again.flows[0]!)).toMatchObject({ created: 0, updated: 0, errors: 0 });
    expect(w.right.records('Contact').map((r) => r.email).sort()).toEqual(['ann@x', 'bob@x', 'cat@x']);
  });

  it('a rejected update fails that record only, and is tried again next run', async () => {
    const w = world([ann, bob], [], { batches });
    await w.sync();
    w.left.edit('Contact', 'a', (r) => (r.name = 'Anna'));
    w.left.edit('Contact', 'b', (r) => (r.name = 'Bobby'));
    w.right.faults.push({ kind: 'reject', method: 'update', when: (v) => v.email === 'ann@x', times: 1 });
    const report = await w.sync();
    expect(report.flows[0]!.errors).toEqual([
      { record: 'a', message: expect.stringMatching(/^rejected Contact "n\d+": invalid Contact$/), requestId: 'req-reject-update', fields: ['name'] },
    ]);
    expect(counts(report.flows[0]!)).toMatchObject({ updated: 1 });
    await w.sync();
    expect(w.right.records('Contact').map((r) => r.name).sort()).toEqual(['Anna', 'Bobby']);
  });
});
