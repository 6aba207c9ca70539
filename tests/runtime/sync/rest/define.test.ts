import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRestSystem, type ChangePage, type RestEntity, type RestSystem } from '../../../../runtime/sync/index.js';
import { startEmulator, type Emulator, type EmulatorAnswer, type EmulatorRequest } from '../../../emulators/server.js';
import { testClock, type TestClock } from './test-clock.js';

/** A small helpdesk API: cursor-paged tickets with `updated_since`, versions checked on PUT, a session login. */
interface Ticket {
  id: number;
  subject: string;
  status: string;
  version: number;
  updated_at: string;
}

let api: Emulator & { tickets: Ticket[] };
let clock: TestClock;
let sessions = 0;

function handler(request: EmulatorRequest): EmulatorAnswer {
  const tickets = api.tickets;
  if (request.path === '/login' && request.method === 'POST') {
    sessions++;
    return { status: 200, body: { session: `s${sessions}` } };
  }
  if (request.headers.authorization !== `Session s${sessions}`) return { status: 401, body: { error: 'session expired' } };
  const item = /^\/tickets\/(\d+)$/.exec(request.path);
  if (request.path === '/tickets' && request.method === 'GET') {
    const after = Number(request.query.get('after') ?? 0);
    const size = Number(request.query.get('size') ?? 2);
    const since = request.query.get('updated_since');
    const all = tickets.filter((t) => t.id > after && (!since || t.updated_at >= since));
    const page = all.slice(0, size);
    return { status: 200, body: { data: { tickets: page }, next: all.length > size ? String(page.at(-1)!.id) : null } };
  }
  if (request.path === '/tickets' && request.method === 'POST') {
    const body = request.body as { ticket: Partial<Ticket> };
    if (!body.ticket.subject) return { status: 422, body: { error: 'subject is required', field: 'subject' } };
    const ticket = { id: tickets.length + 1, subject: body.ticket.subject, status: body.ticket.status ?? 'new', version: 1, updated_at: new Date(api.clock.now()).toISOString() };
    tickets.push(ticket);
    return { status: 201, body: { ticket } };
  }
  if (item) {
    const ticket = tickets.find((t) => t.id === Number(item[1]));
    if (!ticket) return { status: 404, body: { error: 'no such ticket' } };
    if (request.method === 'GET') return { status: 200, body: { ticket } };
    const body = request.body as { ticket: Partial<Ticket> };
    if (body.ticket.version !== ticket.version) return { status: 409, body: { error: 'stale', code: 'stale' } };
    Object.assign(ticket, body.ticket, { version: ticket.version + 1, updated_at: new Date(api.clock.now()).toISOString() });
    return { status: 200, body: { ticket }, headers: { 'x-ratelimit-remaining': '0' } };
  }
  return { status: 404, body: { error: 'no route' } };
}

const tickets: RestEntity = {
  path: '/tickets',
  single: 'ticket',
  list: {
    records: 'data.tickets',
    paging: { style: 'cursor', param: 'after', next: 'next', sizeParam: 'size', size: 2 },
  },
  changes: { query: (from) => ({ updated_since: from }) },
  create: { body: (values) => ({ ticket: values }), id: 'ticket.id' },
  update: {
    method: 'PUT',
    body: (record, changed) => ({ ticket: { version: record.version, ...Object.fromEntries(changed.map((c) => [c.path[0]!, record[c.path[0]!]])) } }),
  },
  findCreated: async (context, values) => {
    for await (const page of context.listAll({})) {
      const found = page.find((t) => t.subject === values.subject);
      if (found) return found.id as number;
    }
    return undefined;
  },
  updatedAt: (record) => record.updated_at as string,
};

function helpdesk(): RestSystem {
  return defineRestSystem(
    {
      name: 'Helpdesk',
      baseUrl: api.url,
      auth: {
        kind: 'session',
        open: async (client) => {
          const response = await client.request({ method: 'POST', path: '/login', body: { user: 'u' }, idempotent: true, anonymous: true });
          return { authorization: `Session ${(response.body as { session: string }).session}` };
        },
      },
      retry: { retries: 2, baseMs: 100 },
      lookbackMs: 1000,
      clock,
      requestId: ({ headers }) => headers.get('x-request-id') ?? undefined,
      describe: ({ body }) => (body as { error?: string } | undefined)?.error,
      fields: ({ body }) => [(body as { field?: string }).field].filter((f): f is string => !!f),
      classify: ({ status, body }) => (status === 409 && (body as { code?: string }).code === 'stale' ? 'conflict' : undefined),
      pause: ({ headers }) => (headers.get('x-ratelimit-remaining') === '0' ? 5000 : undefined),
      entities: { Tickets: tickets },
    },
    { Tickets: z.looseObject({ id: z.number(), subject: z.string(), version: z.number() }) },
  );
}

let system: RestSystem;

beforeEach(async () => {
  sessions = 0;
  const base = await startEmulator((r) => handler(r), { headers: () => ({ 'x-request-id': `req-${api.log.length}` }) });
  api = Object.assign(base, { tickets: [] as Ticket[] });
  clock = testClock(api.clock);
  for (let i = 1; i <= 5; i++) api.tickets.push({ id: i, subject: `T${i}`, status: 'open', version: 1, updated_at: new Date(api.clock.now()).toISOString() });
  system = helpdesk();
});

afterEach(async () => {
  await api.close();
});

describe('defineRestSystem', () => {
  it('lists every page of a described entity, after opening a session once', async () => {
    const records = await system.list('Tickets');
    expect(records.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(api.log.map((e) => `${e.method} ${e.path} ${e.query.after ?? ''}`)).toEqual(['POST /login ', 'GET /tickets ', 'GET /tickets 2', 'GET /tickets 4']);
    expect(system.stats.requests).toBe(4);
  });

  it('reads changes through the described filter, from the cursor minus the lookback', async () => {
    api.clock.advance(60_000);
    const since = { at: new Date(api.clock.now()).toISOString(), id: '' };
    api.clock.advance(60_000);
    await system.update('Tickets', 3, { ...api.tickets[2]!, status: 'closed' }, [{ path: ['status'], conditions: [] }]);
    const pages: ChangePage[] = [];
    for await (const page of system.changes!('Tickets', { since, until: new Date(api.clock.now()).toISOString() })) pages.push(page);
    expect(pages.flatMap((p) => p.records).map((r) => r.id)).toEqual([3]);
    expect(api.log.at(-1)!.query.updated_since).toBe(new Date(Date.parse(since.at) - 1000).toISOString());
    expect(system.updatedAt!('Tickets', pages[0]!.records[0]!)).toBe(api.tickets[2]!.updated_at);
  });

  it('maps answers to the engine errors: conflict hook, rejected fields, pause header, a new session after a 401', async () => {
    const stale = { ...api.tickets[0]!, version: 0, status: 'x' };
    await expect(system.update('Tickets', 1, stale, [{ path: ['status'], conditions: [] }])).rejects.toMatchObject({ name: 'WriteConflict', message: expect.stringMatching(/answered 409: stale \(request id req-\d+\)/) });
    await expect(system.create('Tickets', { status: 'new' })).rejects.toMatchObject({ name: 'RecordRejected', fields: ['subject'], message: expect.stringContaining('subject is required') });
    await system.update('Tickets', 2, { ...api.tickets[1]!, status: 'done' }, [{ path: ['status'], conditions: [] }]);
    // The answer said no requests are left: the next request waits first.
    await system.get!('Tickets', 2);
    expect(clock.waits).toContain(5000);
    sessions++; // the server forgets the session
    expect(await system.get!('Tickets', 2)).toMatchObject({ status: 'done' });
    expect(await system.get!('Tickets', 99)).toBeUndefined();
  });

  it('settles a create whose answer was lost with the findCreated hook', async () => {
    api.inject({ method: 'POST', path: '/tickets', kind: 'reset-after' });
    const results = await system.createMany!('Tickets', [{ subject: 'Lost answer' }, { subject: '' }]);
    expect(results.map((r) => ('error' in r ? r.error.name : r.id))).toEqual(['MaybeCreated', 'RecordRejected']);
    expect(await system.findCreated!('Tickets', { subject: 'Lost answer' })).toBe(6);
    expect(api.count('POST', '/tickets')).toBe(2);
  });

  it('retries a create that could not connect (it never reached the server), and then stops the run', async () => {
    const url = api.url;
    await api.close();
    const offline = defineRestSystem({ name: 'Offline', baseUrl: url, retry: { retries: 2, baseMs: 10 }, clock, entities: { Tickets: tickets } });
    await expect(offline.create('Tickets', { subject: 'x' })).rejects.toMatchObject({ name: 'SyncAborted', message: expect.stringMatching(/network error ECONNREFUSED, still after 3 attempts/) });
    expect(clock.waits).toEqual([10, 20]);
    api = Object.assign(await startEmulator((r) => handler(r)), { tickets: [] as Ticket[] });
  });

  it('stops on a page that does not fit the schema, and names unknown entities', async () => {
    api.tickets.push({ id: 6, subject: 7 as unknown as string, status: 'open', version: 1, updated_at: '' });
    await expect(system.list('Tickets')).rejects.toMatchObject({ name: 'SyncAborted', message: expect.stringMatching(/does not fit the API's schema at data\.tickets\.\d\.subject/) });
    await expect(system.list('Users')).rejects.toThrow('Helpdesk has no entity "Users"; it knows Tickets');
  });
});
