/**
 * HubSpot changes through CRM search: records whose last-modified property is
 * in [cursor - lookback, until], oldest first. Search stops at 10,000 results
 * per query, so at the cap the window is re-anchored on the last timestamp
 * read: the records sharing it are read in a pass of their own, by
 * hs_object_id (bulk jobs stamp thousands with one time), then the window goes
 * on after it. GTE at the start, never GT: records sharing the cursor's
 * timestamp are read again rather than lost.
 */
import type { AnyRecord } from '../../../flow.js';
import type { ChangeCursor, ChangePage, ChangesRequest } from '../../adapter.js';
import { compareIds } from '../../ids.js';
import { readPath } from '../dot-path.js';
import { RestError, withRequestId } from '../rest-error.js';
import type { EntityContext } from '../types.js';
import { propertyNames, type HubSpotObject } from './objects.js';

/** Search's limit per page, and the most results one query gives. */
export const SEARCH_PAGE = 200;
export const SEARCH_CAP = 10_000;

interface Filter {
  propertyName: string;
  operator: 'EQ' | 'GT' | 'GTE' | 'LTE';
  value: string;
}

export async function* searchChanges(
  context: EntityContext,
  object: HubSpotObject,
  request: ChangesRequest,
  lookbackMs: number,
): AsyncGenerator<ChangePage> {
  if (!request.since) {
    // From the beginning: the plain listing (no cap); the position moves to `until` with its last page.
    const start: ChangeCursor = { at: new Date(0).toISOString(), id: '' };
    let previous: readonly AnyRecord[] | undefined;
    for await (const page of context.listAll(request.paths ? { paths: request.paths } : {})) {
      if (previous) yield { records: previous, cursor: start };
      previous = page;
    }
    yield { records: previous ?? [], cursor: { at: request.until, id: '' } };
    return;
  }
  const until = Date.parse(request.until);
  const wanted = propertyNames(request.paths);
  const properties = wanted ? [...new Set([...wanted, object.modified])].sort() : undefined;
  const timeOf = (record: AnyRecord): number => {
    const value = readPath(record, `properties.${object.modified}`) ?? record.updatedAt;
    const ms = typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : Date.parse(value)) : NaN;
    return Number.isNaN(ms) ? until : ms;
  };
  let cursor: ChangeCursor = request.since;
  const advance = (records: readonly AnyRecord[]) => {
    for (const record of records) {
      const at = new Date(timeOf(record)).toISOString();
      const id = String(record.id);
      if (at > cursor.at) cursor = { at, id };
      else if (at === cursor.at && compareIds(id, cursor.id) > 0) cursor = { at, id };
    }
    return cursor;
  };

  let lower: Filter = { propertyName: object.modified, operator: 'GTE', value: String(Date.parse(request.since.at) - lookbackMs) };
  const upper: Filter = { propertyName: object.modified, operator: 'LTE', value: String(until) };
  for (;;) {
    let anchor: number | undefined;
    for await (const { records, capped } of query(context, object, [lower, upper], object.modified, properties)) {
      if (capped) {
        anchor = timeOf(records[records.length - 1] ?? {});
      }
      yield { records, cursor: advance(records) };
    }
    if (anchor === undefined) break;
    // The cap: read every record at the anchor's time by id, then go on after it.
    let idAfter: string | undefined;
    for (;;) {
      const filters: Filter[] = [{ propertyName: object.modified, operator: 'EQ', value: String(anchor) }];
      if (idAfter !== undefined) filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: idAfter });
      let again = false;
      for await (const { records, capped } of query(context, object, filters, 'hs_object_id', properties)) {
        yield { records, cursor: advance(records) };
        if (capped) {
          idAfter = String(records[records.length - 1]?.id);
          again = true;
        }
      }
      if (!again) break;
    }
    lower = { propertyName: object.modified, operator: 'GT', value: String(anchor) };
  }
  yield { records: [], cursor: { at: request.until, id: '' } };
}

/** One search query's pages, sorted ascending by `sortBy`; `capped` on the last page the cap allows when there are more. */
async function* query(
  context: EntityContext,
  object: HubSpotObject,
  filters: readonly Filter[],
  sortBy: string,
  properties: readonly string[] | undefined,
): AsyncGenerator<{ records: readonly AnyRecord[]; capped: boolean }> {
  let after = '0';
  for (;;) {
    const path = `/crm/v3/objects/${object.type}/search`;
    const response = await context.client.request({
      method: 'POST',
      path,
      bucket: 'search',
      idempotent: true,
      body: {
        filterGroups: [{ filters }],
        // The documents type `sorts` as strings; the API takes (and its own guides send) objects.
        sorts: [{ propertyName: sortBy, direction: 'ASCENDING' }],
        properties: properties ?? [],
        limit: SEARCH_PAGE,
        after,
      },
    });
    const results = readPath(response.body, 'results');
    if (!Array.isArray(results)) {
      throw new RestError('abort', withRequestId(`HubSpot POST ${path}: the answer has no list at "results"`, response.requestId));
    }
    const next = readPath(response.body, 'paging.next.after');
    const more = typeof next === 'string' && next !== '';
    const capped = more && Number(next) + 0 >= SEARCH_CAP;
    yield { records: results as AnyRecord[], capped };
    if (!more || capped || results.length === 0) return;
    after = next;
  }
}
