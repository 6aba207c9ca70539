/**
 * `hubspot(options?)`: HubSpot CRM v3 as a SystemAdapter, after the public
 * OpenAPI documents (HubSpot/HubSpot-public-api-spec-collection, CRM objects):
 * `after` cursor lists with `properties` from the mapped paths, search for
 * changes, batch create/update with 207 answers, PATCH for one record,
 * ~100 requests per 10 s and search ~5 per s paced, 429s retried.
 */
import { z } from 'zod';
import type { AnyRecord } from '../../../flow.js';
import type { RecordId } from '../../ids.js';
import type { Clock } from '../clock.js';
import { defineRestSystem, type RestSystem } from '../define.js';
import { readPath } from '../dot-path.js';
import { isRestError } from '../rest-error.js';
import type { EntityContext, RestEntity, RestLimits, RestResponse, RetryPolicy } from '../types.js';
import { associationEntities } from './associations.js';
import { changedProperties, createBody, createMany, updateMany } from './batch.js';
import { HUBSPOT_OBJECTS, propertyNames, propertyValues, type HubSpotObject } from './objects.js';
import { searchChanges } from './search.js';

export interface HubSpotOptions {
  /** Default: `HUBSPOT_BASE_URL`, else https://api.hubapi.com. */
  readonly baseUrl?: string;
  /** A private app's access token; default `HUBSPOT_TOKEN`. */
  readonly token?: string;
  /** Pacing; default 9 requests a second (99 in any 10 s) and search 1 per 250 ms (5 in any second). */
  readonly limits?: RestLimits;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** How far before the cursor changes are searched again (search index lag); default 5 minutes. */
  readonly lookbackMs?: number;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}

export const HUBSPOT_LIMITS: RestLimits = {
  concurrency: 4,
  // Fixed windows of 1 s with 9 requests never put more than 99 in any rolling 10 s.
  default: { requests: 9, intervalMs: 1000 },
  buckets: { search: { requests: 1, intervalMs: 250 } },
};

/** What a listed record must look like (SimplePublicObject); a requested property without a value is null. */
const recordSchema = z.looseObject({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
});

interface ErrorBody {
  message?: string;
  correlationId?: string;
  category?: string;
  policyName?: string;
  errorType?: string;
  errors?: { message?: string; context?: Record<string, string[]> }[];
  context?: Record<string, string[]>;
}

const bodyOf = (response: { body: unknown }): ErrorBody =>
  typeof response.body === 'object' && response.body !== null ? (response.body as ErrorBody) : {};

export function hubspot(options: HubSpotOptions = {}): RestSystem {
  const baseUrl = options.baseUrl ?? process.env.HUBSPOT_BASE_URL ?? 'https://api.hubapi.com';
  const token = options.token ?? process.env.HUBSPOT_TOKEN;
  const entities: Record<string, RestEntity> = {};
  const schemas: Record<string, typeof recordSchema> = {};
  for (const [name, object] of Object.entries(HUBSPOT_OBJECTS)) {
    entities[name] = objectEntity(object);
    schemas[name] = recordSchema;
  }
  for (const [name, entity] of Object.entries(associationEntities())) {
    entities[name] = entity;
    schemas[name] = recordSchema;
  }
  return defineRestSystem(
    {
      name: 'HubSpot',
      baseUrl,
      auth: { kind: 'bearer', token, missing: 'set HUBSPOT_TOKEN or pass hubspot({ token })' },
      limits: options.limits ?? HUBSPOT_LIMITS,
      retry: options.retry ?? { retries: 6, baseMs: 1000, maxMs: 60_000 },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      lookbackMs: options.lookbackMs ?? 5 * 60_000,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      requestId: (response) => bodyOf(response).correlationId ?? response.headers.get('x-hubspot-correlation-id') ?? undefined,
      classify: (response) => {
        const body = bodyOf(response);
        // The daily quota does not come back in this run; the ten-secondly one does.
        if (response.status === 429 && (body.policyName === 'DAILY' || body.policyName === 'daily')) return 'abort';
        if (response.status === 409) return 'reject';
        return undefined;
      },
      describe: (response) => {
        const body = bodyOf(response);
        const details = (body.errors ?? []).map((e) => e.message).filter((m): m is string => !!m && m !== body.message);
        const policy = body.policyName ? ` (policy ${body.policyName})` : '';
        return body.message ? [body.message + policy, ...details].join('; ') : undefined;
      },
      // The ten-secondly budget used up (shared by every app of the portal): wait its interval out.
      pause: (response) => {
        if (response.headers.get('x-hubspot-ratelimit-remaining')?.trim() !== '0') return undefined;
        const interval = Number(response.headers.get('x-hubspot-ratelimit-interval-milliseconds') ?? 10_000);
        return Number.isFinite(interval) ? interval : 10_000;
      },
      fields: (response) => {
        const body = bodyOf(response);
        const names = new Set<string>();
        for (const e of [body, ...(body.errors ?? [])]) for (const n of e.context?.propertyName ?? []) names.add(`properties.${n}`);
        for (const m of (body.message ?? '').matchAll(/"name":"([^"]+)"/g)) names.add(`properties.${m[1]}`);
        return [...names];
      },
      entities,
    },
    schemas,
  );
}

function objectEntity(object: HubSpotObject): RestEntity {
  const path = `/crm/v3/objects/${object.type}`;
  const select = (paths: readonly (readonly string[])[] | undefined) => {
    const names = propertyNames(paths);
    return names ? { properties: [...new Set([...names, object.modified])].sort().join(',') } : {};
  };
  return {
    path,
    list: { query: { archived: false }, select, paging: { style: 'cursor', param: 'after', next: 'paging.next.after', sizeParam: 'limit', size: 100 }, records: 'results' },
    changes: { pages: (context, request, lookbackMs) => searchChanges(context, object, request, lookbackMs) },
    get: { select },
    create: { body: (values) => createBody(values), id: 'id', many: (context, values) => createMany(context, object, values) },
    update: {
      method: 'PATCH',
      body: (record, changed) => ({ properties: changedProperties(record, changed) }),
      many: (context, items) => updateMany(context, object, items),
    },
    findCreated: (context, values) => findCreated(context, object, values),
    // Listings leave archived objects out; one read otherwise (a fresh get) says so.
    removed: (record) => (record.archived === true ? 'archived' : undefined),
    updatedAt: (record) => {
      const at = readPath(record, `properties.${object.modified}`) ?? record.updatedAt;
      return typeof at === 'string' ? at : undefined;
    },
  };
}

/**
 * The record a create that may have happened made: by the object's unique
 * property where it has one (a direct read, not the lagging search index),
 * else by searching its key properties and comparing every value; the newest wins.
 */
async function findCreated(context: EntityContext, object: HubSpotObject, values: AnyRecord): Promise<RecordId | undefined> {
  const wanted = propertyValues(values.properties);
  const names = Object.keys(wanted).filter((n) => wanted[n] !== '');
  if (names.length === 0) return undefined;
  const properties = names.join(',');
  if (object.unique && wanted[object.unique]) {
    try {
      const response = await context.client.request({
        method: 'GET',
        path: `/crm/v3/objects/${object.type}/${encodeURIComponent(wanted[object.unique]!)}`,
        query: { idProperty: object.unique, properties },
      });
      const id = readPath(response.body, 'id');
      return matches(response.body as AnyRecord, wanted) && typeof id === 'string' ? id : undefined;
    } catch (error) {
      if (isRestError(error) && error.kind === 'not-found') return undefined;
      throw error;
    }
  }
  const keys = [...object.keys.filter((k) => names.includes(k)), ...names.filter((n) => !object.keys.includes(n))].slice(0, 3);
  const response: RestResponse = await context.client.request({
    method: 'POST',
    path: `/crm/v3/objects/${object.type}/search`,
    bucket: 'search',
    idempotent: true,
    body: {
      filterGroups: [{ filters: keys.map((k) => ({ propertyName: k, operator: 'EQ', value: wanted[k] })) }],
      sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
      properties: names,
      limit: 100,
      after: '0',
    },
  });
  const results = readPath(response.body, 'results');
  const found = (Array.isArray(results) ? (results as AnyRecord[]) : []).filter((r) => matches(r, wanted));
  found.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  const id = found[0]?.id;
  return typeof id === 'string' ? id : undefined;
}

function matches(record: AnyRecord, wanted: Record<string, string>): boolean {
  const properties = (record.properties ?? {}) as Record<string, unknown>;
  return Object.entries(wanted).every(([k, v]) => (properties[k] ?? '') === v || (k === 'email' && String(properties[k] ?? '').toLowerCase() === v.toLowerCase()));
}
