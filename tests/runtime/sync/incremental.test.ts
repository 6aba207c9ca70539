import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { openStateStore, runSync, type StateStore, type SyncOptions } from '../../../runtime/sync/index.js';
import { createChangingSystem, type Clock } from '../fixtures/changing-system.js';
import { contactsByEmail as flow, defineFlow } from '../fixtures/define-flow.js';
import { counts } from '../fixtures/harness.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function people(n: number): AnyRecord[] {
  return Array.from({ length: n }, (_, i) => ({ id: `p${String(i).padStart(3, '0')}`, email: `p${i}@x`, name: `P${i}` }));
}

function world(n = 6, options: { lookbackMs?: number; pageSize?: number } = {}) {
  const clock: Clock = { now: T0 };
  const left = createChangingSystem({ Contact: people(n) }, { clock, ...options });
  const right = createChangingSystem({ Contact: [] }, { clock, ...options });
  const store = openStateStore(':memory:');
  const sync = (extra: Partial<SyncOptions> = {}, s: StateStore = store) =>
    runSync([flow], { left, right, store: s, now: () => new Date(clock.now), ...extra });
  const tick = (ms = 1000) => (clock.now += ms);
  /** Target records by their email, each must be there once. */
  const targetsByEmail = () => {
    const byEmail = new Map<string, AnyRecord[]>();
    for (const t of right.records('Contact')) byEmail.set(t.email as string, [...(byEmail.get(t.email as string) ?? []), t]);
    return byEmail;
  };
  return { clock, left, right, store, sync, tick, targetsByEmail };
}

const fetched = (system: ReturnType<typeof createChangingSystem>, from = 0) =>
  system.log.slice(from).filter((c) => c.method === 'changes-page').reduce((sum, c) => sum + c.count!, 0);

describe('incremental sync (adapters with changes)', () => {
  it('reads in full once, then only what changed, while matching still sees every record', async () => {
    const w = world(6);
    w.tick();
    const first = await w.sync();
    expect(counts(first.flows[0]!)).toMatchObject({ created: 6, errors: 0 });
    expect(first.feeds!.map((f) => [f.system, f.mode, f.reason, f.fetched])).toEqual([
      ['Left', 'full', 'first read', 6],
      ['Right', 'full', 'first read', 0],
    ]);
    // Nothing changed: nothing fetched but what the run itself wrote (after the run's upper bound), and nothing written.
    w.tick();
    const idle = await w.sync();
    expect(counts(idle.flows[0]!)).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(idle.feeds!.map((f) => f.mode)).toEqual(['changes', 'changes']);
    // One source edited: only it is fetched, and its change reaches the target.
    w.tick();
    w.left.edit('Contact', 'p002', (r) => (r.name = 'Changed'));
    const log = w.left.log.length;
    w.tick();
    const third = await w.sync();
    expect(fetched(w.left, log)).toBe(1);
    expect(counts(third.flows[0]!)).toMatchObject({ updated: 1, unchanged: 5, errors: 0 });
    expect(w.targetsByEmail().get('p2@x')![0]!.name).toBe('Changed');
    // A new target with an existing source's email is matched, though that source was not fetched again.
    w.tick();
    w.left.insert('Contact', { id: 'p100', email: 'late@x', name: 'Late' });
    w.right.insert('Contact', { id: 'r-late', email: 'late@x', name: 'Late' });
    w.tick();
    const fourth = await w.sync();
    expect(counts(fourth.flows[0]!)).toMatchObject({ created: 0, linked: 1, errors: 0 });
    expect([...w.targetsByEmail().values()].every((list) => list.length === 1)).toBe(true);
  });

  it('passes the mapped paths to list and changes', async () => {
    const w = world(2);
    await w.sync();
    w.tick();
    await w.sync();
    const paths = [['id'], ['email'], ['name']];
    expect(w.left.log.find((c) => c.method === 'list')!.options).toEqual({ paths });
    expect(w.left.log.find((c) => c.method === 'changes')!.options).toMatchObject({ paths });
  });

  it('never misses records sharing a timestamp across a page boundary (lookback overlap, duplicates dropped)', async () => {
    const w = world(0, { lookbackMs: 5000, pageSize: 2 });
    await w.sync();
    // Five records stamped at one instant, read in pages of two: the cursor lands inside the tie.
    w.tick();
    for (let i = 0; i < 5; i++) w.left.insert('Contact', { id: `t${i}`, email: `t${i}@x`, name: `T${i}` });
    // One more at the same instant but with a smaller id, visible only after the run read the first page
    // (an index that lags): behind the cursor's tie breaker, so only the lookback finds it.
    const stamp = w.left.records('Contact')[0]!.updatedAt;
    w.left.afterPage = (_entity, page) => {
      if (page === 0) w.left.records('Contact').push({ id: 'a0', email: 'a0@x', name: 'A0', updatedAt: stamp, version: 1 });
    };
    w.tick();
    const run = await w.sync();
    w.left.afterPage = undefined;
    w.tick();
    const next = await w.sync();
    const created = run.flows[0]!.created + next.flows[0]!.created;
    expect(created).toBe(6);
    expect([...w.targetsByEmail().keys()].sort()).toEqual(['a0@x', 't0@x', 't1@x', 't2@x', 't3@x', 't4@x']);
    expect([...w.targetsByEmail().values()].every((list) => list.length === 1)).toBe(true);
    // The overlap fetched some records again; they were dropped, not counted twice.
    expect(counts(next.flows[0]!)).toMatchObject({ errors: 0 });
  });

  it('a record changed during a run (after its upper bound) is read by the next run', async () => {
    const w = world(4, { pageSize: 1 });
    await w.sync();
    w.tick();
    w.left.edit('Contact', 'p000', (r) => (r.name = 'Before'));
    w.tick();
    // While the run reads its changes, another record is edited: its new stamp is past the run's bound.
    w.left.afterPage = () => {
      w.tick();
      w.left.edit('Contact', 'p003', (r) => (r.name = 'During'));
      w.left.afterPage = undefined;
    };
    const during = await w.sync();
    expect(during.flows[0]!.errors).toEqual([]);
    expect(w.targetsByEmail().get('p3@x')![0]!.name).toBe('P3');
    w.tick();
    await w.sync();
    expect(w.targetsByEmail().get('p0@x')![0]!.name).toBe('Before');
    expect(w.targetsByEmail().get('p3@x')![0]!.name).toBe('During');
  });

  it('reads in full on --full, every fullEvery runs, and when the mapped properties change', async () => {
    const w = world(3);
    await w.sync({ fullEvery: 3 });
    const modes = async (extra: Partial<SyncOptions> = {}) => (await w.sync({ fullEvery: 3, ...extra })).feeds!.map((f) => f.mode)[0];
    expect(await modes()).toBe('changes');
    expect(await modes()).toBe('changes');
    expect(await modes()).toBe('full');
    expect(await modes()).toBe('changes');
    expect(await modes({ full: true })).toBe('full');
    // Another property row: the cursor covered only the old paths, so the entity is read in full again.
    const wider = defineFlow({ rows: [['email', 'email'], ['name', 'name'], ['phone', 'phone']], merge: [['email', 'email']], creation: 'when-no-match' });
    const report = await runSync([wider], { left: w.left, right: w.right, store: w.store, now: () => new Date(w.clock.now) });
    expect(report.feeds!.map((f) => [f.mode, f.reason])[0]).toEqual(['full', 'the mapped properties changed']);
  });

  it('a full read drops records gone from the system from the mirror', async () => {
    const w = world(3);
    await w.sync();
    w.left.records('Contact').splice(0, 1);
    w.tick();
    const full = await w.sync({ full: true });
    expect(full.feeds![0]!.records).toBe(2);
    expect(w.store.loadMirror('Left/Contact').map((r) => r.id)).toEqual(['p001', 'p002']);
  });

  it('sees a change made at the cursor\'s instant after the read (timestamps that did not tick, lookback 0)', async () => {
    // Found by the model-based test: the clock stands still between two runs and an edit.
    const w = world(2);
    await w.sync();
    w.left.insert('Contact', { id: 'p500', email: 'new@x', name: 'New' });
    const second = await w.sync();
    expect(counts(second.flows[0]!)).toMatchObject({ created: 1, errors: 0 });
    // Same instant as the page that handed out p500, and as the run's upper bound.
    w.left.edit('Contact', 'p500', (r) => (r.name = 'Edited'));
    const third = await w.sync();
    expect(counts(third.flows[0]!)).toMatchObject({ updated: 1, errors: 0 });
    expect(w.targetsByEmail().get('new@x')![0]!.name).toBe('Edited');
  });

  it('a dry run reads changes but stores neither the mirror nor the cursor', async () => {
    const w = world(3);
    await w.sync();
    const before = w.store.loadFeed('Left/Contact');
    w.tick();
    w.left.edit('Contact', 'p001', (r) => (r.name = 'Dry'));
    w.tick();
    const dry = await w.sync({ dryRun: true });
    expect(dry.flows[0]!.plan!.updates).toEqual([
      { record: 'p001', side: 'target', id: expect.any(String), changes: [{ field: 'name', old: 'P1', new: 'Dry' }] },
    ]);
    expect(w.store.loadFeed('Left/Contact')).toEqual(before);
    expect(w.store.loadMirror('Left/Contact').find((r) => r.id === 'p001')!.name).toBe('P1');
  });
});

/** A store that dies (as the process would) at the nth write of the state, of any kind. */
function dyingAt(inner: StateStore, nth: number): { store: StateStore; writes: () => number } {
  let calls = 0;
  const gate = () => {
    if (++calls === nth) throw new Error(`killed at state write #${nth}`);
  };
  const methods = ['recordIntents', 'commit', 'storeFeedPage', 'countFeedRun', 'putMirror'] as const;
  const store = { ...inner } as StateStore;
  for (const method of methods) {
    (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      gate();
      return (inner[method] as (...a: unknown[]) => unknown)(...args);
    };
  }
  // commit runs inside a transaction on the inner store; the wrapper's methods are the ones called.
  store.transaction = (fn) => inner.transaction(fn);
  return { store, writes: () => calls };
}

describe('incremental sync killed at each state write', () => {
  const scenario = async (kill: number | null) => {
    const w = world(5, { pageSize: 2 });
    await w.sync();
    // Changes on both sides and new records, then a run that dies at state write `kill`.
    w.tick();
    w.left.edit('Contact', 'p001', (r) => (r.name = 'L1'));
    w.left.insert('Contact', { id: 'p200', email: 'new1@x', name: 'New1' });
    w.left.insert('Contact', { id: 'p201', email: 'new2@x', name: 'New2' });
    const t3 = w.right.records('Contact').find((t) => t.email === 'p3@x')!;
    w.right.edit('Contact', t3.id as string, (r) => (r.name = 'R3'));
    w.tick();
    const dying = dyingAt(w.store, kill ?? Infinity);
    let died = false;
    try {
      await w.sync({}, dying.store);
    } catch (error) {
      expect(String(error)).toMatch(/killed/);
      died = true;
    }
    w.tick();
    const after = await w.sync();
    w.tick();
    const settled = await w.sync();
    return { w, died, writes: dying.writes(), after, settled };
  };

  it('counts the state writes of a run', async () => {
    const { writes, died } = await scenario(null);
    expect(died).toBe(false);
    expect(writes).toBeGreaterThanOrEqual(9);
  });

  it.each(Array.from({ length: 9 }, (_, i) => i + 1))('at write #%i: nothing is lost or created twice', async (kill) => {
    const { w, after, settled } = await scenario(kill);
    expect(after.flows[0]!.errors).toEqual([]);
    const byEmail = w.targetsByEmail();
    expect([...byEmail.keys()].sort()).toEqual(['new1@x', 'new2@x', 'p0@x', 'p1@x', 'p2@x', 'p3@x', 'p4@x']);
    expect([...byEmail.values()].every((list) => list.length === 1)).toBe(true);
    expect(byEmail.get('p1@x')![0]!.name).toBe('L1');
    expect(w.left.records('Contact').find((r) => r.id === 'p003')!.name).toBe('R3');
    expect(counts(settled.flows[0]!)).toMatchObject({ created: 0, updated: 0, errors: 0 });
  });
});
