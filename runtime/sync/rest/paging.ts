/**
 * Walking a listing page by page: cursor style (the next token is in the
 * answer) and offset style (from/count, read with a one-record overlap so a
 * record removed before the scan position is noticed instead of skipped).
 */
import type { AnyRecord } from '../../flow.js';
import { compareIds, idOf, type RecordId } from '../ids.js';
import { readPath } from './dot-path.js';
import { RestError, withRequestId } from './rest-error.js';
import type { ListDefinition, Query, RestClient, RestResponse } from './types.js';
import type { ZodType } from 'zod';

export interface PageSource {
  readonly system: string;
  readonly entity: string;
  readonly client: RestClient;
  readonly path: string;
  readonly list: ListDefinition;
  readonly query: Query;
  /** A check of every listed item (the definition's record schema). */
  readonly schema?: ZodType | undefined;
}

export async function* pages(source: PageSource): AsyncGenerator<readonly AnyRecord[]> {
  const paging = source.list.paging;
  if (paging.style === 'cursor') {
    let token: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const query: Query = { ...source.query, ...(paging.sizeParam ? { [paging.sizeParam]: paging.size } : {}) };
      if (token !== undefined) query[paging.param] = token;
      const response = await source.client.request({ method: 'GET', path: source.path, query });
      yield itemsOf(source, response);
      const next = readPath(response.body, paging.next);
      if (next === undefined || next === null || next === '') return;
      token = String(next);
      if (seen.has(token)) {
        throw new RestError('abort', withRequestId(`${source.system} ${source.path}: the paging cursor ${JSON.stringify(token)} came back twice; the listing would never end`, response.requestId));
      }
      seen.add(token);
    }
  }
  // Offset paging. Each page after the first starts one record early: that record must be the last one
  // of the previous page. When a later one is there instead, records moved down (one was removed before
  // the position) and the scan steps back a page, so none is skipped; records seen twice are dropped by id.
  const seen = new Set<RecordId>();
  let start = 0;
  let last: RecordId | undefined;
  for (;;) {
    const response = await source.client.request({
      method: 'GET',
      path: source.path,
      query: { ...source.query, [paging.fromParam]: start, [paging.sizeParam]: paging.size },
    });
    const items = itemsOf(source, response);
    const fresh = items.filter((item) => {
      const id = idOf(item);
      if (id === undefined) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (fresh.length > 0) yield fresh;
    if (items.length < paging.size) return;
    const first = idOf(items[0]);
    if (last !== undefined && first !== undefined && first !== last && compareIds(first, last) > 0) {
      start = Math.max(0, start - paging.size + 1);
      last = undefined;
      continue;
    }
    last = idOf(items[items.length - 1]);
    start += items.length - 1;
  }
}

function itemsOf(source: PageSource, response: RestResponse): AnyRecord[] {
  const raw = readPath(response.body, source.list.records);
  if (!Array.isArray(raw)) {
    // Never read a malformed page as an empty one: that would look like every record was deleted.
    throw new RestError(
      'abort',
      withRequestId(`${source.system} GET ${source.path}: the answer has no list at ${JSON.stringify(source.list.records)}`, response.requestId),
      { status: response.status, requestId: response.requestId, body: response.body },
    );
  }
  const items: AnyRecord[] = [];
  raw.forEach((item, index) => {
    if (source.schema) {
      const checked = source.schema.safeParse(item);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const where = [source.list.records, String(index), ...(issue?.path ?? []).map(String)].join('.');
        throw new RestError(
          'abort',
          withRequestId(`${source.system} GET ${source.path}: a ${source.entity} in the answer does not fit the API's schema at ${where}: ${issue?.message ?? 'invalid'}`, response.requestId),
          { status: response.status, requestId: response.requestId },
        );
      }
    }
    items.push(item as AnyRecord);
  });
  return items;
}
