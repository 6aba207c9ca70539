import { describe, expect, it } from 'vitest';
import { canonical, createMemoryAdapter, openStateStore, runSync, SyncAborted, type AnyFlow, type StateStore, type SystemAdapter } from '../../../runtime/sync/index.js';
import { specFlows, type ProductRows } from '../../reliability/sync-model/flows.js';

// The bundled spec's product flow ("Every HubSpot Product will be synchronized with a Tripletex Product":
// no merge criteria, so nothing but the state tells a created product from any other), in the versions
// the model test moves between: every row, or without properties.price -> priceExcludingVatCurrency.
const productFlow = (rows: ProductRows): AnyFlow => specFlows({ rows, renamed: false })[2]!;
const scope = 'hubspot-tripletex';

/** Dies right after the `nth` create returned: the record exists, its id reached nobody. */
function dieAfterCreate(inner: SystemAdapter, nth = 1): SystemAdapter {
  let calls = 0;
  return {
    list: (entity, options) => inner.list(entity, options),
    create: async (entity, values) => {
      const id = await inner.create(entity, values);
      if (++calls === nth) throw new SyncAborted(`killed after create #${nth}`);
      return id;
    },
    update: (entity, id, record, changed) => inner.update(entity, id, record, changed),
  };
}

/**
 * A system's own search as HubSpot's and Tripletex's are: every given value must match, and values that
 * are all empty find nothing (there is nothing to search by). Its listing may lag behind a create.
 */
function searchable(inner: ReturnType<typeof createMemoryAdapter>, lagging: boolean): SystemAdapter {
  const empty = (v: unknown) => v === undefined || v === null || v === '';
  return {
    list: (entity, options) => (lagging ? [] : inner.list(entity, options)),
    create: (entity, values) => inner.create(entity, values),
    update: (entity, id, record, changed) => inner.update(entity, id, record, changed),
    findCreated: async (entity, values) => {
      const keys = Object.keys(values);
      if (keys.every((k) => empty(values[k]))) return undefined;
      return inner.records(entity).findLast((r) => keys.every((k) => canonical(r[k] ?? null) === canonical(values[k] ?? null)))?.id as number | undefined;
    },
  };
}

async function run(flow: AnyFlow, store: StateStore, left: SystemAdapter, right: SystemAdapter) {
  return (await runSync([flow], { left, right, store, scope })).flows[0]!;
}

const links = (store: StateStore, flow: AnyFlow) => store.loadLinks(`${scope}/${flow.id}`).entries().map(([s, l]) => [s, l.target]);

/**
 * A run is killed right after a create returned (the record exists, its id was never stored), and the
 * spec changes before the next run: a row is removed or added. The stored intent holds the values over
 * the old rows, the plan over the new ones. The product's only value is on the row that changes, so on
 * every row the two share its values are empty.
 */
describe('a run killed after a create, then the spec changes before the next run', () => {
  it.each<[string, ProductRows, ProductRows]>([
    ['a row removed (the price)', 'all', 'no-price'],
    ['a row added (the price)', 'no-price', 'all'],
  ])('%s: the product the killed run created is recognised, not created again', async (_case, before, after) => {
    const left = createMemoryAdapter({ Product: [{ id: 'p1', properties: { price: '12.5' } }, { id: 'p2', properties: { name: 'Named', price: '3' } }] });
    const right = createMemoryAdapter({ Product: [] });
    const store = openStateStore(':memory:');
    await expect(run(productFlow(before), store, left, dieAfterCreate(right, 1))).rejects.toThrow(/killed/);
    expect(right.records('Product')).toHaveLength(1);
    const report = await run(productFlow(after), store, left, right);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ linked: 1, created: 1 });
    expect(right.records('Product')).toHaveLength(2);
    expect(links(store, productFlow(after))).toContainEqual(['p1', right.records('Product')[0]!.id]);
    const again = await run(productFlow(after), store, left, right);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('a row removed and the listing lags behind the create: the system search, by the values the create sent, finds it', async () => {
    const left = createMemoryAdapter({ Product: [{ id: 'p1', properties: { price: '12.5' } }] });
    const inner = createMemoryAdapter({ Product: [] });
    const store = openStateStore(':memory:');
    await expect(run(productFlow('all'), store, left, dieAfterCreate(inner, 1))).rejects.toThrow(/killed/);
    // On the rows the spec still has the intended values are all empty: only the removed price tells the record.
    const report = await run(productFlow('no-price'), store, left, searchable(inner, true));
    expect(report).toMatchObject({ linked: 1, created: 0 });
    expect(inner.records('Product')).toHaveLength(1);
    expect(links(store, productFlow('no-price'))).toEqual([['p1', inner.records('Product')[0]!.id]]);
  });

  it('nothing in common to go by and no search: a record made by hand since is never taken for the created one', async () => {
    const left = createMemoryAdapter({ Product: [{ id: 'p1', properties: { price: '12.5' } }] });
    const right = createMemoryAdapter({ Product: [] });
    const store = openStateStore(':memory:');
    const onlyPrice: AnyFlow = { ...productFlow('all'), properties: productFlow('all').properties.filter((p) => p.target.path[0] === 'priceExcludingVatCurrency') };
    const onlyName: AnyFlow = { ...productFlow('all'), properties: productFlow('all').properties.filter((p) => p.target.path[0] === 'name') };
    await expect(run(onlyPrice, store, left, dieAfterCreate(right, 1))).rejects.toThrow(/killed/);
    // The killed run's product, edited since; and one added by hand. The spec now maps only the name.
    right.records('Product')[0]!.name = 'Edited';
    right.records('Product').push({ id: 500, name: 'Made by hand' });
    await run(onlyName, store, left, right);
    expect(links(store, onlyName).map(([, t]) => t)).not.toContain(500);
  });
});
