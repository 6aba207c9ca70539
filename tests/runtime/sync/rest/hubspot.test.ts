import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyRecord } from '../../../../runtime/flow.js';
import { hubspot, HUBSPOT_LIMITS, type RestSystem } from '../../../../runtime/sync/index.js';
import { startHubSpot, type HubSpotEmulator } from '../../../emulators/hubspot-emulator.js';
import { caught, drain } from './calls.js';
import { closeChecked, connectHubSpot } from './emulated.js';
import { testClock, type TestClock } from './test-clock.js';

const CONTACT_PATHS = [['id'], ['properties', 'email'], ['properties', 'firstname'], ['properties', 'lastname']];
const spec = (path: string[]) => ({ path, conditions: [] });

let api: HubSpotEmulator;
let clock: TestClock;
let system: RestSystem;

function connect(options: Parameters<typeof hubspot>[0] = {}): RestSystem {
  return connectHubSpot(api, clock, { limits: { concurrency: 4 }, ...options });
}

beforeEach(async () => {
  api = await startHubSpot();
  clock = testClock(api.clock);
  system = connect();
});

afterEach(() => closeChecked(api));

describe('hubspot(): listing', () => {
  it('reads every page by the after cursor, asking only for the mapped properties', async () => {
    api.seed('contacts', Array.from({ length: 250 }, (_, i) => ({ email: `p${i}@example.no`, firstname: `P${i}`, phone: '1' })));
    const records = await system.list('Contact', { paths: CONTACT_PATHS });
    expect(records).toHaveLength(250);
    expect(new Set(records.map((r) => r.id)).size).toBe(250);
    const gets = api.log.filter((e) => e.method === 'GET');
    expect(gets).toHaveLength(3);
    expect(gets.map((e) => e.query.limit)).toEqual(['100', '100', '100']);
    expect(gets[0]!.query.properties).toBe('email,firstname,lastmodifieddate,lastname');
    expect(gets[1]!.query.after).toBeTruthy();
    const first = records[0] as { properties: Record<string, unknown> };
    expect(first.properties.email).toBe('p0@example.no');
    expect(first.properties.lastname).toBeNull();
    expect('phone' in first.properties).toBe(false);
  });

  it('knows the objects by the specs entity names and says which it knows otherwise', async () => {
    expect(system.entities).toEqual(expect.arrayContaining(['Contact', 'Company', 'Deal', 'Lineitem', 'Product', 'Quote', 'Ticket']));
    api.seed('line_items', [{ name: 'Widget', quantity: '2' }]);
    expect(await system.list('Lineitem', { paths: [['properties', 'quantity']] })).toHaveLength(1);
    expect(api.log[0]!.path).toBe('/crm/v3/objects/line_items');
    expect(api.log[0]!.query.properties).toBe('hs_lastmodifieddate,quantity');
    await expect(system.list('Invoice')).rejects.toThrow(/HubSpot has no entity "Invoice"; it knows Contact, Company/);
  });

  it('reads associations (Lineitemdealassociationtype) from the from-objects list, one record per pair', async () => {
    const [a, b] = api.seed('line_items', [{ name: 'A' }, { name: 'B' }]);
    const [d1, d2] = api.seed('deals', [{ dealname: 'D1' }, { dealname: 'D2' }]);
    api.associate('line_items', a!.id, 'deals', d1!.id);
    api.associate('line_items', a!.id, 'deals', d2!.id);
    api.associate('line_items', b!.id, 'deals', d2!.id);
    const records = await system.list('Lineitemdealassociationtype');
    expect(records).toEqual([
      { id: `${a!.id}_${d1!.id}`, fromObjectId: a!.id, toObjectId: d1!.id, associationType: 'line_item_to_deal' },
      { id: `${a!.id}_${d2!.id}`, fromObjectId: a!.id, toObjectId: d2!.id, associationType: 'line_item_to_deal' },
      { id: `${b!.id}_${d2!.id}`, fromObjectId: b!.id, toObjectId: d2!.id, associationType: 'line_item_to_deal' },
    ]);
    expect(api.log[0]).toMatchObject({ path: '/crm/v3/objects/line_items', query: { associations: 'deals' } });
    await expect(system.create('Lineitemdealassociationtype', {})).rejects.toMatchObject({ name: 'RecordRejected' });
  });

  it('reads every association: past the inline share, an object\'s are paged from the v4 API; objects over several listing pages', async () => {
    const items = api.seed('line_items', Array.from({ length: 150 }, (_, i) => ({ name: `L${i}` })));
    const deals = api.seed('deals', Array.from({ length: 1200 }, (_, i) => ({ dealname: `D${i}` })));
    // One line item on 1,200 deals (inline 100, then v4 pages of 500), one on 3, the last (second listing page) on 1.
    for (const d of deals) api.associate('line_items', items[0]!.id, 'deals', d.id);
    for (const d of deals.slice(0, 3)) api.associate('line_items', items[1]!.id, 'deals', d.id);
    api.associate('line_items', items[149]!.id, 'deals', deals[7]!.id);
    const records = await system.list('Lineitemdealassociationtype');
    expect(records).toHaveLength(1204);
    expect(new Set(records.map((r) => r.id)).size).toBe(1204);
    const first = records.filter((r) => r.fromObjectId === items[0]!.id);
    expect(first.map((r) => r.toObjectId)).toEqual(deals.map((d) => d.id));
    expect(first[0]).toEqual({ id: `${items[0]!.id}_${deals[0]!.id}`, fromObjectId: items[0]!.id, toObjectId: deals[0]!.id, associationType: 'HUBSPOT_DEFINED:1' });
    expect(records.filter((r) => r.fromObjectId === items[1]!.id).map((r) => r.associationType)).toEqual(['line_item_to_deal', 'line_item_to_deal', 'line_item_to_deal']);
    expect(records.at(-1)).toMatchObject({ fromObjectId: items[149]!.id, toObjectId: deals[7]!.id });
    const v4 = api.log.filter((e) => e.path.startsWith('/crm/v4/'));
    expect(v4.map((e) => `${e.path} ${e.query.after ?? '-'}`)).toEqual(
      ['-', '500', '1000'].map((after) => `/crm/v4/objects/line_items/${items[0]!.id}/associations/deals ${after}`),
    );
    expect(api.log.filter((e) => e.path === '/crm/v3/objects/line_items')).toHaveLength(2);
  });

  it('stops the run on an answer that does not fit the API schema, instead of reading it as no records', async () => {
    api.inject({ method: 'GET', kind: 'status', status: 200, body: { results: [{ id: 7, properties: {} }] } });
    await expect(system.list('Contact')).rejects.toMatchObject({ name: 'SyncAborted', message: expect.stringMatching(/does not fit the API's schema at results\.0\.id/) });
  });
});

describe('hubspot(): changes through search', () => {
  it('reads records changed since the cursor, oldest first, on lastmodifieddate (hs_lastmodifieddate for others)', async () => {
    const seeded = api.seed('contacts', Array.from({ length: 30 }, (_, i) => ({ email: `c${i}@example.no` })));
    const since = { at: api.clock.iso(), id: seeded[29]!.id };
    api.clock.advance(60_000);
    for (const r of seeded.slice(10, 15)) api.edit('contacts', r.id, { firstname: 'Changed' });
    api.clock.advance(60_000);
    const pages = await drain(system.changes!('Contact', { since, until: api.clock.iso(), paths: CONTACT_PATHS }));
    const records = pages.flatMap((p) => p.records);
    // GTE: the 30 at the cursor's own time come again (the engine drops them), plus the 5 changed.
    expect(records.filter((r) => (r.properties as AnyRecord).firstname === 'Changed')).toHaveLength(5);
    const search = api.log.find((e) => e.path === '/crm/v3/objects/contacts/search')!;
    const body = search.body as { filterGroups: { filters: { propertyName: string; operator: string }[] }[]; sorts: unknown[] };
    expect(body.filterGroups[0]!.filters.map((f) => `${f.propertyName} ${f.operator}`)).toEqual(['lastmodifieddate GTE', 'lastmodifieddate LTE']);
    expect(body.sorts).toEqual([{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }]);
    expect(pages.at(-1)!.cursor.at).toBe(api.clock.iso());

    api.seed('deals', [{ dealname: 'D' }]);
    await drain(system.changes!('Deal', { since, until: api.clock.iso() }));
    const deals = api.log.find((e) => e.path === '/crm/v3/objects/deals/search')!;
    expect(JSON.stringify(deals.body)).toContain('hs_lastmodifieddate');
  });

  it('gets past the 10,000-result cap by re-anchoring, even when thousands share one timestamp', async () => {
    const start = api.clock.iso();
    api.clock.advance(1000);
    // A bulk job: 10,150 records stamped with one time, then 120 more later.
    api.seed('contacts', Array.from({ length: 10_150 }, (_, i) => ({ email: `bulk${i}@example.no` })));
    api.clock.advance(1000);
    api.seed('contacts', Array.from({ length: 120 }, (_, i) => ({ email: `late${i}@example.no` })));
    api.clock.advance(1000);
    const pages = await drain(system.changes!('Contact', { since: { at: start, id: '' }, until: api.clock.iso(), paths: CONTACT_PATHS }));
    const ids = pages.flatMap((p) => p.records.map((r) => r.id as string));
    expect(new Set(ids).size).toBe(10_270);
    // No request went past the cap (the emulator answers 400 there), and none failed.
    const searches = api.log.filter((e) => e.path.endsWith('/search'));
    expect(searches.every((e) => e.status === 200)).toBe(true);
    expect(searches.every((e) => Number((e.body as { after: string }).after) < 10_000)).toBe(true);
    // The tie pass reads the shared timestamp by id.
    expect(searches.some((e) => JSON.stringify(e.body).includes('"propertyName":"hs_object_id","direction":"ASCENDING"'))).toBe(true);
    // Cursors never go backwards.
    const cursors = pages.map((p) => p.cursor.at);
    expect([...cursors].sort()).toEqual(cursors);
  });

  it('reads again what the search index had not caught up with, through the lookback', async () => {
    const lagged = connect({ lookbackMs: 5 * 60_000 });
    const [record] = api.seed('contacts', [{ email: 'a@example.no' }]);
    api.indexLagMs = 60_000;
    const firstUntil = api.clock.iso();
    const first = await drain(lagged.changes!('Contact', { since: { at: new Date(api.clock.now() - 1000).toISOString(), id: '' }, until: firstUntil }));
    expect(first.flatMap((p) => p.records)).toHaveLength(0);
    api.clock.advance(120_000);
    const second = await drain(lagged.changes!('Contact', { since: first.at(-1)!.cursor, until: api.clock.iso() }));
    expect(second.flatMap((p) => p.records).map((r) => r.id)).toEqual([record!.id]);
  });

  it('reads from the start with the plain listing and moves the cursor to until with the last page', async () => {
    api.seed('contacts', Array.from({ length: 150 }, (_, i) => ({ email: `s${i}@example.no` })));
    const pages = await drain(system.changes!('Contact', { since: null, until: api.clock.iso() }));
    expect(pages.flatMap((p) => p.records)).toHaveLength(150);
    expect(pages[0]!.cursor.at).toBe(new Date(0).toISOString());
    expect(pages.at(-1)!.cursor.at).toBe(api.clock.iso());
    expect(api.count('POST')).toBe(0);
  });
});

describe('hubspot(): the system\'s clock', () => {
  it('gives a local instant in HubSpot\'s time, from its Date headers (one small read when nothing was heard yet)', async () => {
    // This machine's clock (the default one) is months ahead of the emulator's.
    const skewed = hubspot({ baseUrl: api.url, token: 'hubspot-test-token' });
    const local = new Date().toISOString();
    const there = Date.parse(await skewed.systemTime!('Contact', local));
    expect(api.log.map((e) => `${e.method} ${e.path} ${e.query.limit}`)).toEqual(['GET /crm/v3/objects/contacts 1']);
    // Date has whole seconds and left before the answer came: at most a few seconds early, never late.
    expect(there).toBeLessThanOrEqual(api.clock.now());
    expect(there).toBeGreaterThan(api.clock.now() - 5000);
    await skewed.systemTime!('Contact', local);
    expect(api.log).toHaveLength(1);
  });
});

describe('hubspot(): writes', () => {
  it('creates in batches; a 207 fails only the refused record, matched by trace id though answers come reordered', async () => {
    const results = await system.createMany!('Contact', [
      { properties: { email: 'ok1@example.no', firstname: 'A' } },
      { properties: { email: 'not-an-email', firstname: 'B' } },
      { properties: { email: 'ok2@example.no', firstname: 'C' } },
    ]);
    expect(api.count('POST', '/crm/v3/objects/contacts/batch/create')).toBe(1);
    const [a, b, c] = results as [{ id: string }, { error: { name: string; fields: string[]; message: string; requestId: string } }, { id: string }];
    expect(api.get('contacts', a.id)!.properties.email).toBe('ok1@example.no');
    expect(api.get('contacts', c.id)!.properties.email).toBe('ok2@example.no');
    expect(b.error.name).toBe('RecordRejected');
    expect(b.error.fields).toEqual(['properties.email']);
    expect(b.error.message).toMatch(/INVALID_EMAIL|invalid/);
    expect(b.error.requestId).toBeTruthy();
  });

  it('never re-sends a batch create whose connection broke after it was carried out: MaybeCreated, settled by findCreated', async () => {
    api.inject({ method: 'POST', path: '/crm/v3/objects/contacts/batch/create', kind: 'reset-after' });
    const results = await system.createMany!('Contact', [{ properties: { email: 'x@example.no' } }, { properties: { email: 'y@example.no' } }]);
    expect(results.map((r) => ('error' in r ? r.error.name : 'id'))).toEqual(['MaybeCreated', 'MaybeCreated']);
    expect(api.count('POST', '/crm/v3/objects/contacts/batch/create')).toBe(1);
    expect(api.records('contacts')).toHaveLength(2);
    const found = await system.findCreated!('Contact', { properties: { email: 'x@example.no' } });
    expect(found).toBe(api.records('contacts').find((r) => r.properties.email === 'x@example.no')!.id);
    // A company has no unique property: found by search on its key properties.
    await system.createMany!('Company', [{ properties: { name: 'Acme', domain: 'acme.no' } }]);
    expect(await system.findCreated!('Company', { properties: { name: 'Acme', domain: 'acme.no' } })).toBe(api.records('companies')[0]!.id);
    expect(await system.findCreated!('Company', { properties: { name: 'Nobody' } })).toBeUndefined();
  });

  it('a reset before the create was carried out is MaybeCreated too, and findCreated finds nothing', async () => {
    api.inject({ method: 'POST', path: '/crm/v3/objects/contacts', kind: 'reset-before' });
    await expect(system.create('Contact', { properties: { email: 'z@example.no' } })).rejects.toMatchObject({ name: 'MaybeCreated' });
    expect(api.count('POST', '/crm/v3/objects/contacts')).toBe(1);
    expect(await system.findCreated!('Contact', { properties: { email: 'z@example.no' } })).toBeUndefined();
  });

  it('a 502 to a create is not retried (it may have been carried out); a 503 is', async () => {
    api.inject({ method: 'POST', path: '/crm/v3/objects/contacts', kind: 'status', status: 502, body: { message: 'Bad gateway' } });
    await expect(system.create('Contact', { properties: { email: 'g@example.no' } })).rejects.toMatchObject({ name: 'MaybeCreated' });
    expect(api.count('POST', '/crm/v3/objects/contacts')).toBe(1);
    api.inject({ method: 'POST', path: '/crm/v3/objects/contacts', kind: 'status', status: 503, body: { message: 'Unavailable' } });
    const id = await system.create('Contact', { properties: { email: 'h@example.no' } });
    expect(api.get('contacts', String(id))!.properties.email).toBe('h@example.no');
    expect(api.count('POST', '/crm/v3/objects/contacts')).toBe(3);
  });

  it('updates the changed properties only, with PATCH one by one and batch/update for many (207 per record)', async () => {
    const [a, b] = api.seed('contacts', [
      { email: 'a@example.no', firstname: 'A', lastname: 'Keep' },
      { email: 'b@example.no', firstname: 'B' },
    ]);
    await system.update('Contact', a!.id, { id: a!.id, properties: { email: 'a@example.no', firstname: 'Anna', lastname: 'Other' } }, [spec(['properties', 'firstname'])]);
    expect(api.get('contacts', a!.id)!.properties).toMatchObject({ firstname: 'Anna', lastname: 'Keep' });
    expect(api.log.at(-1)).toMatchObject({ method: 'PATCH', body: { properties: { firstname: 'Anna' } } });

    const results = await system.updateMany!('Contact', [
      { id: b!.id, record: { properties: { firstname: 'Berit' } }, changed: [spec(['properties', 'firstname'])] },
      { id: '999999', record: { properties: { firstname: 'Ghost' } }, changed: [spec(['properties', 'firstname'])] },
    ]);
    expect(results[0]).toEqual({ ok: true });
    expect(results[1]).toMatchObject({ error: { name: 'RecordRejected', message: expect.stringMatching(/999999.*request id/) } });
    expect(api.get('contacts', b!.id)!.properties.firstname).toBe('Berit');
  });

  it('a refused single write is RecordRejected with the field and the correlation id', async () => {
    const [a] = api.seed('contacts', [{ email: 'a@example.no' }]);
    const error = await caught(() => system.update('Contact', a!.id, { properties: { email: 'broken' } }, [spec(['properties', 'email'])]));
    expect(error).toMatchObject({ name: 'RecordRejected', fields: ['properties.email'] });
    expect(error.message).toContain(`request id ${error.requestId}`);
  });
});

describe('hubspot(): rate limits, retries, lost auth', () => {
  it('waits what Retry-After says on a 429, and backs off exponentially without it', async () => {
    api.seed('contacts', [{ email: 'a@example.no' }]);
    const limited = { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', correlationId: 'c-1' };
    api.inject({ method: 'GET', kind: 'status', status: 429, headers: { 'retry-after': '7' }, body: limited });
    expect(await system.list('Contact')).toHaveLength(1);
    expect(clock.waits).toEqual([7000]);
    clock.waits.length = 0;
    api.inject({ method: 'GET', kind: 'status', status: 429, times: 3, body: limited });
    expect(await system.list('Contact')).toHaveLength(1);
    expect(clock.waits).toEqual([1000, 2000, 4000]);
    expect(system.stats.retries).toBe(4);
  });

  it('waits the interval out when X-HubSpot-RateLimit-Remaining says the budget is used up', async () => {
    api.seed('contacts', [{ email: 'a@example.no' }]);
    const headers = { 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-max': '100' };
    api.inject({ method: 'GET', kind: 'status', status: 200, headers, body: { results: [] } });
    expect(await system.list('Contact')).toHaveLength(0);
    expect(clock.waits).toEqual([]);
    expect(await system.list('Contact')).toHaveLength(1);
    expect(clock.waits).toEqual([10_000]);
  });

  it('retries 5xx and network errors of reads, then gives up with SyncAborted naming the attempts', async () => {
    api.seed('contacts', [{ email: 'a@example.no' }]);
    api.inject({ method: 'GET', kind: 'reset-before', times: 2 });
    api.inject({ method: 'GET', kind: 'status', status: 500, body: { message: 'Internal error', correlationId: 'c-500', category: 'INTERNAL' } });
    expect(await system.list('Contact')).toHaveLength(1);
    expect(api.count('GET')).toBe(4);
    api.inject({ method: 'GET', kind: 'status', status: 500, times: 100, body: { message: 'Internal error', correlationId: 'c-500', category: 'INTERNAL' } });
    await expect(system.list('Contact')).rejects.toMatchObject({ name: 'SyncAborted', message: expect.stringMatching(/answered 500: Internal error \(request id c-500\), still after 7 attempts/) });
  });

  it('an exhausted daily quota stops the run at once', async () => {
    api.inject({ method: 'GET', kind: 'status', status: 429, body: { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY', correlationId: 'c-daily' } });
    await expect(system.list('Contact')).rejects.toMatchObject({ name: 'SyncAborted', requestId: 'c-daily', message: expect.stringMatching(/daily limit.*policy DAILY.*request id c-daily/) });
    expect(api.count('GET')).toBe(1);
  });

  it('lost auth stops the run with SyncAborted and the correlation id; a missing token says how to set one', async () => {
    api.revoke();
    const error = await caught(() => system.list('Contact'));
    expect(error.name).toBe('SyncAborted');
    expect(error.message).toMatch(/answered 401: Authentication credentials not found.*credentials were refused/);
    expect(error.message).toContain(`request id ${error.requestId}`);
    const saved = process.env.HUBSPOT_TOKEN;
    delete process.env.HUBSPOT_TOKEN;
    try {
      await expect(hubspot({ baseUrl: api.url }).list('Contact')).rejects.toThrow(/no access token; set HUBSPOT_TOKEN or pass hubspot\(\{ token \}\)/);
    } finally {
      if (saved !== undefined) process.env.HUBSPOT_TOKEN = saved;
    }
  });

  it('paces requests so a rolling limit is never hit', async () => {
    await api.close();
    api = await startHubSpot({ tenSecondly: { requests: 5, windowMs: 300 } });
    api.seed('contacts', Array.from({ length: 20 }, (_, i) => ({ email: `p${i}@example.no` })));
    // One per 75 ms: at most 5 in any 300 ms (the shipped default is the same shape: 9 a second, 99 in any 10 s).
    const paced = hubspot({ baseUrl: api.url, token: 'hubspot-test-token', limits: { concurrency: 4, default: { requests: 1, intervalMs: 75 } } });
    await Promise.all(Array.from({ length: 20 }, (_, i) => paced.get!('Contact', api.records('contacts')[i]!.id)));
    expect(api.log.filter((e) => e.status === 429)).toEqual([]);
    expect(HUBSPOT_LIMITS.default).toEqual({ requests: 9, intervalMs: 1000 });
    expect(HUBSPOT_LIMITS.buckets!.search).toEqual({ requests: 1, intervalMs: 250 });
  });
});

describe('hubspot(): configuration', () => {
  it('takes the base URL and token from the environment by default, the real service otherwise', () => {
    const saved = { url: process.env.HUBSPOT_BASE_URL, token: process.env.HUBSPOT_TOKEN };
    try {
      process.env.HUBSPOT_BASE_URL = 'http://127.0.0.1:1';
      expect(hubspot().definition.baseUrl).toBe('http://127.0.0.1:1');
      delete process.env.HUBSPOT_BASE_URL;
      expect(hubspot().definition.baseUrl).toBe('https://api.hubapi.com');
    } finally {
      if (saved.url === undefined) delete process.env.HUBSPOT_BASE_URL;
      else process.env.HUBSPOT_BASE_URL = saved.url;
    }
  });
});
