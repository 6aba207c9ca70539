import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../runtime/index.js';
import { createFolderAdapter, createMemoryAdapter, openStateStore, runSync, SyncAborted, type AnyFlow, type StateStore, type SystemAdapter } from '../../../runtime/sync/index.js';
import { flows } from '../../../generated/hubspot-tripletex/index.js';
import { storeFailingAt } from '../fixtures/failing.js';

// The bundled spec's "Every HubSpot Product will be synchronized with a Tripletex Product": no merge
// criteria, so nothing but the state tells a created product from any other.
const product = (flows as readonly AnyFlow[]).find((f) => f.id === 'hubspot-product-to-tripletex-product')!;
const scope = 'hubspot-tripletex';

const hubspot: AnyRecord[] = [1, 2, 3, 4].map((n) => ({
  id: `p${n}`,
  properties: { name: `Product ${n}`, description: `About ${n}`, price: `${n}9.90`, hs_cost_of_goods_sold: `${n}` },
}));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folders() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-crash-edit-'));
  dirs.push(dir);
  for (const side of ['left', 'right']) mkdirSync(join(dir, side));
  writeFileSync(join(dir, 'left', 'product.json'), JSON.stringify(hubspot));
  const file = join(dir, 'right', 'product.json');
  return {
    left: () => createFolderAdapter(join(dir, 'left')),
    right: () => createFolderAdapter(join(dir, 'right')),
    products: () => JSON.parse(readFileSync(file, 'utf8')) as AnyRecord[],
    edit: (edit: (records: AnyRecord[]) => void) => {
      const records = JSON.parse(readFileSync(file, 'utf8')) as AnyRecord[];
      edit(records);
      writeFileSync(file, JSON.stringify(records));
    },
    store: openStateStore(join(dir, 'state.db')),
  };
}

/** Dies right after the `nth` create returned: the record exists, its id reached nobody. */
function dieAfterCreate(inner: SystemAdapter, nth: number): SystemAdapter {
  let calls = 0;
  return {
    ...inner,
    list: (entity) => inner.list(entity),
    create: async (entity, values) => {
      const id = await inner.create(entity, values);
      if (++calls === nth) throw new SyncAborted(`killed after create #${nth}`);
      return id;
    },
    update: (entity, id, record, changed) => inner.update(entity, id, record, changed),
  };
}

async function run(store: StateStore, left: SystemAdapter, right: SystemAdapter) {
  return (await runSync([product], { left, right, store, scope })).flows[0]!;
}

describe('a run killed between creating a record and storing its link, the record edited before the next run', () => {
  it('in data folders (killed after the flush, in the commit): no product is created twice', async () => {
    const w = folders();
    await expect(run(storeFailingAt(w.store, 'commit'), w.left(), w.right())).rejects.toThrow(/crash/);
    expect(w.products()).toHaveLength(4);
    // Someone renames two of the new products and reprices one in Tripletex before the next run.
    w.edit((records) => {
      records[0]!.name = 'Renamed in Tripletex';
      records[1]!.priceExcludingVatCurrency = 1;
      records[2]!.name = 'Renamed too';
      records[2]!.description = 'and described';
    });
    const report = await run(w.store, w.left(), w.right());
    expect(report.created).toBe(0);
    expect(report.linked).toBe(4);
    expect(w.products()).toHaveLength(4);
    const again = await run(w.store, w.left(), w.right());
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });

  it.each([1, 2, 4])('in a system that writes at once (killed after create #%i): no product is created twice', async (nth) => {
    const left = createMemoryAdapter({ Product: structuredClone(hubspot) });
    const right = createMemoryAdapter({ Product: [{ id: 100, name: 'Existing', priceExcludingVatCurrency: 5 }] });
    const store = openStateStore(':memory:');
    await expect(run(store, left, dieAfterCreate(right, nth))).rejects.toThrow(/killed/);
    expect(right.records('Product')).toHaveLength(1 + nth);
    for (const record of right.records('Product').slice(1)) record.name = `${String(record.name)} (edited)`;
    // And someone adds a product of their own that has nothing in common with ours: it must stay unlinked.
    right.records('Product').push({ id: 200, name: 'Made by hand', description: 'Ours', priceExcludingVatCurrency: 77 });
    const report = await run(store, left, right);
    expect(report.errors).toEqual([]);
    expect(report.created).toBe(4 - nth);
    expect(right.records('Product')).toHaveLength(6);
    expect(right.records('Product').find((r) => r.id === 200)).toEqual({ id: 200, name: 'Made by hand', description: 'Ours', priceExcludingVatCurrency: 77 });
    // Every source is linked to exactly one target, and no target to two sources.
    const links = store.loadLinks(`${scope}/${product.id}`).entries();
    expect(links).toHaveLength(4);
    expect(new Set(links.map(([, l]) => l.target)).size).toBe(4);
    expect(links.map(([, l]) => l.target)).not.toContain(100);
    expect(links.map(([, l]) => l.target)).not.toContain(200);
    // The edits made in Tripletex after the create are edits like any other: they reach HubSpot.
    for (const [sourceId, link] of links) {
      const target = right.records('Product').find((r) => r.id === link.target)!;
      expect(left.records('Product').find((r) => r.id === sourceId)!.properties).toMatchObject({ name: target.name });
    }
    const again = await run(store, left, right);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });
});

describe('a system that gives a deleted record id to a new one (the next integer after the highest)', () => {
  it('does not tie the deleted record source to the new record, nor fail the run', async () => {
    const w = folders();
    const leftFile = join(dirs[dirs.length - 1]!, 'left', 'product.json');
    writeFileSync(leftFile, JSON.stringify(hubspot.slice(0, 2)));
    await run(w.store, w.left(), w.right());
    expect(w.products().map((p) => p.id)).toEqual([1, 2]);
    // Product 2 is deleted in Tripletex by hand; a new HubSpot product arrives and gets id 2 again.
    w.edit((records) => void records.pop());
    writeFileSync(leftFile, JSON.stringify(hubspot.slice(0, 3)));
    const report = await run(w.store, w.left(), w.right());
    expect(report.errors).toEqual([]);
    expect(report.created).toBe(1);
    const links = new Map(w.store.loadLinks(`${scope}/${product.id}`).entries().map(([s, l]) => [s, l.target]));
    expect(links.get('p3')).toBe(2);
    expect(links.get('p2')).toBeUndefined();
    // The next run gives p2 a product of its own again; nothing is shared.
    await run(w.store, w.left(), w.right());
    const after = new Map(w.store.loadLinks(`${scope}/${product.id}`).entries().map(([s, l]) => [s, l.target]));
    expect(new Set(after.values()).size).toBe(3);
    expect(w.products().find((p) => p.id === 2)!.name).toBe('Product 3');
  });
});
