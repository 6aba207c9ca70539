import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tripletex, type RestSystem } from '../../../../runtime/sync/index.js';
import { osloLocal } from '../../../../runtime/sync/rest/tripletex/oslo-time.js';
import { startTripletex, type TripletexEmulator } from '../../../emulators/tripletex-emulator.js';
import { caught, drain } from './calls.js';
import { closeChecked, connectTripletex } from './emulated.js';
import { testClock, type TestClock } from './test-clock.js';

const CUSTOMER_PATHS = [['id'], ['email'], ['name'], ['deliveryAddress', 'city'], ['postalAddress', 'country', 'id']];
const spec = (path: string[]) => ({ path, conditions: [] });

let api: TripletexEmulator;
let clock: TestClock;
let system: RestSystem;

function connect(options: Parameters<typeof tripletex>[0] = {}): RestSystem {
  return connectTripletex(api, clock, options);
}

const customers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ name: `Kunde ${from + i}`, email: `k${from + i}@example.no`, deliveryAddress: { id: 10_000 + from + i, city: 'Oslo' } }));

beforeEach(async () => {
  api = await startTripletex();
  clock = testClock(api.clock);
  system = connect({ pageSize: 10 });
});

afterEach(() => closeChecked(api));

describe('tripletex(): session and listing', () => {
  it('opens one session, then pages by from/count sorted by id with fields from the mapped paths', async () => {
    api.seed('/customer', customers(35));
    const records = await system.list('Customer', { paths: CUSTOMER_PATHS });
    expect(records).toHaveLength(35);
    expect(new Set(records.map((r) => r.id)).size).toBe(35);
    const session = api.log[0]!;
    expect(session).toMatchObject({ method: 'PUT', path: '/v2/token/session/:create', query: { consumerToken: 'consumer-test', employeeToken: 'employee-test' } });
    expect(session.query.expirationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(api.sessions).toBe(1);
    const gets = api.log.filter((e) => e.method === 'GET');
    expect(gets[0]!.query).toMatchObject({ from: '0', count: '10', sorting: 'id', fields: 'id,version,changes(timestamp),isInactive,email,name,deliveryAddress(id,city),postalAddress(id,country(id))' });
    // One record of overlap per page, to notice a shifted scan.
    expect(gets.map((e) => e.query.from)).toEqual(['0', '9', '18', '27', '36'].slice(0, gets.length));
    expect(records[0]).toMatchObject({ email: 'k0@example.no', deliveryAddress: { id: 10_000, city: 'Oslo' }, version: 0 });
  });

  it('misses nothing when a record before the scan position is removed mid-scan, and doubles nothing on an insert', async () => {
    const seeded = api.seed('/customer', customers(30));
    api.inject({ method: 'GET', path: '/v2/customer', kind: 'before', skip: 1, run: () => api.remove('/customer', seeded[2]!.id) });
    api.inject({ method: 'GET', path: '/v2/customer', kind: 'before', skip: 2, run: () => void api.seed('/customer', customers(1, 100)) });
    const records = await system.list('Customer', { paths: CUSTOMER_PATHS });
    const ids = records.map((r) => r.id as number);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of seeded.slice(3)) expect(ids).toContain(r.id);
  });

  it('lists order lines through their orders (the API has no list of them), each with its order', async () => {
    api.seed('/order', [{ orderDate: '2026-01-01', orderLines: [{ description: 'A', count: 1 }, { description: 'B', count: 2 }] }, { orderDate: '2026-01-02', orderLines: [{ description: 'C', count: 3 }] }]);
    const lines = await system.list('Orderline', { paths: [['description'], ['count']] });
    expect(lines.map((l) => l.description)).toEqual(['A', 'B', 'C']);
    expect(lines[2]!.order).toMatchObject({ id: expect.any(Number) });
    const get = api.log.find((e) => e.method === 'GET')!;
    expect(get.path).toBe('/v2/order');
    expect(get.query).toMatchObject({ orderDateFrom: '1970-01-01', orderDateTo: '2100-01-01', fields: 'id,orderLines(id,version,changes(timestamp),description,count)' });
  });

  it('opens a new session when the old one expires, and stops the run when the tokens are refused', async () => {
    api.seed('/customer', customers(3));
    await system.list('Customer');
    api.expireSessions();
    expect(await system.list('Customer')).toHaveLength(3);
    expect(api.sessions).toBe(2);
    const refused = await caught(() => connect({ employeeToken: 'wrong' }).list('Customer'));
    expect(refused.name).toBe('SyncAborted');
    expect(refused.message).toMatch(/answered 403: Invalid consumer or employee token \(code 9000\).*request id/);
    const missing = await caught(() => tripletex({ baseUrl: `${api.url}/v2`, consumerToken: '', employeeToken: '' }).list('Customer'));
    expect(missing.message).toMatch(/set TRIPLETEX_CONSUMER_TOKEN and TRIPLETEX_EMPLOYEE_TOKEN/);
  });
});

describe('tripletex(): changes', () => {
  it('asks with changedSince in Oslo local time and moves the cursor to until with the last page', async () => {
    const seeded = api.seed('/customer', customers(25));
    api.clock.advance(3_600_000);
    const since = { at: api.clock.iso(), id: '' };
    api.clock.advance(60_000);
    for (const r of seeded.slice(0, 12)) api.edit('/customer', r.id, { name: `Endret ${r.id}` });
    api.clock.advance(60_000);
    const until = api.clock.iso();
    const pages = await drain(system.changes!('Customer', { since, until, paths: CUSTOMER_PATHS }));
    expect(pages.flatMap((p) => p.records).map((r) => r.name)).toEqual(seeded.slice(0, 12).map((r) => `Endret ${r.id}`));
    const get = api.log.find((e) => e.method === 'GET')!;
    expect(get.query.changedSince).toBe(osloLocal(since.at));
    expect(get.query.changedSince).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(pages.slice(0, -1).every((p) => p.cursor === since)).toBe(true);
    expect(pages.at(-1)!.cursor).toEqual({ at: until, id: '' });
  });

  it('converts to Oslo time across daylight saving time', () => {
    expect(osloLocal('2026-01-15T09:00:00.000Z')).toBe('2026-01-15T10:00:00');
    expect(osloLocal('2026-07-15T09:00:00.000Z')).toBe('2026-07-15T11:00:00');
  });

  it('reads a resource without changedSince in full (the API filters only customers and suppliers)', async () => {
    api.seed('/contact', [{ firstName: 'Kari', email: 'kari@example.no' }]);
    const pages = await drain(system.changes!('Contact', { since: { at: api.clock.iso(), id: '' }, until: api.clock.iso() }));
    expect(pages.flatMap((p) => p.records)).toHaveLength(1);
    expect(api.log.find((e) => e.method === 'GET')!.query.changedSince).toBeUndefined();
  });
});

describe('tripletex(): writes', () => {
  it('PUTs the changed paths with id and the version read at diff time; a stale version is a WriteConflict', async () => {
    const [c] = api.seed('/customer', customers(1));
    const [read] = await system.list('Customer', { paths: CUSTOMER_PATHS });
    await system.update('Customer', c!.id, { ...read!, deliveryAddress: { id: 10_000, city: 'Bergen' } }, [spec(['deliveryAddress', 'city'])]);
    expect(api.log.at(-1)).toMatchObject({ method: 'PUT', path: `/v2/customer/${c!.id}`, body: { id: c!.id, version: 0, deliveryAddress: { id: 10_000, city: 'Bergen' } } });
    expect(api.get('/customer', c!.id)).toMatchObject({ version: 1, name: 'Kunde 0', deliveryAddress: { city: 'Bergen' } });

    // Someone edits it in Tripletex after our read: our PUT carries the old version and is refused.
    api.edit('/customer', c!.id, { name: 'Endret i Tripletex' });
    const conflict = await caught(() => system.update('Customer', c!.id, { ...read!, version: 1, name: 'Ours' }, [spec(['name'])]));
    expect(conflict.name).toBe('WriteConflict');
    expect(conflict.message).toMatch(/answered 409: RevisionException.*\(code 8000\).*request id/);
    expect(api.get('/customer', c!.id)!.name).toBe('Endret i Tripletex');
    const fresh = await system.get!('Customer', c!.id);
    expect(fresh).toMatchObject({ name: 'Endret i Tripletex', version: 2 });
    expect(await system.get!('Customer', 999_999)).toBeUndefined();
  });

  it('a validation error is RecordRejected with the field and the request id', async () => {
    const error = await caught(() => system.create('Customer', { name: 'X', email: 'not-an-email' }));
    expect(error).toMatchObject({ name: 'RecordRejected', fields: ['email'] });
    expect(error.message).toMatch(/answered 422: Validering feilet\.; email: Ugyldig e-postadresse\. \(code 15000\) \(request id [0-9a-f-]+\)/);
    expect(error.message).toContain(error.requestId);
  });

  it('creates with POST and reads the new id from value.id; a reset after the create is MaybeCreated, settled by findCreated', async () => {
    const id = await system.create('Customer', { name: 'Ny', email: 'ny@example.no' });
    expect(api.get('/customer', id as number)!.name).toBe('Ny');
    api.inject({ method: 'POST', path: '/v2/customer', kind: 'reset-after' });
    const error = await caught(() => system.create('Customer', { name: 'Kari', email: 'kari@example.no' }));
    expect(error.name).toBe('MaybeCreated');
    expect(api.count('POST', '/v2/customer')).toBe(2);
    const made = api.records('/customer').find((r) => r.email === 'kari@example.no')!;
    expect(await system.findCreated!('Customer', { name: 'Kari', email: 'kari@example.no' })).toBe(made.id);
    expect(api.log.at(-1)!.query).toMatchObject({ email: 'kari@example.no', customerName: 'Kari' });
    expect(await system.findCreated!('Customer', { name: 'Per', email: 'per@example.no' })).toBeUndefined();
  });

  it('a create that gets no answer in time is MaybeCreated, never sent twice', async () => {
    const impatient = connect({ timeoutMs: 150 });
    api.inject({ method: 'POST', path: '/v2/customer', kind: 'slow', delayMs: 600 });
    const error = await caught(() => impatient.create('Customer', { name: 'Treg', email: 'treg@example.no' }));
    expect(error.name).toBe('MaybeCreated');
    expect(error.message).toMatch(/no answer within 150 ms after the request was sent/);
    expect(api.count('POST', '/v2/customer')).toBe(1);
  });
});

describe('tripletex(): rate limits', () => {
  it('waits for the period to reset when X-Rate-Limit-Remaining reaches 0, without running into 429s', async () => {
    await api.close();
    api = await startTripletex({ rateLimit: { requests: 3, periodMs: 60_000 } });
    clock = testClock(api.clock);
    const paced = connect({ pageSize: 10 });
    api.seed('/customer', customers(45));
    expect(await paced.list('Customer')).toHaveLength(45);
    expect(api.log.filter((e) => e.status === 429)).toEqual([]);
    expect(clock.waits.length).toBeGreaterThan(0);
    expect(clock.waits.every((ms) => ms > 0 && ms <= 60_000)).toBe(true);
  });

  it('a 429 waits X-Rate-Limit-Reset seconds, then goes on', async () => {
    api.seed('/customer', customers(2));
    api.inject({ method: 'GET', path: '/v2/customer', kind: 'status', status: 429, headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '12' }, body: { status: 429, code: 0, message: 'Too many requests', requestId: 'r-429' } });
    expect(await system.list('Customer')).toHaveLength(2);
    expect(clock.waits).toContain(12_000);
  });
});

describe('tripletex(): configuration', () => {
  it('defaults to the environment, then to the real service', () => {
    const saved = process.env.TRIPLETEX_BASE_URL;
    try {
      process.env.TRIPLETEX_BASE_URL = 'http://127.0.0.1:2/v2';
      expect(tripletex().definition.baseUrl).toBe('http://127.0.0.1:2/v2');
      delete process.env.TRIPLETEX_BASE_URL;
      expect(tripletex().definition.baseUrl).toBe('https://tripletex.no/v2');
    } finally {
      if (saved !== undefined) process.env.TRIPLETEX_BASE_URL = saved;
    }
    expect(tripletex().entities).toEqual(expect.arrayContaining(['Customer', 'Product', 'Order', 'Orderline', 'Contact', 'Employee', 'Project', 'Department']));
  });
});
