import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import {
  COVERAGE,
  coverageRowKey,
  createFolderAdapter,
  createMemoryAdapter,
  openStateStore,
  RecordRejected,
  runSync,
  type StateStore,
  type SystemAdapter,
} from '../../../runtime/sync/index.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { contactsByEmail, defineFlow } from '../fixtures/define-flow.js';
import { failAt, storeFailingAt, type Step } from '../fixtures/failing.js';
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
const row = (i: number, f = flow) => coverageRowKey(f.properties[i]!.source, f.properties[i]!.target);
const CREATED = COVERAGE.decision('created: no link and no match');

const people: AnyRecord[] = [
  { id: 1, mail: 'ann@x', age: '41', nick: 'A' },
  { id: 2, mail: 'bob@x', age: 'old' },
  { id: 3, mail: 'cy@x', age: '7' },
];
const contacts: AnyRecord[] = [{ id: 'c1', email: 'ann@x', years: 40 }];

function item(counts: Map<string, Map<string, number>>, name: string, flowId = 'flow'): number {
  return counts.get(flowId)?.get(name) ?? 0;
}

/** Fails with RecordRejected (a 4xx: this record only) the creates and updates whose record satisfies `when`. */
function rejecting(inner: SystemAdapter, when: (record: AnyRecord) => boolean): SystemAdapter {
  return {
    ...inner,
    create: (entity, values) => (when(values) ? Promise.reject(new RecordRejected('400 invalid')) : inner.create(entity, values)),
    update: (entity, id, record, changed) => (when(record) ? Promise.reject(new RecordRejected('400 invalid')) : inner.update(entity, id, record, changed)),
  };
}

describe('coverage from sync runs', () => {
  it('counts rows carried each way, links per merge criterion, creation decisions and failed conversions, added up over runs', async () => {
    const h = createHarness(flow, people, contacts);
    await h.sync();
    let counts = h.store.loadCoverage('');
    expect(item(counts, COVERAGE.runs)).toBe(1);
    // Ann matched by mail; Cy was created; Bob's "old" is no integer: his creation failed and counts only as a failure.
    expect(item(counts, COVERAGE.merge('mail = email'))).toBe(1);
    expect(item(counts, CREATED)).toBe(1);
    expect(item(counts, COVERAGE.failed(row(1)))).toBe(1);
    // Cy's new contact carries mail and age; Ann's link carries age (41 over 40) and nick.
    expect(item(counts, COVERAGE.toTarget(row(0)))).toBe(1);
    expect(item(counts, COVERAGE.toTarget(row(1)))).toBe(2);
    expect(item(counts, COVERAGE.toTarget(row(2)))).toBe(1);
    expect(item(counts, COVERAGE.toSource(row(0)))).toBe(0);

    // An edit on the target side flows back to the source: counted "to source".
    const ann = h.right.records('Contact').find((c) => c.id === 'c1')!;
    ann.alias = 'Annie';
    ann.updatedAt = '2030-01-01T00:00:00Z';
    const dry = await h.sync({ dryRun: true });
    expect(dry.updated).toBeGreaterThan(0);
    expect(h.store.loadCoverage('')).toEqual(counts); // a dry run records nothing
    await h.sync();
    counts = h.store.loadCoverage('');
    expect(item(counts, COVERAGE.runs)).toBe(2);
    expect(item(counts, COVERAGE.toSource(row(2)))).toBe(1);
    // Unchanged pairs carry nothing; Bob still fails (retried every run), and is counted again.
    expect(item(counts, COVERAGE.toTarget(row(1)))).toBe(2);
    expect(item(counts, COVERAGE.merge('mail = email'))).toBe(1);
    expect(item(counts, COVERAGE.failed(row(1)))).toBe(2);
    expect(item(counts, CREATED)).toBe(1);
  });

  it('counts nothing of a record the system rejected, until a later run writes it', async () => {
    const h = createHarness(flow, people, contacts);
    // Cy's create and Ann's update are refused (4xx): neither their rows nor Cy's decision count. Ann's link is
    // stored all the same (with no last-synced values, so the next run writes her again): her merge criterion counts.
    const refuse = (r: AnyRecord) => r.email === 'cy@x' || r.email === 'ann@x';
    const first = await h.sync({ right: rejecting(h.right, refuse) });
    expect(first.errors.map((e) => e.record).sort()).toEqual([1, 2, 3]);
    let counts = h.store.loadCoverage('');
    expect(item(counts, COVERAGE.runs)).toBe(1);
    expect(item(counts, CREATED)).toBe(0);
    expect(item(counts, COVERAGE.merge('mail = email'))).toBe(1);
    for (const i of [0, 1, 2]) expect(item(counts, COVERAGE.toTarget(row(i)))).toBe(0);
    expect(item(counts, COVERAGE.failed(row(1)))).toBe(1); // Bob's conversion did fail

    // The next run writes them: counted once, as a clean first run would have.
    await h.sync();
    counts = h.store.loadCoverage('');
    expect(item(counts, CREATED)).toBe(1);
    expect(item(counts, COVERAGE.merge('mail = email'))).toBe(1);
    expect(item(counts, COVERAGE.toTarget(row(0)))).toBe(1);
    expect(item(counts, COVERAGE.toTarget(row(1)))).toBe(2);
    expect(item(counts, COVERAGE.toTarget(row(2)))).toBe(1);
  });

  it('counts each creation outcome by rule', async () => {
    const never = defineFlow({ id: 'flow', source: 'Person', target: 'Contact', rows: [['mail', 'email']], creation: 'never' });
    const h = createHarness(never, people, []);
    await h.sync();
    expect(item(h.store.loadCoverage(''), COVERAGE.decision('not created: a link must be established first'))).toBe(3);
    await h.sync({ dryRun: true });
    expect(item(h.store.loadCoverage(''), COVERAGE.decision('not created: a link must be established first'))).toBe(3);
  });
});

// A crash at any write, then a run that resumes: every count at most what one clean run counts (a write the
// killed run made but did not store is not counted by it, and the resumed run finds it done), and the
// creations it recovers counted exactly once.
const crashFlow = contactsByEmail;
const crashPeople: AnyRecord[] = [
  { id: 1, email: 'a@x', name: 'A' },
  { id: 2, email: 'b@x', name: 'B' },
  { id: 3, email: 'c@x', name: 'C' },
  { id: 4, email: 'd@x', name: 'D' },
];
const crashContacts: AnyRecord[] = [{ id: 1, email: 'a@x', name: 'old' }];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type World = { left: () => SystemAdapter; right: () => SystemAdapter; store: StateStore };
function memoryWorld(): World {
  const left = createMemoryAdapter({ Contact: structuredClone(crashPeople) });
  const right = createMemoryAdapter({ Contact: structuredClone(crashContacts) });
  return { left: () => left, right: () => right, store: openStateStore(':memory:') };
}
function folderWorld(): World {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-coverage-'));
  dirs.push(dir);
  for (const [side, records] of [
    ['left', crashPeople],
    ['right', crashContacts],
  ] as const) {
    mkdirSync(join(dir, side));
    writeFileSync(join(dir, side, 'contact.json'), JSON.stringify(records));
  }
  return { left: () => createFolderAdapter(join(dir, 'left')), right: () => createFolderAdapter(join(dir, 'right')), store: openStateStore(join(dir, 'state.db')) };
}

const crashRow = (i: number) => row(i, crashFlow);
const kills: [string, (world: World) => Promise<unknown>][] = [
  ...([
    ['create', 1],
    ['create', 2],
    ['create', 3],
    ['update', 1],
    ['flush', 1],
  ] as [Step, number][]).map(([step, nth]): [string, (world: World) => Promise<unknown>] => [
    `${step} #${nth}`,
    (world) => runSync([crashFlow], { left: world.left(), right: failAt(world.right(), step, nth), store: world.store }),
  ]),
  ...(['recordIntents', 'commit'] as const).map((method): [string, (world: World) => Promise<unknown>] => [
    `the state's ${method}`,
    (world) => runSync([crashFlow], { left: world.left(), right: world.right(), store: storeFailingAt(world.store, method) }),
  ]),
];

describe.each([
  ['in memory', memoryWorld],
  ['in data folders', folderWorld],
])('coverage across a crash %s', (_name, makeWorld) => {
  it('a clean run counts every write once', async () => {
    const world = makeWorld();
    await runSync([crashFlow], { left: world.left(), right: world.right(), store: world.store });
    const counts = world.store.loadCoverage('');
    expect(item(counts, CREATED)).toBe(3);
    expect(item(counts, COVERAGE.merge('email = email'))).toBe(1);
    expect(item(counts, COVERAGE.toTarget(crashRow(0)))).toBe(3);
    expect(item(counts, COVERAGE.toTarget(crashRow(1)))).toBe(4);
  });

  it.each(kills)('killed at %s: nothing counted by the killed run, nothing twice after the resume', async (_at, kill) => {
    const world = makeWorld();
    await expect(kill(world)).rejects.toThrow(/crash/);
    expect(world.store.loadCoverage('').get('flow') ?? new Map()).toEqual(new Map());
    await runSync([crashFlow], { left: world.left(), right: world.right(), store: world.store });
    const counts = world.store.loadCoverage('');
    expect(item(counts, COVERAGE.runs)).toBe(1);
    // Each creation was made once (by the killed run or the resumed one) and counts once.
    expect(item(counts, CREATED)).toBe(3);
    expect(item(counts, COVERAGE.toTarget(crashRow(0)))).toBe(3);
    // The link by email is stored once; Ann's name counts if the resumed run wrote it (the killed run may have).
    expect(item(counts, COVERAGE.merge('email = email'))).toBe(1);
    expect([3, 4]).toContain(item(counts, COVERAGE.toTarget(crashRow(1))));
    // Nothing is left to count.
    await runSync([crashFlow], { left: world.left(), right: world.right(), store: world.store });
    const again = world.store.loadCoverage('');
    expect(item(again, COVERAGE.runs)).toBe(2);
    again.get('flow')!.delete(COVERAGE.runs);
    counts.get('flow')!.delete(COVERAGE.runs);
    expect(again).toEqual(counts);
  });
});
