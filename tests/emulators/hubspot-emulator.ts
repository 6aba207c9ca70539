/**
 * A stateful HubSpot CRM v3 emulator for the tests: objects with string
 * properties, `after` cursor lists, search (filter groups, sorts, the
 * 10,000-result cap, index lag), batch create/update with 207 answers, PATCH,
 * idProperty reads, bearer auth, a rolling ten-secondly limit with 429s, and
 * the correlation id on every answer. Answers are checked against the
 * OpenAPI schemas (contract.ts).
 */
import { randomUUID } from 'node:crypto';
import { checkHubSpot } from './contract.js';
import { startEmulator, type Emulator, type EmulatorAnswer, type EmulatorClock, type EmulatorRequest } from './server.js';

export interface HubSpotRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface HubSpotEmulatorOptions {
  readonly clock?: EmulatorClock;
  readonly token?: string;
  /** A rolling limit in real time (search is exempt, as the documents say); default none. */
  readonly tenSecondly?: { readonly requests: number; readonly windowMs: number };
  readonly log?: boolean;
  /** Answer checks against the schemas (off for benchmarks). */
  readonly check?: boolean;
  /** How many associations an object's listing shows inline before paging them (the rest: the v4 associations API). Default 100. */
  readonly inlineAssociations?: number;
}

export interface HubSpotEmulator extends Emulator {
  /** Adds records now (or at `at`), returns them. */
  seed(type: string, properties: readonly Record<string, string>[], at?: number): HubSpotRecord[];
  records(type: string): HubSpotRecord[];
  get(type: string, id: string): HubSpotRecord | undefined;
  /** Changes properties as a user in HubSpot would (stamps the modification time). */
  edit(type: string, id: string, properties: Record<string, string>): void;
  /** Search sees a change only this long after it happened. */
  indexLagMs: number;
  /** Every token stops working (401). */
  revoke(): void;
  associate(fromType: string, fromId: string, toType: string, toId: string): void;
}

const MODIFIED = (type: string) => (type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate');
const DEFAULTS: Record<string, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
};
const TIME_PROPERTIES = new Set(['createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_createdate']);
const SEARCH_CAP = 10_000;

export async function startHubSpot(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  const token = options.token ?? 'hubspot-test-token';
  let revoked = false;
  const store = new Map<string, Map<string, HubSpotRecord>>();
  let nextId = 1000;
  const recent: number[] = [];
  const links = new Map<string, { id: string; type: string }[]>();
  let emulator!: HubSpotEmulator;
  const now = () => emulator.clock.now();

  const table = (type: string) => {
    let t = store.get(type);
    if (!t) store.set(type, (t = new Map()));
    return t;
  };
  // Ids only grow, so records kept in insertion order are in id order: a page is a binary search away.
  const ordered = new Map<string, HubSpotRecord[]>();
  const inOrder = (type: string) => {
    let list = ordered.get(type);
    if (!list) ordered.set(type, (list = []));
    return list;
  };

  function stamp(type: string, record: HubSpotRecord, at: number): void {
    const iso = new Date(at).toISOString();
    record.updatedAt = iso;
    record.properties[MODIFIED(type)] = iso;
  }

  function insert(type: string, properties: Record<string, string>, at = now()): HubSpotRecord {
    const id = String(nextId++);
    const iso = new Date(at).toISOString();
    const record: HubSpotRecord = { id, properties: { ...properties, hs_object_id: id, createdate: iso }, createdAt: iso, updatedAt: iso, archived: false };
    stamp(type, record, at);
    table(type).set(id, record);
    inOrder(type).push(record);
    return record;
  }

  const error = (status: number, message: string, category: string, extra: Record<string, unknown> = {}): EmulatorAnswer => ({
    status,
    body: { status: 'error', message, correlationId: randomUUID(), category, ...extra },
    schema: 'Error',
  });

  /** The record as the API shows it: the requested properties (null when without a value). */
  function view(type: string, record: HubSpotRecord, properties: readonly string[] | undefined, trace?: string) {
    const names = properties && properties.length > 0 ? properties : (DEFAULTS[type] ?? ['createdate', 'hs_object_id', MODIFIED(type)]);
    const shown: Record<string, string | null> = {};
    for (const name of names) shown[name] = Object.prototype.hasOwnProperty.call(record.properties, name) ? record.properties[name]! : null;
    return { id: record.id, properties: shown, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived, ...(trace ? { objectWriteTraceId: trace } : {}) };
  }

  function withAssociations(type: string, record: HubSpotRecord, shown: object, asked: string | null) {
    if (!asked) return shown;
    const associations: Record<string, { results: { id: string; type: string }[]; paging?: { next: { after: string; link: string } } }> = {};
    const inline = options.inlineAssociations ?? 100;
    for (const to of asked.split(',')) {
      const found = links.get(`${type}/${record.id}/${to}`);
      if (!found) continue;
      // Past the inline share the list pages, pointing at the object's own associations.
      associations[to] =
        found.length > inline
          ? { results: found.slice(0, inline), paging: { next: { after: String(inline), link: `/crm/v4/objects/${type}/${record.id}/associations/${to}?after=${inline}` } } }
          : { results: found };
    }
    return { ...shown, associations };
  }

  function invalid(properties: Record<string, unknown>): string | undefined {
    for (const [name, value] of Object.entries(properties)) {
      if (typeof value !== 'string') return `Property values were not valid: [{"isValid":false,"message":"${name} must be a string","error":"INVALID_TYPE","name":"${name}"}]`;
      if (name === 'email' && value !== '' && !/^[^@\s]+@[^@\s]+$/.test(value)) {
        return `Property values were not valid: [{"isValid":false,"message":"Email address ${value} is invalid","error":"INVALID_EMAIL","name":"email"}]`;
      }
    }
    return undefined;
  }

  function compare(name: string, a: string | undefined, b: string): number {
    if (a === undefined) return NaN;
    if (TIME_PROPERTIES.has(name)) {
      const x = /^\d+$/.test(a) ? Number(a) : Date.parse(a);
      const y = /^\d+$/.test(b) ? Number(b) : Date.parse(b);
      return x - y;
    }
    if (/^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return Number(a) - Number(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function passes(record: HubSpotRecord, filter: { propertyName: string; operator: string; value?: string; values?: string[] }): boolean {
    const value = filter.propertyName === 'hs_object_id' ? record.id : record.properties[filter.propertyName];
    const c = compare(filter.propertyName, value, filter.value ?? '');
    switch (filter.operator) {
      case 'EQ':
        return filter.propertyName === 'email' ? (value ?? '').toLowerCase() === (filter.value ?? '').toLowerCase() : c === 0;
      case 'NEQ':
        return !(c === 0);
      case 'GT':
        return c > 0;
      case 'GTE':
        return c >= 0;
      case 'LT':
        return c < 0;
      case 'LTE':
        return c <= 0;
      case 'IN':
        return (filter.values ?? []).includes(value ?? '');
      case 'HAS_PROPERTY':
        return value !== undefined && value !== '';
      case 'NOT_HAS_PROPERTY':
        return value === undefined || value === '';
      default:
        throw new Error(`operator ${filter.operator}`);
    }
  }

  function search(type: string, body: Record<string, unknown>): EmulatorAnswer {
    const limit = Math.min(Number(body.limit ?? 10), 200);
    const after = Number(body.after ?? 0);
    if (after + limit > SEARCH_CAP && after >= SEARCH_CAP) {
      return error(400, `Search results are limited to ${SEARCH_CAP} results; after=${after} is past them`, 'VALIDATION_ERROR');
    }
    const groups = (body.filterGroups ?? []) as { filters: { propertyName: string; operator: string; value?: string }[] }[];
    const visibleBefore = now() - emulator.indexLagMs;
    let found = [...table(type).values()].filter(
      (r) => !r.archived && Date.parse(r.updatedAt) <= visibleBefore && (groups.length === 0 || groups.some((g) => g.filters.every((f) => passes(r, f)))),
    );
    const sorts = (body.sorts ?? []) as ({ propertyName: string; direction?: string } | string)[];
    const sort = sorts[0];
    const byName = typeof sort === 'string' ? sort.replace(/^-/, '') : sort?.propertyName;
    const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
    // Ties keep the index's own order (by id), like the real search gives no promise for them.
    found.sort((a, b) => Number(a.id) - Number(b.id));
    if (byName) {
      const key = (r: HubSpotRecord) => (byName === 'hs_object_id' ? r.id : r.properties[byName] ?? '');
      found.sort((a, b) => (descending ? -1 : 1) * (compare(byName, key(a), key(b)) || 0));
    }
    const total = found.length;
    found = found.slice(after, after + limit);
    const properties = (body.properties ?? []) as string[];
    const more = after + limit < total;
    return {
      status: 200,
      body: { total, results: found.map((r) => view(type, r, properties)), ...(more ? { paging: { next: { after: String(after + limit) } } } : {}) },
      schema: 'CollectionResponseWithTotalSimplePublicObject',
    };
  }

  /** GET /crm/v4/objects/{type}/{id}/associations/{to}: `after` is an offset, `limit` at most 500. */
  function associationsOf(type: string, id: string, to: string, query: URLSearchParams): EmulatorAnswer {
    if (!table(type).has(id)) return error(404, `resource not found: ${type} ${id}`, 'OBJECT_NOT_FOUND');
    const found = links.get(`${type}/${id}/${to}`) ?? [];
    const limit = Math.min(Number(query.get('limit') ?? 500), 500);
    const after = Number(query.get('after') ?? 0);
    const page = found.slice(after, after + limit);
    const next = after + limit < found.length ? String(after + limit) : undefined;
    return {
      status: 200,
      body: {
        results: page.map((a) => ({ toObjectId: a.id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1 }] })),
        ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}),
      },
      schema: 'v4/CollectionResponseMultiAssociatedObjectWithLabelForwardPaging',
    };
  }

  function handle(request: EmulatorRequest): EmulatorAnswer {
    const answer = route(request);
    // The header and the error body carry one id, as the API's do.
    const id = (answer.body as { correlationId?: string } | undefined)?.correlationId ?? randomUUID();
    return { ...answer, headers: { 'x-hubspot-correlation-id': id, ...answer.headers } };
  }

  function route(request: EmulatorRequest): EmulatorAnswer {
    if (revoked || request.headers.authorization !== `Bearer ${token}`) {
      return error(401, 'Authentication credentials not found. This API supports OAuth 2.0 authentication.', 'INVALID_AUTHENTICATION');
    }
    if (options.tenSecondly && !/\/search$/.test(request.path)) {
      const t = performance.now();
      while (recent.length > 0 && recent[0]! <= t - options.tenSecondly.windowMs) recent.shift();
      if (recent.length >= options.tenSecondly.requests) {
        return { status: 429, body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'TEN_SECONDLY_ROLLING' } };
      }
      recent.push(t);
    }
    const v4 = /^\/crm\/v4\/objects\/([a-z_]+)\/(\d+)\/associations\/([a-z_]+)$/.exec(request.path);
    if (v4 && request.method === 'GET') return associationsOf(v4[1]!, v4[2]!, v4[3]!, request.query);
    const m = /^\/crm\/v3\/objects\/([a-z_]+)(?:\/(.+))?$/.exec(request.path);
    if (!m) return error(404, `no route ${request.path}`, 'OBJECT_NOT_FOUND');
    const type = m[1]!;
    const rest = m[2];
    const t = table(type);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const props = request.query.get('properties')?.split(',').filter(Boolean);

    if (request.method === 'GET' && rest === undefined) {
      const limit = Math.min(Number(request.query.get('limit') ?? 10), 100);
      const after = request.query.get('after');
      const all = inOrder(type);
      let from = 0;
      if (after) {
        const wanted = Number(Buffer.from(after, 'base64url').toString());
        let hi = all.length;
        while (from < hi) {
          const mid = (from + hi) >> 1;
          if (Number(all[mid]!.id) < wanted) from = mid + 1;
          else hi = mid;
        }
      }
      const page = all.slice(from, from + limit);
      const next = all[from + limit];
      const token = next ? Buffer.from(next.id).toString('base64url') : undefined;
      return {
        status: 200,
        body: { results: page.map((r) => withAssociations(type, r, view(type, r, props), request.query.get('associations'))), ...(token ? { paging: { next: { after: token, link: `?after=${token}` } } } : {}) },
        schema: 'CollectionResponseSimplePublicObjectWithAssociationsForwardPaging',
      };
    }
    if (request.method === 'POST' && rest === 'search') return search(type, body);
    if (request.method === 'POST' && rest === undefined) {
      const properties = (body.properties ?? {}) as Record<string, string>;
      const bad = invalid(properties);
      if (bad) return error(400, bad, 'VALIDATION_ERROR');
      return { status: 201, body: view(type, insert(type, properties), Object.keys(properties)), schema: 'SimplePublicObject' };
    }
    if (request.method === 'POST' && rest === 'batch/create') {
      const inputs = (body.inputs ?? []) as { properties: Record<string, string>; objectWriteTraceId?: string }[];
      if (inputs.length > 100) return error(400, 'Batch input limit is 100', 'VALIDATION_ERROR');
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputs) {
        const bad = invalid(input.properties ?? {});
        if (bad) {
          errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: bad, context: { objectWriteTraceId: [input.objectWriteTraceId ?? ''] }, errors: [], links: {} });
        } else {
          results.push(view(type, insert(type, input.properties ?? {}), Object.keys(input.properties ?? {}), input.objectWriteTraceId));
        }
      }
      // Batch answers may come in another order than sent.
      results.reverse();
      const times = { startedAt: new Date(now()).toISOString(), completedAt: new Date(now()).toISOString() };
      return errors.length > 0
        ? { status: 207, body: { status: 'COMPLETE', results, errors, numErrors: errors.length, ...times }, schema: 'BatchResponseSimplePublicObjectWithErrors' }
        : { status: 201, body: { status: 'COMPLETE', results, ...times }, schema: 'BatchResponseSimplePublicObject' };
    }
    if (request.method === 'POST' && rest === 'batch/update') {
      const inputs = (body.inputs ?? []) as { id: string; properties: Record<string, string> }[];
      if (inputs.length > 100) return error(400, 'Batch input limit is 100', 'VALIDATION_ERROR');
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputs) {
        const record = t.get(input.id);
        const bad = record ? invalid(input.properties ?? {}) : `Object ${input.id} was not found`;
        if (bad || !record) {
          errors.push({ status: 'error', category: record ? 'VALIDATION_ERROR' : 'OBJECT_NOT_FOUND', message: bad, context: { ids: [input.id] }, errors: [], links: {} });
          continue;
        }
        Object.assign(record.properties, input.properties);
        stamp(type, record, now());
        results.push(view(type, record, Object.keys(input.properties ?? {})));
      }
      const times = { startedAt: new Date(now()).toISOString(), completedAt: new Date(now()).toISOString() };
      return errors.length > 0
        ? { status: 207, body: { status: 'COMPLETE', results, errors, numErrors: errors.length, ...times }, schema: 'BatchResponseSimplePublicObjectWithErrors' }
        : { status: 200, body: { status: 'COMPLETE', results, ...times }, schema: 'BatchResponseSimplePublicObject' };
    }
    if (rest !== undefined && !rest.includes('/')) {
      const idProperty = request.query.get('idProperty');
      const record = idProperty
        ? [...t.values()].find((r) => (r.properties[idProperty] ?? '').toLowerCase() === rest.toLowerCase())
        : t.get(rest);
      if (!record || record.archived) return error(404, `Object not found. objectId are usually numeric.`, 'OBJECT_NOT_FOUND');
      if (request.method === 'GET') return { status: 200, body: view(type, record, props), schema: 'SimplePublicObjectWithAssociations' };
      if (request.method === 'PATCH') {
        const properties = (body.properties ?? {}) as Record<string, string>;
        const bad = invalid(properties);
        if (bad) return error(400, bad, 'VALIDATION_ERROR');
        Object.assign(record.properties, properties);
        stamp(type, record, now());
        return { status: 200, body: view(type, record, Object.keys(properties)), schema: 'SimplePublicObject' };
      }
    }
    return error(405, `${request.method} ${request.path} is not emulated`, 'NOT_EMULATED');
  }

  const base = await startEmulator(handle, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.check === false ? {} : { check: checkHubSpot }),
  });
  emulator = Object.assign(base, {
    indexLagMs: 0,
    seed: (type: string, list: readonly Record<string, string>[], at?: number) => list.map((p) => insert(type, p, at)),
    records: (type: string) => [...table(type).values()],
    get: (type: string, id: string) => table(type).get(id),
    edit: (type: string, id: string, properties: Record<string, string>) => {
      const record = table(type).get(id);
      if (!record) throw new Error(`no ${type} ${id}`);
      Object.assign(record.properties, properties);
      stamp(type, record, now());
    },
    revoke: () => {
      revoked = true;
    },
    associate: (fromType: string, fromId: string, toType: string, toId: string) => {
      const key = `${fromType}/${fromId}/${toType}`;
      const list = links.get(key) ?? [];
      list.push({ id: toId, type: `${fromType.replace(/s$/, '')}_to_${toType.replace(/s$/, '')}` });
      links.set(key, list);
    },
  });
  return emulator;
}
