/**
 * A system of the model-based sync test, in one of the shapes the engine
 * supports: plain creates and updates, or batches with per-item results;
 * versioned updates that refuse stale writes (`WriteConflict`, re-read with
 * `get`); creates that may have happened (`MaybeCreated`, settled by
 * `findCreated`); writes that are durable only after `flush`; an incremental
 * `changes` feed paged by (change time, id) with a lookback; records refused
 * when they hold `REJECT` (`RecordRejected`). Every record carries the
 * system's own change time and version, which only the system sets.
 */
import type { AnyRecord, PathSpec } from '../../../runtime/index.js';
import { readPath, writePath } from '../../../runtime/index.js';
import {
  canonical,
  MaybeCreated,
  RecordRejected,
  WriteConflict,
  type ChangePage,
  type ChangesRequest,
  type ListOptions,
  type CreateResult,
  type RecordId,
  type SystemAdapter,
  type UpdateItem,
  type UpdateResult,
} from '../../../runtime/sync/index.js';

export interface Shape {
  /** createMany/updateMany instead of one call per record. */
  batch: boolean;
  /** Updates carry the listed `version`; a stale one is refused (WriteConflict), and `get` reads afresh. */
  versions: boolean;
  /** Every `maybeEvery`th create answers MaybeCreated (alternately after and before it happened); `findCreated` settles it. 0: never. */
  maybeEvery: number;
  /** Writes are durable only after `flush` (a kill before it loses them). */
  flush: boolean;
  /** An incremental feed: `changes` pages of this size with this lookback. */
  feed: { pageSize: number; lookbackMs: number } | null;
  /** Records holding the value "REJECT" are refused (RecordRejected). */
  rejects: boolean;
  /** How far the system's clock is from the sync's machine (seconds); told through `systemTime`. */
  offset: number;
}

export const REJECT = 'REJECT';

export interface Rejection {
  entity: string;
  id?: RecordId;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Ids as the feed orders them (one order for sorting and for the cursor's tie breaker). */
const idKey = (id: unknown) => String(id);
const before = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ModelSystem implements SystemAdapter {
  /** Durable records per entity. */
  private data = new Map<string, AnyRecord[]>();
  /** Writes not flushed yet (flush shape): a copy of `data` with them applied. */
  private staged: Map<string, AnyRecord[]> | null = null;
  private next = 1;
  private creates = 0;
  /** Refusals handed out since the last `takeRejections`. */
  private rejections: Rejection[] = [];
  lookbackMs?: number;
  changes?: SystemAdapter['changes'];
  get?: SystemAdapter['get'];
  findCreated?: SystemAdapter['findCreated'];
  createMany?: SystemAdapter['createMany'];
  updateMany?: SystemAdapter['updateMany'];
  flush?: SystemAdapter['flush'];
  systemTime?: SystemAdapter['systemTime'];

  constructor(
    readonly name: string,
    readonly shape: Shape,
    /** The sync machine's clock (ms); the system's stands `shape.offset` seconds from it. */
    private readonly machine: () => number,
  ) {
    if (shape.feed) {
      this.lookbackMs = shape.feed.lookbackMs;
      this.changes = (entity, request) => this.feed(entity, request);
    }
    if (shape.versions || shape.maybeEvery > 0) this.get = async (entity, id) => structuredClone(this.find(entity, id));
    if (shape.maybeEvery > 0) this.findCreated = async (entity, values) => this.search(entity, values);
    if (shape.batch) {
      this.createMany = async (entity, values) => values.map((v): CreateResult => this.tryCreate(entity, v));
      this.updateMany = async (entity, items) => items.map((item): UpdateResult => this.tryUpdate(entity, item));
    }
    if (shape.flush) this.flush = () => this.commitStaged();
    if (shape.offset !== 0) this.systemTime = (_entity, local) => iso(Date.parse(local) + shape.offset * 1000);
  }

  private now(): number {
    return this.machine() + this.shape.offset * 1000;
  }

  /** The durable records of an entity (the live array: the test edits it as a person would). */
  records(entity: string): AnyRecord[] {
    let list = this.data.get(entity);
    if (!list) this.data.set(entity, (list = []));
    return list;
  }

  /** What the system's own reads see (its unflushed writes included). */
  private view(entity: string): AnyRecord[] {
    if (!this.staged) return this.records(entity);
    let list = this.staged.get(entity);
    if (!list) this.staged.set(entity, (list = []));
    return list;
  }

  private writable(entity: string): AnyRecord[] {
    if (this.shape.flush && !this.staged) this.staged = new Map([...this.data].map(([e, list]) => [e, list.map((r) => structuredClone(r))]));
    return this.view(entity);
  }

  private find(entity: string, id: RecordId): AnyRecord | undefined {
    return this.view(entity).find((r) => r.id === id);
  }

  /** A change made by a person (not the sync): stamped by the system, `updatedAt` off by `skew` seconds (a clock that drifts, a client-set time). */
  stamp(record: AnyRecord, skew = 0): void {
    record.updatedAt = iso(this.now() + skew * 1000);
    record.modifiedAt = iso(this.now());
    record.version = ((record.version as number | undefined) ?? 0) + 1;
  }

  /** Keeps a person's change in the unflushed copy too (a run in progress sees it in its re-reads). */
  mirrorEdit(entity: string, record: AnyRecord): void {
    if (!this.staged) return;
    const list = this.view(entity);
    const at = list.findIndex((r) => r.id === record.id);
    if (at >= 0) list[at] = structuredClone(record);
    else list.push(structuredClone(record));
  }

  mirrorDelete(entity: string, id: RecordId): void {
    if (!this.staged) return;
    const list = this.view(entity);
    const at = list.findIndex((r) => r.id === id);
    if (at >= 0) list.splice(at, 1);
  }

  /** The process died: writes not flushed are gone. */
  crash(): void {
    this.staged = null;
  }

  takeRejections(): Rejection[] {
    const taken = this.rejections;
    this.rejections = [];
    return taken;
  }

  private commitStaged(): void {
    if (this.staged) this.data = this.staged;
    this.staged = null;
  }

  list(entity: string, options?: ListOptions): readonly AnyRecord[] {
    return this.view(entity).map((r) => project(r, options?.paths));
  }

  private async *feed(entity: string, request: ChangesRequest): AsyncIterable<ChangePage> {
    const { pageSize, lookbackMs } = this.shape.feed!;
    const until = Date.parse(request.until);
    const since = request.since;
    const from = since ? Date.parse(since.at) - lookbackMs : -Infinity;
    const inRange = (r: AnyRecord) => {
      const at = Date.parse(r.modifiedAt as string);
      if (at > until) return false;
      if (!since) return true;
      if (lookbackMs > 0) return at >= from;
      const s = Date.parse(since.at);
      return at > s || (at === s && before(idKey(r.id), since.id) > 0);
    };
    let cursor: { at: string; id: string } | null = null;
    for (;;) {
      // Each page is a new query from the last position, as an API's search is: changes between pages count.
      const rest = this.view(entity)
        .filter(inRange)
        .filter((r) => {
          if (!cursor) return true;
          const at = Date.parse(r.modifiedAt as string);
          const c = Date.parse(cursor.at);
          return at > c || (at === c && before(idKey(r.id), cursor.id) > 0);
        })
        .sort((a, b) => Date.parse(a.modifiedAt as string) - Date.parse(b.modifiedAt as string) || before(idKey(a.id), idKey(b.id)));
      if (rest.length === 0) return;
      const records = rest.slice(0, pageSize);
      const last = records[records.length - 1]!;
      cursor = { at: last.modifiedAt as string, id: idKey(last.id) };
      yield { records: records.map((r) => project(r, request.paths)), cursor };
    }
  }

  private refuses(values: unknown): boolean {
    if (!this.shape.rejects) return false;
    if (values === REJECT) return true;
    if (typeof values !== 'object' || values === null) return false;
    return Object.values(values).some((v) => this.refuses(v));
  }

  private search(entity: string, values: AnyRecord): RecordId | undefined {
    const keys = Object.keys(values);
    // A search needs something to search by: values that are all empty find nothing.
    if (!keys.some((k) => canonical(values[k]) !== 'null' && canonical(values[k]) !== '""')) return undefined;
    const found = this.view(entity).filter((r) => keys.every((k) => canonical(r[k]) === canonical(values[k])));
    // The newest match: a search ranks the latest creation first.
    return found[found.length - 1]?.id as RecordId | undefined;
  }

  /** The id the system gives a record a person makes: the next of the one sequence the sync's creates draw from too. */
  takeId(): number {
    return this.next++;
  }

  create(entity: string, values: AnyRecord): RecordId {
    if (this.refuses(values)) {
      this.rejections.push({ entity });
      throw new RecordRejected(`${this.name} refused a ${entity}: a value is ${REJECT}`, { requestId: 'req-reject' });
    }
    const n = ++this.creates;
    const maybe = this.shape.maybeEvery > 0 && n % this.shape.maybeEvery === 0;
    // Half of the uncertain creates never reached the system.
    if (maybe && (n / this.shape.maybeEvery) % 2 === 0) throw new MaybeCreated(`${this.name}: connection reset before the answer`, { requestId: 'req-maybe' });
    const id = this.next++;
    const now = iso(this.now());
    this.writable(entity).push({ id, ...structuredClone(values), updatedAt: now, modifiedAt: now, version: 1 });
    if (maybe) throw new MaybeCreated(`${this.name}: connection reset after the request was sent`, { requestId: 'req-maybe' });
    return id;
  }

  private tryCreate(entity: string, values: AnyRecord): CreateResult {
    try {
      return { id: this.create(entity, values) };
    } catch (error) {
      return { error: error as RecordRejected | MaybeCreated };
    }
  }

  /** A PATCH of the changed paths (what a REST client sends); versioned systems refuse a stale version. */
  update(entity: string, id: RecordId, record: AnyRecord, changed: readonly PathSpec[]): void {
    const list = this.writable(entity);
    const at = list.findIndex((r) => r.id === id);
    if (at < 0) {
      this.rejections.push({ entity, id });
      throw new RecordRejected(`${this.name}: ${entity} ${JSON.stringify(id)} not found`, { requestId: 'req-404' });
    }
    const current = list[at]!;
    if (this.shape.versions && record.version !== current.version) {
      throw new WriteConflict(`${this.name}: ${entity} ${JSON.stringify(id)} has version ${String(current.version)}, not ${String(record.version)}`, {
        requestId: 'req-409',
      });
    }
    if (changed.some((spec) => this.refuses(readPath(record, spec)))) {
      this.rejections.push({ entity, id });
      throw new RecordRejected(`${this.name} refused ${entity} ${JSON.stringify(id)}: a value is ${REJECT}`, {
        requestId: 'req-reject',
        fields: changed.map((spec) => spec.path.join('.')),
      });
    }
    const written = structuredClone(current);
    for (const spec of changed) writePath(written, spec, structuredClone(readPath(record, spec)));
    const now = iso(this.now());
    written.updatedAt = now;
    written.modifiedAt = now;
    written.version = (current.version as number) + 1;
    list[at] = written;
  }

  private tryUpdate(entity: string, item: UpdateItem): UpdateResult {
    try {
      this.update(entity, item.id, item.record, item.changed);
      return { ok: true };
    } catch (error) {
      return { error: error as RecordRejected | WriteConflict };
    }
  }
}

/** Fields every answer has, asked for or not. */
const SYSTEM_FIELDS = ['id', 'updatedAt', 'modifiedAt', 'version'];

/** Only the paths asked for (HubSpot `properties=`, Tripletex `fields=`), as a copy. */
function project(record: AnyRecord, paths: readonly (readonly string[])[] | undefined): AnyRecord {
  if (!paths) return structuredClone(record);
  const out: AnyRecord = {};
  for (const field of SYSTEM_FIELDS) if (field in record) out[field] = record[field];
  for (const path of paths) {
    const spec = { path: [...path], conditions: [] };
    const value = readPath(record, spec);
    if (value !== undefined) writePath(out, spec, structuredClone(value));
  }
  return out;
}

export function describeShape(shape: Shape): string {
  const parts = [shape.batch ? 'batches' : 'one call per record'];
  if (shape.versions) parts.push('versioned updates (409, get)');
  if (shape.maybeEvery > 0) parts.push(`every ${shape.maybeEvery}th create uncertain (findCreated)`);
  if (shape.flush) parts.push('durable on flush');
  if (shape.offset !== 0) parts.push(`clock ${shape.offset > 0 ? '+' : ''}${shape.offset}s from the sync's (systemTime)`);
  if (shape.feed) parts.push(`changes feed (pages of ${shape.feed.pageSize}, lookback ${shape.feed.lookbackMs} ms)`);
  if (shape.rejects) parts.push(`refuses ${REJECT}`);
  return parts.join(', ');
}
