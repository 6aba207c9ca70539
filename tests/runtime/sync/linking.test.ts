import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { defineFlow } from '../fixtures/define-flow.js';
import { runSync } from '../../../runtime/sync/index.js';
import { counts, createHarness } from '../fixtures/harness.js';

const flow = defineFlow({
  rows: [['name', 'name']],
  merge: [
    ['email', 'email'],
    ['phone', 'mobile'],
  ],
  creation: 'never',
});

/** [name, source records, target records, expected links source id -> target id]. */
const cases: [string, AnyRecord[], AnyRecord[], Record<string, unknown>][] = [
  ['matches on the first criterion row', [{ id: 1, email: 'a@x' }], [{ id: 'a', email: 'A@X' }], { 1: 'a' }],
  ['matches on any one row', [{ id: 1, email: 'nope', phone: '555' }], [{ id: 'a', email: 'a@x', mobile: '555' }], { 1: 'a' }],
  ['null never matches', [{ id: 1, email: null }], [{ id: 'a', email: null }], {}],
  ['empty never matches', [{ id: 1, email: '', phone: '' }], [{ id: 'a', email: '', mobile: '' }], {}],
  ['absent never matches', [{ id: 1 }], [{ id: 'a' }], {}],
  [
    'a target links to one source only: the first in order',
    [
      { id: 1, email: 'a@x' },
      { id: 2, email: 'a@x' },
    ],
    [{ id: 'a', email: 'a@x' }],
    { 1: 'a' },
  ],
  [
    'several candidates: the smallest id, whatever the order',
    [{ id: 1, email: 'a@x' }],
    [
      { id: 'c', email: 'a@x' },
      { id: 'b', email: 'a@x' },
    ],
    { 1: 'b' },
  ],
  [
    'numbers before strings, by value',
    [{ id: 1, email: 'a@x' }],
    [
      { id: 10, email: 'a@x' },
      { id: 9, email: 'a@x' },
      { id: '1', email: 'a@x' },
    ],
    { 1: 9 },
  ],
];

const linksOf = (h: ReturnType<typeof createHarness>) =>
  Object.fromEntries(h.store.loadLinks('flow').entries().map(([s, link]) => [s, link.target]));

describe('linking by merge criteria', () => {
  it.each(cases)('%s', async (_name, left, right, links) => {
    const h = createHarness(flow, left, right);
    const report = await h.sync();
    expect(linksOf(h)).toEqual(links);
    expect(report.linked).toBe(Object.keys(links).length);
    expect(report.created).toBe(0);
  });

  it('reports a choice among several candidates', async () => {
    const h = createHarness(flow, [{ id: 1, email: 'a@x' }], [{ id: 'c', email: 'a@x' }, { id: 'b', email: 'a@x' }]);
    const report = await h.sync();
    expect(report.ambiguousMatches).toEqual([{ record: 1, criterion: 'email = email', chosen: 'b', candidates: ['b', 'c'] }]);
  });

  it('stored links come first: a linked target is not matched again', async () => {
    const h = createHarness(flow, [{ id: 1, email: 'a@x' }], [{ id: 'a', email: 'a@x' }]);
    await h.sync();
    h.leftRecords().push({ id: 2, email: 'a@x' });
    const report = await h.sync();
    expect(counts(report)).toMatchObject({ linked: 0, skipped: 1 });
    expect(linksOf(h)).toEqual({ 1: 'a' });
  });

  it('a link whose target is gone is skipped, not re-created', async () => {
    const always = defineFlow({ rows: [['name', 'name']], creation: 'always' });
    const h = createHarness(always, [{ id: 1, name: 'x' }], []);
    await h.sync();
    h.rightRecords().length = 0;
    const report = await h.sync();
    expect(counts(report)).toMatchObject({ created: 0, skipped: 1 });
    expect(report.skippedReasons[0]!.reason).toMatch(/no longer exists/);
  });

  it('records without an id, or with a duplicate id, are reported and left alone', async () => {
    const always = defineFlow({ rows: [['name', 'name']], creation: 'always' });
    const h = createHarness(always, [{ name: 'no id' }, { id: 1, name: 'a' }, { id: 1, name: 'b' }], []);
    const report = await h.sync();
    expect(report.created).toBe(1);
    expect(report.errors.map((e) => e.record)).toEqual([null, 1]);
  });

  it('refuses two flows with one id (they would share links)', async () => {
    const one = defineFlow({ id: 'same', rows: [] });
    const h = createHarness(one, [], []);
    await expect(runSync([one, one], { left: h.left, right: h.right, store: h.store })).rejects.toThrow(/two flows have the id "same"/);
  });
});

describe('target positions remembered with links', () => {
  it('are only a hint: a listing in another order still pairs records by id', async () => {
    const always = defineFlow({ rows: [['name', 'name']], creation: 'always' });
    const h = createHarness(always, [{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }], [{ id: 'x', name: 'other' }]);
    await h.sync();
    h.rightRecords().reverse();
    h.leftRecords()[0]!.name = 'A';
    h.leftRecords()[2]!.name = 'C';
    expect(counts(await h.sync())).toMatchObject({ updated: 2, created: 0 });
    expect(h.rightRecords()).toEqual([
      { id: 'contact-3', name: 'C' },
      { id: 'contact-2', name: 'b' },
      { id: 'contact-1', name: 'A' },
      { id: 'x', name: 'other' },
    ]);
    expect(counts(await h.sync())).toMatchObject({ updated: 0, unchanged: 3 });
  });

  it('a source listing in another order than the stored links, with a new and a repeated record, still finds each link by id', async () => {
    const always = defineFlow({ rows: [['name', 'name']], creation: 'always' });
    const h = createHarness(always, [1, 2, 3, 4].map((id) => ({ id, name: `n${id}` })), []);
    await h.sync();
    const sources = h.leftRecords();
    sources.splice(0, sources.length, { id: 3, name: 'N3' }, { id: 1, name: 'n1' }, { id: 9, name: 'n9' }, { id: 2, name: 'n2' }, { id: 3, name: 'again' }, { id: 4, name: 'n4' });
    const report = await h.sync();
    expect(counts(report)).toMatchObject({ created: 1, updated: 2, unchanged: 3, errors: 1 });
    expect(report.errors.map((e) => e.record)).toEqual([3]);
    expect(h.rightRecords().map((r) => r.name)).toEqual(['n1', 'n2', 'N3', 'n4', 'n9']);
  });
});

