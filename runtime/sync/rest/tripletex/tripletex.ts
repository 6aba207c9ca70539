/**
 * `tripletex(options?)`: Tripletex API v2 as a SystemAdapter, after its
 * OpenAPI document (2.72.00) and API overview: a session token from
 * consumer + employee token, Basic auth `0:<session token>`, `from`/`count`
 * lists sorted by id with `fields` from the mapped paths, `changedSince`
 * (Oslo local time) where the API has it, PUT with the `version` read at diff
 * time (409 code 8000 is a WriteConflict), and the `X-Rate-Limit-*` headers honoured.
 */
import { z } from 'zod';
import type { AnyRecord } from '../../../flow.js';
import type { ChangePage, ChangesRequest } from '../../adapter.js';
import type { RecordId } from '../../ids.js';
import type { Clock } from '../clock.js';
import { defineRestSystem, type RestSystem } from '../define.js';
import { readPath } from '../dot-path.js';
import { RestError, withRequestId } from '../rest-error.js';
import type { EntityContext, MappedPaths, Query, RestEntity, RestLimits, RetryPolicy } from '../types.js';
import { TRIPLETEX_RESOURCES, type TripletexResource } from './entities.js';
import { fieldsOf, partialBody } from './fields.js';
import { fromOsloLocal, osloLocal } from './oslo-time.js';

export interface TripletexOptions {
  /** Default: `TRIPLETEX_BASE_URL`, else https://tripletex.no/v2. */
  readonly baseUrl?: string;
  /** Default `TRIPLETEX_CONSUMER_TOKEN`. */
  readonly consumerToken?: string;
  /** Default `TRIPLETEX_EMPLOYEE_TOKEN`. */
  readonly employeeToken?: string;
  /** Basic auth user: `0` is the employee's own company, another id an accountant's client. */
  readonly companyId?: number;
  readonly limits?: RestLimits;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** How far before the cursor `changedSince` starts (clock skew, late commits); default 5 minutes. */
  readonly lookbackMs?: number;
  /** Records per page (`count`, at most 1000 by the API's default). */
  readonly pageSize?: number;
  /**
   * For resources without `changedSince` (read whole every run): first ask
   * for one record and the list's `versionDigest` ("hash of full result",
   * also sent as `If-None-Match`), and read no further when it is the one of
   * the last whole read. Default true; false reads them whole every time.
   */
  readonly versionDigest?: boolean;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}

const PAGE = 1000;

/** Every persisted resource has an integer id and a version. */
const recordSchema = z.looseObject({ id: z.number().int(), version: z.number().int().optional() });

interface ErrorBody {
  status?: number;
  code?: number;
  message?: string;
  developerMessage?: string;
  validationMessages?: { field?: string; message?: string }[] | null;
  requestId?: string;
}

const bodyOf = (response: { body: unknown }): ErrorBody =>
  typeof response.body === 'object' && response.body !== null ? (response.body as ErrorBody) : {};

function secondsHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value) * 1000;
}

export function tripletex(options: TripletexOptions = {}): RestSystem {
  const baseUrl = options.baseUrl ?? process.env.TRIPLETEX_BASE_URL ?? 'https://tripletex.no/v2';
  const consumerToken = options.consumerToken ?? process.env.TRIPLETEX_CONSUMER_TOKEN;
  const employeeToken = options.employeeToken ?? process.env.TRIPLETEX_EMPLOYEE_TOKEN;
  const pageSize = options.pageSize ?? PAGE;
  const entities: Record<string, RestEntity> = {};
  const schemas: Record<string, typeof recordSchema> = {};
  for (const [name, resource] of Object.entries(TRIPLETEX_RESOURCES)) {
    entities[name] = resourceEntity(resource, pageSize, options.versionDigest !== false);
    schemas[name] = recordSchema;
  }
  return defineRestSystem(
    {
      name: 'Tripletex',
      baseUrl,
      auth: {
        kind: 'session',
        async open(client) {
          if (!consumerToken || !employeeToken) {
            throw new RestError(
              'abort',
              'Tripletex: no consumer or employee token; set TRIPLETEX_CONSUMER_TOKEN and TRIPLETEX_EMPLOYEE_TOKEN or pass tripletex({ consumerToken, employeeToken })',
            );
          }
          // A session for today and tomorrow (Oslo dates): long enough for a run, renewed on a 401.
          const expirationDate = osloLocal(client.clock.now() + 2 * 86_400_000).slice(0, 10);
          const response = await client.request({
            method: 'PUT',
            path: '/token/session/:create',
            query: { consumerToken, employeeToken, expirationDate },
            anonymous: true,
          });
          const token = readPath(response.body, 'value.token');
          if (typeof token !== 'string' || token === '') {
            throw new RestError('abort', withRequestId('Tripletex /token/session/:create answered without a token', response.requestId));
          }
          return { authorization: `Basic ${Buffer.from(`${options.companyId ?? 0}:${token}`).toString('base64')}` };
        },
      },
      limits: options.limits ?? { concurrency: 4 },
      retry: options.retry ?? { retries: 6, baseMs: 1000, maxMs: 120_000 },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      lookbackMs: options.lookbackMs ?? 5 * 60_000,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      requestId: (response) => response.headers.get('x-tlx-request-id') ?? bodyOf(response).requestId,
      classify: (response) => {
        const code = bodyOf(response).code;
        if (response.status === 409 && code === 8000) return 'conflict';
        if (response.status === 409) return 'reject';
        return undefined;
      },
      describe: (response) => {
        const body = bodyOf(response);
        const parts = [body.message, body.developerMessage && body.developerMessage !== body.message ? body.developerMessage : undefined];
        for (const v of body.validationMessages ?? []) parts.push(v.field ? `${v.field}: ${v.message ?? 'invalid'}` : v.message);
        const text = parts.filter(Boolean).join('; ');
        return text ? (body.code ? `${text} (code ${body.code})` : text) : undefined;
      },
      fields: (response) => (bodyOf(response).validationMessages ?? []).map((v) => v.field).filter((f): f is string => !!f),
      // Out of requests for this period: wait for its reset before the next one, rather than collect 429s.
      pause: (response) => (response.headers.get('x-rate-limit-remaining')?.trim() === '0' ? secondsHeader(response.headers, 'x-rate-limit-reset') : undefined),
      retryAfter: (response) => secondsHeader(response.headers, 'x-rate-limit-reset'),
      entities,
    },
    schemas,
  );
}

function resourceEntity(resource: TripletexResource, size: number, digest: boolean): RestEntity {
  // `isInactive` too where the resource has it: an inactive record counts as deleted (`removed`).
  const extra = resource.inactive ? ['isInactive'] : [];
  const select = (paths: MappedPaths | undefined): Query => ({ fields: paths ? fieldsOf(paths, extra) : '*' });
  const inside = resource.inside;
  const entity: RestEntity = {
    path: resource.path,
    single: 'value',
    list: inside
      ? {
          path: inside.path,
          query: { ...inside.query, sorting: 'id' },
          // The lines of every order, each with its order's id.
          select: (paths) => ({ fields: `id,${inside.field}(${paths ? fieldsOf(paths) : '*'})` }),
          paging: { style: 'offset', fromParam: 'from', sizeParam: 'count', size },
          records: 'values',
          transform: (parent) => {
            const children = Array.isArray(parent[inside.field]) ? (parent[inside.field] as AnyRecord[]) : [];
            return children.map((child) => (child[inside.parent] === undefined ? { ...child, [inside.parent]: { id: parent.id } } : child));
          },
        }
      : {
          // By id, so records created during a scan land after it instead of shifting it.
          query: { ...resource.query, sorting: 'id' },
          select,
          paging: { style: 'offset', fromParam: 'from', sizeParam: 'count', size },
          records: 'values',
        },
    // Only /customer and /supplier filter by changedSince (API 2.72.00); the others are read whole, unless their digest says unchanged.
    changes: resource.changedSince
      ? { query: (from: string) => ({ changedSince: osloLocal(from) }) }
      : { pages: (context, request) => wholeListing(context, request, digest) },
    get: { select },
    updatedAt: lastChange,
    ...(resource.inactive ? { removed: (record: AnyRecord) => (record.isInactive === true ? 'inactive' : undefined) } : {}),
  };
  if (!resource.writable) return entity;
  return {
    ...entity,
    create: { body: (values) => values, id: 'value.id' },
    update: { method: 'PUT', body: (record, changed) => partialBody(record, changed) },
    findCreated: (context, values) => findCreated(context, resource, values),
  };
}

/** How a whole read's cursor carries the list's digest to the next run. */
const DIGEST = 'versionDigest:';

/**
 * The "changes" of a resource the API cannot filter by change time: one
 * record with the list's `versionDigest` first (and `If-None-Match` with the
 * last one); the same digest (or a 304) means nothing changed and nothing more
 * is read. Otherwise every page, the last marked `complete` so records the
 * listing no longer has leave the mirror (they were deleted). The digest
 * taken before the listing goes with the cursor: a change during the listing
 * makes the next run's digest differ, so it is read again.
 */
async function* wholeListing(context: EntityContext, request: ChangesRequest, useDigest: boolean): AsyncGenerator<ChangePage> {
  const since = request.since ?? { at: new Date(0).toISOString(), id: '' };
  const known = since.id.startsWith(DIGEST) ? since.id.slice(DIGEST.length) : undefined;
  let digest: string | undefined;
  if (useDigest) {
    const list = context.definition.list;
    const response = await context.client.request({
      method: 'GET',
      path: list.path ?? context.definition.path,
      query: { ...list.query, ...list.select?.(request.paths), from: 0, count: 1 },
      ...(known === undefined ? {} : { headers: { 'if-none-match': known } }),
    });
    const value = readPath(response.body, 'versionDigest');
    digest = typeof value === 'string' && value !== '' ? value : undefined;
    if (response.status === 304 || (digest !== undefined && digest === known)) {
      yield { records: [], cursor: since };
      return;
    }
  }
  // The position's time stays where it was (nothing is filtered by it); its id carries the digest.
  const cursor = { at: since.at, id: digest === undefined ? '' : DIGEST + digest };
  let previous: readonly AnyRecord[] | undefined;
  for await (const page of context.listAll(request.paths ? { paths: request.paths } : {})) {
    if (previous) yield { records: previous, cursor: since };
    previous = page;
  }
  yield { records: previous ?? [], cursor, complete: true };
}

/**
 * When a Tripletex record last changed: its objects carry no `updatedAt`,
 * only the history `changes` (asked for in `fields`), whose timestamps are
 * Oslo wall-clock times without an offset; the latest one, as ISO 8601.
 */
export function lastChange(record: AnyRecord): string | undefined {
  const changes = record.changes;
  if (!Array.isArray(changes)) return undefined;
  let latest: number | undefined;
  for (const change of changes) {
    const stamp = typeof change === 'object' && change !== null ? (change as { timestamp?: unknown }).timestamp : undefined;
    if (typeof stamp !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(stamp)) continue;
    // An offset or Z is taken as written; the API's own form has none and is Oslo time.
    const ms = /(Z|[+-]\d{2}:?\d{2})$/.test(stamp) ? Date.parse(stamp) : fromOsloLocal(stamp);
    if (!Number.isNaN(ms) && (latest === undefined || ms > latest)) latest = ms;
  }
  return latest === undefined ? undefined : new Date(latest).toISOString();
}

/**
 * The record a create that may have happened made: listed by the search
 * parameters its values fill, compared on every top-level value; the newest
 * (greatest id) wins, since Tripletex hands out ids in order.
 */
async function findCreated(context: EntityContext, resource: TripletexResource, values: AnyRecord): Promise<RecordId | undefined> {
  const query: Query = {};
  for (const [field, param] of Object.entries(resource.search ?? {})) {
    const value = values[field];
    if (typeof value === 'string' || typeof value === 'number') query[param] = value;
  }
  const scalars = Object.entries(values).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  let best: number | undefined;
  const paths = scalars.map(([k]) => [k]);
  for await (const page of context.listAll({ paths, query })) {
    for (const record of page) {
      if (!scalars.every(([k, v]) => record[k] === v)) continue;
      if (typeof record.id === 'number' && (best === undefined || record.id > best)) best = record.id;
    }
  }
  return best;
}

