/**
 * `defineRestSystem`: a declarative REST description (types.ts) made into a
 * SystemAdapter. Lists page by page, reads changes through the entity's filter
 * or hook, writes one by one or in batches, and turns every failure into the
 * error the engine understands.
 */
import type { ZodType } from 'zod';
import type { AnyRecord, PathSpec } from '../../flow.js';
import { RecordRejected } from '../adapter.js';
import type {
  ChangePage,
  ChangesRequest,
  CreateResult,
  ListOptions,
  MaybeCreated,
  SystemAdapter,
  UpdateItem,
  UpdateResult,
  WriteConflict,
} from '../adapter.js';
import { isRecordId, type RecordId } from '../ids.js';
import { createClient, type ClientStats } from './client.js';
import { readPath } from './dot-path.js';
import { pages } from './paging.js';
import { RestError, isRestError, toSyncError, withRequestId } from './rest-error.js';
import type { EntityContext, MappedPaths, Query, RestClient, RestEntity, RestSystemDefinition } from './types.js';

export interface RestSystem extends SystemAdapter {
  readonly name: string;
  readonly definition: RestSystemDefinition;
  readonly client: RestClient;
  /** Requests sent, retries, time waited: for reports and benchmarks. */
  readonly stats: ClientStats;
  /** The entities it knows, by the specs' names. */
  readonly entities: readonly string[];
}

/** A record schema per entity, checked on every listed record (an API that changed shape stops the run). */
export type EntitySchemas = Readonly<Record<string, ZodType>>;

export function defineRestSystem(definition: RestSystemDefinition, schemas: EntitySchemas = {}): RestSystem {
  const client = createClient(definition);
  const name = definition.name;
  // What the engine last asked for per entity, so a fresh read by id asks for the same fields.
  const lastPaths = new Map<string, MappedPaths | undefined>();

  function entityOf(entity: string): RestEntity {
    const found = Object.prototype.hasOwnProperty.call(definition.entities, entity) ? definition.entities[entity] : undefined;
    if (!found) {
      throw new Error(`${name} has no entity ${JSON.stringify(entity)}; it knows ${Object.keys(definition.entities).join(', ')}`);
    }
    return found;
  }

  function contextOf(entity: string): EntityContext {
    const def = entityOf(entity);
    return {
      client,
      entity,
      definition: def,
      listAll: (options) => listAll(entity, def, options.paths, options.query ?? {}),
    };
  }

  async function* listAll(entity: string, def: RestEntity, paths: MappedPaths | undefined, extra: Query): AsyncGenerator<readonly AnyRecord[]> {
    const source = {
      system: name,
      entity,
      client,
      path: def.list.path ?? def.path,
      list: def.list,
      query: { ...def.list.query, ...def.list.select?.(paths), ...extra },
      schema: schemas[entity],
    };
    for await (const page of pages(source)) {
      if (!def.list.transform) {
        yield page;
        continue;
      }
      const records: AnyRecord[] = [];
      for (const item of page) for (const record of await def.list.transform(item, client)) records.push(record);
      yield records;
    }
  }

  const itemPath = (def: RestEntity, template: string | undefined, id: RecordId) =>
    (template ?? `${def.path}/{id}`).replace('{id}', encodeURIComponent(String(id)));

  async function list(entity: string, options?: ListOptions): Promise<readonly AnyRecord[]> {
    const def = entityOf(entity);
    lastPaths.set(entity, options?.paths);
    const all: AnyRecord[] = [];
    try {
      for await (const page of listAll(entity, def, options?.paths, {})) for (const record of page) all.push(record);
    } catch (error) {
      throw toSyncError(error);
    }
    return all;
  }

  async function* changes(entity: string, request: ChangesRequest): AsyncGenerator<ChangePage> {
    const def = entityOf(entity);
    lastPaths.set(entity, request.paths);
    const lookbackMs = definition.lookbackMs ?? 0;
    try {
      if (def.changes?.pages) {
        yield* def.changes.pages(contextOf(entity), request, lookbackMs);
        return;
      }
      // A filter on the listing (or, without one, the whole listing): the position moves to `until`
      // only with the last page, since the pages are not in change order.
      const from = request.since ? new Date(Date.parse(request.since.at) - lookbackMs).toISOString() : null;
      const query = from !== null && def.changes?.query ? def.changes.query(from) : {};
      const start = request.since ?? { at: new Date(0).toISOString(), id: '' };
      let previous: readonly AnyRecord[] | undefined;
      for await (const page of listAll(entity, def, request.paths, query)) {
        if (previous) yield { records: previous, cursor: start };
        previous = page;
      }
      yield { records: previous ?? [], cursor: { at: request.until, id: '' } };
    } catch (error) {
      throw toSyncError(error);
    }
  }

  async function get(entity: string, id: RecordId): Promise<AnyRecord | undefined> {
    const def = entityOf(entity);
    if (def.get === false) throw new Error(`${name} cannot read one ${entity} by id`);
    try {
      const response = await client.request({ method: 'GET', path: itemPath(def, def.get?.path, id), query: def.get?.select?.(lastPaths.get(entity)) ?? {} });
      const record = readPath(response.body, def.single ?? '');
      return typeof record === 'object' && record !== null ? (record as AnyRecord) : undefined;
    } catch (error) {
      if (isRestError(error) && error.kind === 'not-found') return undefined;
      throw toSyncError(error);
    }
  }

  async function create(entity: string, values: AnyRecord): Promise<RecordId> {
    const def = entityOf(entity);
    if (!def.create) throw new RecordRejected(`${name} cannot create a ${entity} (the API has no create for it)`);
    let response;
    try {
      response = await client.request({ method: 'POST', path: def.create.path ?? def.path, body: def.create.body ? def.create.body(values) : values, idempotent: false });
    } catch (error) {
      throw toSyncError(error, true);
    }
    const id = readPath(response.body, def.create.id);
    if (!isRecordId(id)) {
      // It was created, but we cannot tell which: the engine settles it like a create that may have happened.
      throw toSyncError(
        new RestError('maybe-sent', withRequestId(`${name} created a ${entity} but its answer has no id at ${JSON.stringify(def.create.id)}`, response.requestId), { requestId: response.requestId }),
        true,
      );
    }
    return id;
  }

  async function update(entity: string, id: RecordId, record: AnyRecord, changed: readonly PathSpec[]): Promise<void> {
    const def = entityOf(entity);
    if (!def.update) throw new RecordRejected(`${name} cannot update a ${entity} (the API has no update for it)`);
    try {
      await client.request({ method: def.update.method, path: itemPath(def, def.update.path, id), body: def.update.body(record, changed, id) });
    } catch (error) {
      throw toSyncError(error);
    }
  }

  const adapter: RestSystem = {
    name,
    definition,
    client,
    stats: client.stats,
    entities: Object.keys(definition.entities),
    list,
    changes,
    get,
    create,
    update,
    async createMany(entity: string, values: readonly AnyRecord[]): Promise<readonly CreateResult[]> {
      const def = entityOf(entity);
      if (def.create?.many) {
        try {
          return await def.create.many(contextOf(entity), values);
        } catch (error) {
          const failed = toSyncError(error, true);
          if (failed.name === 'SyncAborted') throw failed;
          return values.map(() => ({ error: failed as RecordRejected | MaybeCreated }));
        }
      }
      // One request per record, as many at once as the pacing allows, results in order.
      return settleAll(
        values.map((value) => () => create(entity, value).then((id): CreateResult => ({ id }))),
        (error): CreateResult | undefined =>
          error instanceof Error && (error.name === 'RecordRejected' || error.name === 'MaybeCreated') ? { error: error as RecordRejected | MaybeCreated } : undefined,
      );
    },
    async updateMany(entity: string, items: readonly UpdateItem[]): Promise<readonly UpdateResult[]> {
      const def = entityOf(entity);
      if (def.update?.many) {
        try {
          return await def.update.many(contextOf(entity), items);
        } catch (error) {
          const failed = toSyncError(error);
          if (failed.name === 'SyncAborted') throw failed;
          return items.map(() => ({ error: failed as RecordRejected | WriteConflict }));
        }
      }
      return settleAll(
        items.map((item) => () => update(entity, item.id, item.record, item.changed).then((): UpdateResult => ({ ok: true }))),
        (error): UpdateResult | undefined =>
          error instanceof Error && (error.name === 'RecordRejected' || error.name === 'WriteConflict') ? { error: error as RecordRejected | WriteConflict } : undefined,
      );
    },
    async findCreated(entity: string, values: AnyRecord): Promise<RecordId | undefined> {
      const def = entityOf(entity);
      if (!def.findCreated) return undefined;
      try {
        return await def.findCreated(contextOf(entity), values);
      } catch (error) {
        throw toSyncError(error);
      }
    },
    async systemTime(entity: string, local: string): Promise<string> {
      if (client.clockOffsetMs() === undefined) {
        // Nothing heard from the system yet in this process: one record of the entity, for its clock.
        const def = entityOf(entity);
        const size = def.list.paging.sizeParam;
        try {
          await client.request({ method: 'GET', path: def.list.path ?? def.path, query: { ...def.list.query, ...(size ? { [size]: 1 } : {}) } });
        } catch (error) {
          throw toSyncError(error);
        }
      }
      const offset = client.clockOffsetMs();
      return offset === undefined ? local : new Date(Date.parse(local) + offset).toISOString();
    },
    removed(entity: string, record: AnyRecord): string | undefined {
      return entityOf(entity).removed?.(record);
    },
    updatedAt(entity: string, record: AnyRecord): string | undefined {
      const def = entityOf(entity);
      if (def.updatedAt) return def.updatedAt(record);
      const at = record.updatedAt;
      return typeof at === 'string' ? at : undefined;
    },
    ...(definition.lookbackMs === undefined ? {} : { lookbackMs: definition.lookbackMs }),
  };
  return adapter;
}

/**
 * Runs every task (the client's queue limits how many at once) and gives their
 * results in order; an error `asResult` does not take (SyncAborted) is thrown,
 * but only once every task has settled, so none is left running unobserved.
 */
async function settleAll<T>(tasks: readonly (() => Promise<T>)[], asResult: (error: unknown) => T | undefined): Promise<T[]> {
  const settled = await Promise.allSettled(tasks.map((task) => task()));
  const results: T[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') {
      results.push(outcome.value);
      continue;
    }
    const result = asResult(outcome.reason);
    if (result === undefined) throw outcome.reason;
    results.push(result);
  }
  return results;
}
