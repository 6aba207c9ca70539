import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { COVERAGE, coverageRowKey } from '../../../runtime/sync/index.js';
import { defineFlow } from '../fixtures/define-flow.js';
import { createHarness } from '../fixtures/harness.js';

const flow = defineFlow({
  source: 'Person',
  target: 'Contact',
  rows: [
    ['mail', 'email'],
    ['age', 'years', 'integer'],
    ['nick', 'alias'],
  ],
  merge: [['mail', 'email']],
  creation: 'when-no-match',
});
const row = (i: number) => coverageRowKey(flow.properties[i]!.source, flow.properties[i]!.target);

const people: AnyRecord[] = [
  { id: 1, mail: 'ann@x', age: '41', nick: 'A' },
  { id: 2, mail: 'bob@x', age: 'old' },
  { id: 3, mail: 'cy@x', age: '7' },
];
const contacts: AnyRecord[] = [{ id: 'c1', email: 'ann@x', years: 40 }];

function item(counts: Map<string, Map<string, number>>, name: string): number {
  return counts.get('flow')?.get(name) ?? 0;
}

describe('coverage from sync runs', () => {
  it('counts rows carried each way, links per merge criterion, creation decisions and failed conversions, added up over runs', async () => {
    const h = createHarness(flow, people, contacts);
    await h.sync();
    let counts = h.store.loadCoverage('');
    expect(item(counts, COVERAGE.runs)).toBe(1);
    // Ann matched by mail; Bob and Cy were decided (no match: created), Bob's "old" is no integer.
    expect(item(counts, COVERAGE.merge('mail = email'))).toBe(1);
    expect(item(counts, COVERAGE.decision('created: no link and no match'))).toBe(2);
    expect(item(counts, COVERAGE.failed(row(1)))).toBe(1);
    // Cy's new contact carries mail and age; Ann's link carries age (41 over 40) and nick.
    expect(item(counts, COVERAGE.toTarget(row(1)))).toBe(2);
    expect(item(counts, COVERAGE.toTarget(row(2)))).toBe(1);
    expect(item(counts, COVERAGE.toSource(row(0)))).toBe(0);

    // An edit on the target side flows back to the source: counted "to source".
    const ann = h.right.records('Contact').find((c) => c.id === 'c1')!;
    ann.alias = 'Annie';
    ann.updatedAt = '2030-01-01T00:00:00Z';
    const dry = await h.sync({ dryRun: true });
    expect(dry.updated).toBeGreaterThan(0);
    counts = h.store.loadCoverage('');
    expect(item(counts, COVERAGE.runs)).toBe(1); // a dry run records nothing
    await h.sync();
    counts = h.store.loadCoverage('');
    expect(item(counts, COVERAGE.runs)).toBe(2);
    expect(item(counts, COVERAGE.toSource(row(2)))).toBe(1);
    // Bob still fails (retried every run), and is counted again.
    expect(item(counts, COVERAGE.failed(row(1)))).toBe(2);
  });

  it('counts each creation outcome by rule', async () => {
    const never = defineFlow({ id: 'flow', source: 'Person', target: 'Contact', rows: [['mail', 'email']], creation: 'never' });
    const h = createHarness(never, people, []);
    await h.sync();
    expect(item(h.store.loadCoverage(''), COVERAGE.decision('not created: a link must be established first'))).toBe(3);
  });
});
