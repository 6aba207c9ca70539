/**
 * Linked records that disappear from their system (deleted, a data-folder
 * record removed, HubSpot archived, Tripletex inactive): reported as gone in
 * the run report and the dry-run plan, nothing written to the pair, neither
 * side created again; a new record matching the target a gone source held
 * takes it over instead of duplicating it. Deletes are not propagated.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { createFolderAdapter, hubspot, openStateStore, runSync, tripletex, type SystemAdapter } from '../../../runtime/sync/index.js';
import { defineFlow } from '../fixtures/define-flow.js';
import { createHarness } from '../fixtures/harness.js';

const flow = defineFlow({
  rows: [
    ['name', 'name'],
    ['email', 'email'],
  ],
  merge: [['email', 'email']],
  creation: 'always',
});

/** An adapter whose records count as deleted when `flag` is set on them (as HubSpot's `archived`). */
const flagging = (adapter: SystemAdapter, flag: string, how: string): SystemAdapter =>
  Object.assign(Object.create(adapter) as SystemAdapter, { removed: (_entity: string, record: AnyRecord) => (record[flag] === true ? how : undefined) });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('linked records gone from their systems', () => {
  it('a target deleted in its system: reported gone (report and dry-run plan), not created again, nothing written', async () => {
    const h = createHarness(flow, [{ id: 1, name: 'Kari', email: 'k@x' }], []);
    await h.sync();
    const created = h.rightRecords()[0]!.id;
    h.rightRecords().length = 0;
    h.leftRecords()[0]!.name = 'Kari N';
    const plan = await h.sync({ dryRun: true });
    expect(plan.gone).toEqual({ count: 1, records: [{ record: 1, side: 'target', id: created, how: 'no longer listed' }] });
    expect(plan.plan!.gone).toEqual([{ record: 1, side: 'target', id: created, how: 'no longer listed' }]);
    expect(plan.plan!.creates).toEqual([]);
    const report = await h.sync();
    expect(report).toMatchObject({ created: 0, updated: 0, skipped: 1, gone: { count: 1 } });
    expect(report.skippedReasons[0]!.reason).toMatch(/its linked Contact no longer exists in Right: gone, so nothing is written and it is not created again/);
    expect(h.rightRecords()).toEqual([]);
    expect(h.leftRecords()[0]!.name).toBe('Kari N');
  });

  it('a record removed from a data folder: its link is reported gone on every run, the other side is left as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-gone-'));
    dirs.push(dir);
    const left = join(dir, 'left');
    const right = join(dir, 'right');
    mkdirSync(left);
    mkdirSync(right);
    writeFileSync(join(left, 'contact.json'), JSON.stringify([{ id: 1, name: 'Kari', email: 'k@x' }, { id: 2, name: 'Ola', email: 'o@x' }]));
    writeFileSync(join(right, 'contact.json'), '[]');
    const store = openStateStore(':memory:');
    const sync = (dryRun = false) => runSync([flow], { left: createFolderAdapter(left), right: createFolderAdapter(right), store, dryRun });
    await sync();
    const targets = JSON.parse(readFileSync(join(right, 'contact.json'), 'utf8')) as AnyRecord[];
    expect(targets).toHaveLength(2);
    writeFileSync(join(left, 'contact.json'), JSON.stringify([{ id: 2, name: 'Ola', email: 'o@x' }]));
    for (let run = 0; run < 2; run++) {
      const report = (await sync()).flows[0]!;
      expect(report.gone).toEqual({ count: 1, records: [{ record: 1, side: 'source', id: 1, how: 'no longer listed' }] });
      expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    }
    expect(JSON.parse(readFileSync(join(right, 'contact.json'), 'utf8'))).toEqual(targets);
    expect((await sync(true)).flows[0]!.plan!.gone).toEqual([{ record: 1, side: 'source', id: 1, how: 'no longer listed' }]);
    store.close();
  });

  it('archived in its system (the adapter\'s removed hook): a linked pair is gone and not written; an unlinked one is not created', async () => {
    const h = createHarness(flow, [{ id: 1, name: 'Kari', email: 'k@x' }], []);
    await h.sync();
    const left = flagging(h.left, 'archived', 'archived');
    Object.assign(h.leftRecords()[0]!, { archived: true, name: 'Kari (archived)' });
    h.leftRecords().push({ id: 2, name: 'Ola', email: 'o@x', archived: true });
    const report = await h.sync({ left });
    expect(report).toMatchObject({ created: 0, updated: 0, gone: { count: 1, records: [{ record: 1, side: 'source', id: 1, how: 'archived' }] } });
    expect(report.skippedReasons.map((r) => r.reason)).toEqual([
      'it is archived in Left: gone, so nothing is written to its linked Contact',
      'it is archived in Left, so it is neither matched nor created',
    ]);
    expect(h.rightRecords()).toMatchObject([{ name: 'Kari' }]);
  });

  it('inactive in the target system: the pair is gone, nothing is written to either side', async () => {
    const h = createHarness(flow, [{ id: 1, name: 'Kari', email: 'k@x' }], []);
    await h.sync();
    const right = flagging(h.right, 'isInactive', 'inactive');
    Object.assign(h.rightRecords()[0]!, { isInactive: true, name: 'Kari T' });
    const report = await h.sync({ right });
    expect(report).toMatchObject({ updated: 0, gone: { count: 1, records: [{ record: 1, side: 'target', how: 'inactive' }] } });
    expect(h.leftRecords()[0]!.name).toBe('Kari');
  });

  it('a source deleted and entered again (same e-mail, new id) takes over its old target instead of duplicating it', async () => {
    const h = createHarness(flow, [{ id: 1, name: 'Kari', email: 'k@x' }], []);
    await h.sync();
    const target = h.rightRecords()[0]!.id;
    h.leftRecords().length = 0;
    h.leftRecords().push({ id: 7, name: 'Kari Nordmann', email: 'K@X ' });
    const plan = await h.sync({ dryRun: true });
    expect(plan.plan!.creates).toEqual([]);
    expect(plan.plan!.links).toEqual([{ record: 7, target, by: 'email = email (in place of Contact 1, gone from Left)' }]);
    const report = await h.sync();
    expect(report).toMatchObject({ created: 0, linked: 1, gone: { count: 1, records: [{ record: 1, side: 'source', id: 1, how: 'no longer listed' }] } });
    expect(h.rightRecords()).toEqual([expect.objectContaining({ id: target, name: 'Kari Nordmann' })]);
    // The old link is replaced: the next run is quiet, with nothing gone.
    const again = await h.sync();
    expect(again).toMatchObject({ created: 0, linked: 0, unchanged: 1 });
    expect(again.gone).toBeUndefined();
  });

  it('HubSpot counts archived objects as removed, Tripletex inactive ones (where the resource has isInactive)', () => {
    const hs = hubspot({ baseUrl: 'http://127.0.0.1:1', token: 't' });
    expect(hs.removed!('Contact', { id: '1', archived: true })).toBe('archived');
    expect(hs.removed!('Contact', { id: '1', archived: false })).toBeUndefined();
    const tt = tripletex({ baseUrl: 'http://127.0.0.1:1/v2', consumerToken: 'c', employeeToken: 'e' });
    expect(tt.removed!('Customer', { id: 1, isInactive: true })).toBe('inactive');
    expect(tt.removed!('Product', { id: 1, isInactive: false })).toBeUndefined();
    expect(tt.removed!('Employee', { id: 1, isInactive: true })).toBeUndefined();
  });
});
