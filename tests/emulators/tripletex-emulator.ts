/**
 * A stateful Tripletex API v2 emulator for the tests: session tokens and
 * Basic `0:<token>` auth, resources with `id`/`version` and a change history,
 * `from`/`count` lists with `fields`, `sorting`, `changedSince` (Oslo local
 * time) and search parameters, POST, partial PUT with the version check (409,
 * code 8000), orders with their lines, the X-Rate-Limit-* headers and 429 for
 * the rest of a period, and `x-tlx-request-id` on every answer. Answers are
 * checked against the OpenAPI schemas (contract.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { fromOsloLocal, osloLocal } from '../../runtime/sync/rest/tripletex/oslo-time.js';
import { checkTripletex } from './contract.js';
import { startEmulator, type Emulator, type EmulatorAnswer, type EmulatorClock, type EmulatorRequest } from './server.js';

type Json = Record<string, unknown>;

export interface TripletexRecord extends Json {
  id: number;
  version: number;
}

/** Resource path -> schema name, and the list's search parameters (param -> field). */
const RESOURCES: Record<string, { schema: string; search: Record<string, string>; changedSince?: boolean }> = {
  '/customer': { schema: 'Customer', search: { email: 'email', customerName: 'name', organizationNumber: 'organizationNumber', phoneNumberMobile: 'phoneNumberMobile' }, changedSince: true },
  '/supplier': { schema: 'Supplier', search: { email: 'email', organizationNumber: 'organizationNumber' }, changedSince: true },
  '/contact': { schema: 'Contact', search: { email: 'email', firstName: 'firstName', lastName: 'lastName' } },
  '/employee': { schema: 'Employee', search: { email: 'email', firstName: 'firstName', lastName: 'lastName' } },
  '/product': { schema: 'Product', search: { name: 'name', productNumber: 'number' } },
  '/order': { schema: 'Order', search: { number: 'number' } },
  '/order/orderline': { schema: 'OrderLine', search: {} },
  '/department': { schema: 'Department', search: { name: 'name' } },
  '/project': { schema: 'Project', search: { name: 'name' } },
};

export interface TripletexEmulatorOptions {
  readonly clock?: EmulatorClock;
  readonly consumerToken?: string;
  readonly employeeToken?: string;
  /** Requests per period (emulator clock); default unlimited. */
  readonly rateLimit?: { readonly requests: number; readonly periodMs: number };
  readonly log?: boolean;
  readonly check?: boolean;
}

export interface TripletexEmulator extends Emulator {
  seed(path: string, records: readonly Json[]): TripletexRecord[];
  records(path: string): TripletexRecord[];
  get(path: string, id: number): TripletexRecord | undefined;
  /** A change made in Tripletex by someone else: merged, version bumped, stamped. */
  edit(path: string, id: number, changes: Json): void;
  remove(path: string, id: number): void;
  /** Every session token stops working (401 until a new session). */
  expireSessions(): void;
  /** Sessions opened so far. */
  readonly sessions: number;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A null in a write clears the field: the API then leaves it out (its schemas allow no nulls). */
function merge(target: Json, patch: Json): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor') continue;
    if (value === null) delete target[key];
    else if (isObject(value) && isObject(target[key])) merge(target[key] as Json, value);
    else target[key] = structuredClone(value);
  }
}

/** Parses `id,version,deliveryAddress(id,city),*` into a tree; `*` keeps everything at its level. */
type FieldTree = Map<string, FieldTree>;
function parseFields(text: string): FieldTree {
  const root: FieldTree = new Map();
  const stack = [root];
  let name = '';
  const flush = () => {
    const trimmed = name.trim();
    if (trimmed) stack[stack.length - 1]!.set(trimmed, stack[stack.length - 1]!.get(trimmed) ?? new Map());
    name = '';
  };
  for (const ch of text) {
    if (ch === ',') flush();
    else if (ch === '(') {
      const trimmed = name.trim();
      const sub: FieldTree = stack[stack.length - 1]!.get(trimmed) ?? new Map();
      stack[stack.length - 1]!.set(trimmed, sub);
      stack.push(sub);
      name = '';
    } else if (ch === ')') {
      flush();
      stack.pop();
    } else name += ch;
  }
  flush();
  return root;
}

function pick(value: unknown, tree: FieldTree | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, tree));
  if (!isObject(value)) return value;
  // A nested object without its own fields is a reference: id and url only.
  if (!tree || tree.size === 0) return 'id' in value ? { id: value.id, url: `tripletex.no/v2/x/${String(value.id)}` } : {};
  if (tree.has('*')) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = tree.has(k) ? pick(v, tree.get(k)) : isObject(v) ? pick(v, undefined) : v;
    return out;
  }
  const out: Json = {};
  for (const [k, sub] of tree) if (k in value) out[k] = pick(value[k], sub);
  return out;
}

export async function startTripletex(options: TripletexEmulatorOptions = {}): Promise<TripletexEmulator> {
  const consumerToken = options.consumerToken ?? 'consumer-test';
  const employeeToken = options.employeeToken ?? 'employee-test';
  const store = new Map<string, Map<number, TripletexRecord>>();
  const changed = new Map<TripletexRecord, number>();
  const tokens = new Set<string>();
  let sessions = 0;
  let nextId = 1;
  let period = { start: 0, used: 0 };
  let emulator!: TripletexEmulator;
  const now = () => emulator.clock.now();
  const table = (path: string) => {
    let t = store.get(path);
    if (!t) store.set(path, (t = new Map()));
    return t;
  };

  function touch(record: TripletexRecord, kind: 'CREATE' | 'UPDATE'): void {
    changed.set(record, now());
    const changes = (record.changes as Json[] | undefined) ?? [];
    changes.push({ employeeId: 1, timestamp: osloLocal(now()), changeType: kind });
    Object.defineProperty(record, 'changes', { value: changes, enumerable: false, writable: true, configurable: true });
  }

  function insert(path: string, values: Json): TripletexRecord {
    const record = { id: nextId++, version: 0 } as TripletexRecord;
    merge(record, values);
    record.id = nextId - 1;
    record.version = 0;
    delete (record as Json).changes;
    if (path === '/order' && Array.isArray(values.orderLines)) {
      record.orderLines = (values.orderLines as Json[]).map((line) => insertLine({ ...line, order: { id: record.id } }));
    }
    table(path).set(record.id, record);
    touch(record, 'CREATE');
    return record;
  }

  function insertLine(values: Json): TripletexRecord {
    const line = { id: 0, version: 0 } as TripletexRecord;
    merge(line, values);
    line.id = nextId++;
    line.version = 0;
    table('/order/orderline').set(line.id, line);
    touch(line, 'CREATE');
    return line;
  }

  const requestId = () => randomUUID();
  const fail = (status: number, code: number, message: string, extra: Json = {}): EmulatorAnswer => {
    const id = requestId();
    return {
      status,
      headers: { 'x-tlx-request-id': id },
      body: { status, code, message, link: 'https://tripletex.no/v2-docs/', developerMessage: message, validationMessages: [], requestId: id, ...extra },
      schema: 'ApiError',
    };
  };

  function invalid(values: Json): Json[] | undefined {
    if (typeof values.email === 'string' && values.email !== '' && !/^[^@\s]+@[^@\s]+$/.test(values.email)) return [{ field: 'email', message: 'Ugyldig e-postadresse.' }];
    return undefined;
  }

  function list(path: string, request: EmulatorRequest): EmulatorAnswer {
    const resource = RESOURCES[path]!;
    const q = request.query;
    let records = [...table(path).values()];
    for (const [param, field] of Object.entries(resource.search)) {
      const wanted = q.get(param);
      if (wanted !== null) records = records.filter((r) => String(r[field] ?? '').toLowerCase() === wanted.toLowerCase());
    }
    const since = q.get('changedSince');
    if (since !== null && resource.changedSince) {
      const from = fromOsloLocal(since);
      records = records.filter((r) => (changed.get(r) ?? 0) >= from);
    }
    const sorting = q.get('sorting') ?? '';
    // Records are kept in id order already (ids only grow).
    if (sorting === 'id') {
      // nothing to do
    } else if (sorting) {
      const desc = sorting.startsWith('-');
      const key = sorting.replace(/^-/, '');
      records.sort((a, b) => {
        const x = a[key] as string | number;
        const y = b[key] as string | number;
        return (desc ? -1 : 1) * (x < y ? -1 : x > y ? 1 : 0);
      });
    }
    // Without a sorting the emulator lists newest first, so an insert shifts an offset scan.
    else records.sort((a, b) => b.id - a.id);
    const from = Number(q.get('from') ?? 0);
    const count = Number(q.get('count') ?? 1000);
    const page = records.slice(from, from + count);
    const fields = parseFields(q.get('fields') || '*');
    // "Hash of full result": of every record the query gives, as shown (so a change to a field not asked for keeps it).
    const digest = records.length === 0 ? null : createHash('sha256').update(JSON.stringify(records.map((r) => pick(withChanges(r), fields)))).digest('hex').slice(0, 32);
    const asked = request.headers['if-none-match'];
    if (digest !== null && typeof asked === 'string' && asked.replace(/^(W\/)?"|"$/g, '') === digest) return { status: 304 };
    return {
      status: 200,
      // The document says null when there is no result; its schema types a string, so it is left out then.
      body: { fullResultSize: records.length, from, count: page.length, ...(digest === null ? {} : { versionDigest: digest }), values: page.map((r) => pick(withChanges(r), fields)) },
      schema: `ListResponse${resource.schema}`,
    };
  }

  const withChanges = (record: TripletexRecord): Json => ({ ...record, changes: record.changes });

  function handle(request: EmulatorRequest): EmulatorAnswer {
    const limit = options.rateLimit;
    const headers: Record<string, string> = {};
    if (limit) {
      if (now() - period.start >= limit.periodMs) period = { start: now(), used: 0 };
      period.used++;
      const reset = Math.ceil((period.start + limit.periodMs - now()) / 1000);
      headers['x-rate-limit-limit'] = String(limit.requests);
      headers['x-rate-limit-remaining'] = String(Math.max(0, limit.requests - period.used));
      headers['x-rate-limit-reset'] = String(reset);
      if (period.used > limit.requests) {
        const answer = fail(429, 0, 'Too many requests');
        return { ...answer, headers: { ...answer.headers, ...headers } };
      }
    }
    const answer = route(request);
    return { ...answer, headers: { ...headers, ...answer.headers } };
  }

  function route(request: EmulatorRequest): EmulatorAnswer {
    const q = request.query;
    if (request.path === '/v2/token/session/:create' && request.method === 'PUT') {
      if (q.get('consumerToken') !== consumerToken || q.get('employeeToken') !== employeeToken || !q.get('expirationDate')) {
        return fail(403, 9000, 'Invalid consumer or employee token');
      }
      const token = `session-${randomUUID()}`;
      tokens.add(token);
      sessions++;
      return {
        status: 200,
        body: { value: { id: sessions, version: 1, consumerToken: { id: 1 }, employeeToken: { id: 1 }, expirationDate: q.get('expirationDate'), token } },
        schema: 'ResponseWrapperSessionToken',
      };
    }
    const auth = request.headers.authorization ?? '';
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : '';
    const [company, token] = decoded.split(':');
    if (company !== '0' || !token || !tokens.has(token)) return fail(401, 3000, 'Unauthorized: the session token is not valid');

    const path = request.path.replace(/^\/v2/, '');
    const itemMatch = /^(.*)\/(\d+)$/.exec(path);
    const resourcePath = itemMatch ? itemMatch[1]! : path;
    const resource = RESOURCES[resourcePath];
    if (!resource) return fail(404, 6000, `No endpoint ${path}`);
    const fields = parseFields(q.get('fields') || '*');
    if (!itemMatch) {
      if (request.method === 'GET') {
        if (resourcePath === '/order/orderline') return fail(404, 6000, 'GET /order/orderline is not in the API');
        if (resourcePath === '/order' && (!q.get('orderDateFrom') || !q.get('orderDateTo'))) {
          return fail(422, 21000, 'orderDateFrom and orderDateTo are required', { validationMessages: [{ field: 'orderDateFrom', message: 'Kan ikke være null.' }] });
        }
        return list(resourcePath, request);
      }
      if (request.method === 'POST') {
        const values = (request.body ?? {}) as Json;
        const bad = invalid(values);
        if (bad) return fail(422, 15000, 'Validering feilet.', { validationMessages: bad });
        if ('id' in values || 'version' in values) return fail(422, 15000, 'Validering feilet.', { validationMessages: [{ field: 'id', message: 'Should not have ID and version set.' }] });
        let record: TripletexRecord;
        if (resourcePath === '/order/orderline') {
          const orderId = (values.order as Json | undefined)?.id as number | undefined;
          const order = orderId === undefined ? undefined : table('/order').get(orderId);
          if (!order) return fail(422, 15000, 'Validering feilet.', { validationMessages: [{ field: 'order', message: 'Kan ikke være null.' }] });
          record = insertLine(values);
          (order.orderLines as Json[] | undefined)?.push(record) ?? (order.orderLines = [record]);
        } else record = insert(resourcePath, values);
        return { status: 201, body: { value: pick(withChanges(record), fields) }, schema: `ResponseWrapper${resource.schema}` };
      }
      return fail(405, 4000, `${request.method} ${path} is not emulated`);
    }
    const id = Number(itemMatch[2]);
    const record = table(resourcePath).get(id);
    if (!record) return fail(404, 6000, 'Objektet finnes ikke.');
    if (request.method === 'GET') return { status: 200, body: { value: pick(withChanges(record), fields) }, schema: `ResponseWrapper${resource.schema}` };
    if (request.method === 'PUT') {
      const patch = (request.body ?? {}) as Json;
      if (patch.version !== undefined && patch.version !== record.version) {
        return fail(409, 8000, 'RevisionException: The object has been changed by someone else since it was read.');
      }
      const bad = invalid(patch);
      if (bad) return fail(422, 15000, 'Validering feilet.', { validationMessages: bad });
      const { id: _id, version: _version, changes: _changes, ...rest } = patch;
      void _id;
      void _version;
      void _changes;
      merge(record, rest);
      record.version++;
      touch(record, 'UPDATE');
      return { status: 200, body: { value: pick(withChanges(record), fields) }, schema: `ResponseWrapper${resource.schema}` };
    }
    return fail(405, 4000, `${request.method} ${path} is not emulated`);
  }

  const base = await startEmulator(handle, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.check === false ? {} : { check: checkTripletex }),
    headers: () => ({ 'x-tlx-request-id': requestId() }),
  });
  emulator = Object.assign(base, {
    seed: (path: string, records: readonly Json[]) => records.map((r) => insert(path, r)),
    records: (path: string) => [...table(path).values()],
    get: (path: string, id: number) => table(path).get(id),
    edit: (path: string, id: number, changes: Json) => {
      const record = table(path).get(id);
      if (!record) throw new Error(`no ${path} ${id}`);
      merge(record, changes);
      record.version++;
      touch(record, 'UPDATE');
    },
    remove: (path: string, id: number) => {
      table(path).delete(id);
    },
    expireSessions: () => tokens.clear(),
  }) as TripletexEmulator;
  Object.defineProperty(emulator, 'sessions', { get: () => sessions });
  return emulator;
}
