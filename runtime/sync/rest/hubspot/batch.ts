/**
 * HubSpot batch create and update (100 per request). Answers are 201/200, or
 * 207 multi-status with `errors[]`; results may come back in another order
 * than sent, so creates are matched by `objectWriteTraceId` and updates by id.
 * An item the answer does not account for is a create that may have happened.
 * A whole batch refused (400) is sent again one record at a time, so one bad
 * record fails only itself.
 */
import type { AnyRecord, PathSpec } from '../../../flow.js';
import { MaybeCreated, RecordRejected, type CreateResult, type UpdateItem, type UpdateResult } from '../../adapter.js';
import { isRecordId } from '../../ids.js';
import { readPath } from '../dot-path.js';
import { isRestError, withRequestId } from '../rest-error.js';
import type { EntityContext, RestResponse } from '../types.js';
import { propertyValues, type HubSpotObject } from './objects.js';

export const BATCH_SIZE = 100;

interface StandardError {
  message?: string;
  category?: string;
  context?: Record<string, string[]>;
  errors?: { message?: string; context?: Record<string, string[]> }[];
}

export function changedProperties(record: AnyRecord, changed: readonly PathSpec[]): Record<string, string> {
  const picked = Object.create(null) as Record<string, unknown>;
  for (const spec of changed) {
    if (spec.path[0] !== 'properties' || spec.path[1] === undefined) continue;
    picked[spec.path[1]] = readPath(record, `properties.${spec.path[1]}`);
  }
  return propertyValues(picked);
}

export function createBody(values: AnyRecord, traceId?: string): Record<string, unknown> {
  return { properties: propertyValues(values.properties), associations: [], ...(traceId ? { objectWriteTraceId: traceId } : {}) };
}

function errorsOf(response: RestResponse): StandardError[] {
  const errors = readPath(response.body, 'errors');
  return Array.isArray(errors) ? (errors as StandardError[]) : [];
}

function describe(error: StandardError): string {
  const details = (error.errors ?? []).map((e) => e.message).filter(Boolean);
  return [error.message ?? error.category ?? 'refused', ...details].join('; ');
}

function fieldsOf(error: StandardError): string[] {
  const names = new Set<string>();
  for (const e of [error, ...(error.errors ?? [])]) {
    for (const name of e.context?.propertyName ?? []) names.add(`properties.${name}`);
  }
  for (const match of (error.message ?? '').matchAll(/\\?"name\\?":\\?"([^"\\]+)\\?"/g)) names.add(`properties.${match[1]}`);
  return [...names];
}

export async function createMany(context: EntityContext, object: HubSpotObject, values: readonly AnyRecord[]): Promise<CreateResult[]> {
  const results: CreateResult[] = [];
  for (let i = 0; i < values.length; i += BATCH_SIZE) for (const result of await createChunk(context, object, values.slice(i, i + BATCH_SIZE))) results.push(result);
  return results;
}

async function createChunk(context: EntityContext, object: HubSpotObject, values: readonly AnyRecord[]): Promise<CreateResult[]> {
  const path = `/crm/v3/objects/${object.type}/batch/create`;
  const base = `dataflow-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const traces = values.map((_, i) => `${base}-${i}`);
  let response: RestResponse;
  try {
    response = await context.client.request({
      method: 'POST',
      path,
      idempotent: false,
      body: { inputs: values.map((v, i) => createBody(v, traces[i])) },
    });
  } catch (error) {
    if (isRestError(error) && error.kind === 'reject' && values.length > 1) {
      // Nothing of a refused batch was created: one at a time, so only the bad records fail.
      const single: CreateResult[] = [];
      for (const v of values) for (const result of await createChunk(context, object, [v])) single.push(result);
      return single;
    }
    if (isRestError(error) && error.kind === 'reject') {
      return [{ error: new RecordRejected(error.message, { requestId: error.requestId, fields: error.fields, cause: error }) }];
    }
    throw error;
  }
  const byTrace = new Map<string, string>();
  const results = readPath(response.body, 'results');
  for (const result of Array.isArray(results) ? (results as AnyRecord[]) : []) {
    if (typeof result.objectWriteTraceId === 'string' && isRecordId(result.id)) byTrace.set(result.objectWriteTraceId, String(result.id));
  }
  const failed = new Map<string, StandardError>();
  for (const error of errorsOf(response)) for (const trace of error.context?.objectWriteTraceId ?? []) failed.set(trace, error);
  // A one-item batch needs no trace to match its single result.
  const lone = values.length === 1 && Array.isArray(results) && results.length === 1 ? String((results[0] as AnyRecord).id) : undefined;
  return traces.map((trace): CreateResult => {
    const id = byTrace.get(trace) ?? lone;
    if (id !== undefined) return { id };
    const error = failed.get(trace);
    if (error) return { error: new RecordRejected(withRequestId(`HubSpot refused the ${context.entity}: ${describe(error)}`, response.requestId), { requestId: response.requestId, fields: fieldsOf(error) }) };
    return { error: new MaybeCreated(withRequestId(`HubSpot's answer to ${path} does not say what became of this ${context.entity}`, response.requestId), { requestId: response.requestId }) };
  });
}

export async function updateMany(context: EntityContext, object: HubSpotObject, items: readonly UpdateItem[]): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) for (const result of await updateChunk(context, object, items.slice(i, i + BATCH_SIZE))) results.push(result);
  return results;
}

async function updateChunk(context: EntityContext, object: HubSpotObject, items: readonly UpdateItem[]): Promise<UpdateResult[]> {
  const path = `/crm/v3/objects/${object.type}/batch/update`;
  let response: RestResponse;
  try {
    response = await context.client.request({
      method: 'POST',
      path,
      // Setting the same properties twice changes nothing: safe to retry.
      idempotent: true,
      body: { inputs: items.map((item) => ({ id: String(item.id), properties: changedProperties(item.record, item.changed) })) },
    });
  } catch (error) {
    if (isRestError(error) && error.kind === 'reject' && items.length > 1) {
      const single: UpdateResult[] = [];
      for (const item of items) for (const result of await updateChunk(context, object, [item])) single.push(result);
      return single;
    }
    if (isRestError(error) && (error.kind === 'reject' || error.kind === 'not-found')) {
      return [{ error: new RecordRejected(error.message, { requestId: error.requestId, fields: error.fields, cause: error }) }];
    }
    throw error;
  }
  const failed = new Map<string, StandardError>();
  for (const error of errorsOf(response)) for (const id of error.context?.ids ?? []) failed.set(id, error);
  const done = new Set<string>();
  const results = readPath(response.body, 'results');
  for (const result of Array.isArray(results) ? (results as AnyRecord[]) : []) done.add(String(result.id));
  return items.map((item): UpdateResult => {
    if (done.has(String(item.id))) return { ok: true };
    const error = failed.get(String(item.id));
    if (!error) {
      const message = `HubSpot's answer to ${path} does not say whether ${context.entity} ${item.id} was updated; it is compared again on the next run`;
      return { error: new RecordRejected(withRequestId(message, response.requestId), { requestId: response.requestId }) };
    }
    return { error: new RecordRejected(withRequestId(`HubSpot refused the update of ${context.entity} ${item.id}: ${describe(error)}`, response.requestId), { requestId: response.requestId, fields: fieldsOf(error) }) };
  });
}

