import { describe, expect, it } from 'vitest';
import { notWritten, type AnyRecord, type CreationPredicate, type CreationRule, type LinkRules } from '../../../runtime/index.js';
import { createMemoryAdapter, openStateStore, runSync } from '../../../runtime/sync/index.js';
import { defineFlow } from '../fixtures/define-flow.js';
import { counts, createHarness } from '../fixtures/harness.js';

const deals: AnyRecord[] = [
  { id: 1, amount: '100', probability: 1 },
  { id: 2, amount: '50', probability: 0.5 },
];
const existing: AnyRecord[] = [{ id: 'o1', amount: 100 }];

const predicate = (test: CreationPredicate) => ({ name: 'dealIsWon', file: 'generated/x/predicates.ts', test });

/** [name, creation rule, extra rules, want: created, skipped, reason of the first skip]. */
const cases: [string, CreationRule, Partial<LinkRules>, { created: number; skipped: number; reason?: RegExp }][] = [
  ['always: every record neither linked nor matched gets a target', 'always', {}, { created: 1, skipped: 0 }],
  ['when-no-match: only records no target matches', 'when-no-match', {}, { created: 1, skipped: 0 }],
  ['never: unmatched records are skipped', 'never', {}, { created: 0, skipped: 1, reason: /link must be established/ }],
  [
    'when-triggered with the stub: skipped, saying which predicate to write',
    'when-triggered',
    { trigger: 'When a Deal is won', predicate: predicate(notWritten) },
    { created: 0, skipped: 1, reason: /^predicate dealIsWon in generated\/x\/predicates.ts is not written yet$/ },
  ],
  [
    'when-triggered with a written predicate: created where it holds',
    'when-triggered',
    { trigger: 'When a Deal is won', predicate: predicate((r) => r.probability === 0.5) },
    { created: 1, skipped: 0 },
  ],
  [
    'when-connected with a predicate that says no',
    'when-connected',
    { createWhenConnectedTo: ['Deal'], predicate: predicate(() => false) },
    { created: 0, skipped: 1, reason: /dealIsWon is false \(connected to Deal\)/ },
  ],
  ['when-connected without any predicate', 'when-connected', { createWhenConnectedTo: ['Deal'] }, { created: 0, skipped: 1, reason: /no predicate/ }],
];

describe('creation rules', () => {
  it.each(cases)('%s', async (_name, creation, rules, want) => {
    const flow = defineFlow({ source: 'Deal', target: 'Order', rows: [['amount', 'amount', 'integer']], merge: [['amount', 'amount']], creation, rules });
    const h = createHarness(flow, deals, existing);
    const report = await h.sync();
    expect(counts(report)).toMatchObject({ created: want.created, skipped: want.skipped, linked: 1 });
    if (want.reason) expect(report.skippedReasons[0]!.reason).toMatch(want.reason);
    expect(h.rightRecords()).toHaveLength(1 + want.created);
    expect(counts(await h.sync())).toMatchObject({ created: 0, updated: 0 });
  });

  it('a predicate sees other entities and the links of other flows', async () => {
    const contacts = defineFlow({ id: 'contacts', source: 'Contact', target: 'Contact', rows: [['name', 'name']] });
    const orders = defineFlow({
      id: 'orders',
      source: 'Deal',
      target: 'Order',
      rows: [['title', 'title']],
      creation: 'when-connected',
      rules: {
        createWhenConnectedTo: ['Contact'],
        predicate: {
          name: 'hasSyncedContact',
          file: 'p.ts',
          test: async (deal, context) => {
            const people = await context.listSource('Contact');
            return people.some((p) => p.id === deal.contact && context.isSynchronized('contacts', p.id as number));
          },
        },
      },
    });
    const left = createMemoryAdapter({
      Contact: [{ id: 1, name: 'Ann' }],
      Deal: [
        { id: 10, title: 'with Ann', contact: 1 },
        { id: 11, title: 'with nobody', contact: 2 },
      ],
    });
    const right = createMemoryAdapter();
    const store = openStateStore(':memory:');
    const report = await runSync([contacts, orders], { left, right, store, scope: 'spec' });
    expect(report.flows.map(counts)).toMatchObject([{ created: 1 }, { created: 1, skipped: 1 }]);
    expect(right.records('Order')).toEqual([{ id: 1, title: 'with Ann' }]);
  });

  it('a predicate that throws is an error for that record; the rest goes on', async () => {
    const flow = defineFlow({
      rows: [['name', 'name']],
      creation: 'when-triggered',
      rules: { predicate: predicate((r) => { if (r.id === 1) throw new Error('boom'); return true; }) },
    });
    const h = createHarness(flow, [{ id: 1, name: 'a' }, { id: 2, name: 'b' }], []);
    const report = await h.sync();
    expect(report.errors).toEqual([{ record: 1, message: 'predicate dealIsWon failed: boom' }]);
    expect(report.created).toBe(1);
  });

  it('a record whose values cannot be converted is not created, and is reported', async () => {
    const flow = defineFlow({ rows: [['n', 'n', 'integer']] });
    const h = createHarness(flow, [{ id: 1, n: 'abc' }, { id: 2, n: '2' }], []);
    const report = await h.sync();
    expect(report.errors).toEqual([{ record: 1, message: 'cannot convert "abc" to "integer" for n', fields: ['n'] }]);
    expect(h.rightRecords()).toEqual([{ id: 1, n: 2 }]);
  });
});

describe('creation values', () => {
  it('a row sync never writes (id -> id) cannot block a creation, even when it does not convert', async () => {
    const flow = defineFlow({ rows: [['id', 'id', 'integer'], ['name', 'name']] });
    const h = createHarness(flow, [{ id: 'hs-1', name: 'a' }], []);
    const report = await h.sync();
    expect(report.errors).toEqual([]);
    expect(h.rightRecords()).toEqual([{ id: 1, name: 'a' }]);
  });
});
