/** A system held in memory: for tests, benchmarks and trying out a flow. */
import type { AnyRecord } from '../flow.js';
import { entitySlug } from '../slug.js';
import { createSlugCache } from './slug-cache.js';
import type { SystemAdapter } from './adapter.js';
import { createIdAllocator, idOf, type RecordId } from './ids.js';

export interface MemoryAdapter extends SystemAdapter {
  /**
   * The current records of an entity (by name or slug), in order: the live
   * array, which callers may change (the adapter re-indexes when it notices).
   */
  records(entity: string): AnyRecord[];
}

interface Collection {
  slug: string;
  records: AnyRecord[];
  /** id -> position in `records`, as of the last indexing. */
  positions: Map<RecordId, number>;
  /** `records.length` at the last indexing. */
  indexed: number;
  nextId: () => RecordId;
  /** Every id handed out: a system does not give a deleted record's id to a new one. */
  given: RecordId[];
}

/** `initial` maps entity names (or their slugs) to records; they are used as given, not copied. */
export function createMemoryAdapter(initial: Record<string, AnyRecord[]> = {}): MemoryAdapter {
  const collections = new Map<string, Collection>();
  const slugOf = createSlugCache();

  const collection = (entity: string): Collection => {
    const slug = slugOf(entity);
    let found = collections.get(slug);
    if (!found) {
      found = createCollection(slug, []);
      collections.set(slug, found);
    }
    return found;
  };
  for (const [entity, records] of Object.entries(initial)) collections.set(entitySlug(entity), createCollection(entitySlug(entity), records));

  return {
    list: (entity) => collection(entity).records.slice(),
    records: (entity) => collection(entity).records,
    create(entity, values) {
      const c = collection(entity);
      if (c.records.length !== c.indexed) index(c);
      const id = c.nextId();
      c.positions.set(id, c.records.length);
      c.records.push({ id, ...values });
      c.indexed++;
      return id;
    },
    lookup(entity) {
      const c = collection(entity);
      return (id) => {
        const at = positionOf(c, id);
        return at === undefined ? undefined : c.records[at];
      };
    },
    update(entity, id, record) {
      const c = collection(entity);
      const at = positionOf(c, id);
      if (at === undefined) throw new Error(`${entity}: no record with id ${JSON.stringify(id)}`);
      c.records[at] = record;
    },
  };
}

function createCollection(slug: string, records: AnyRecord[]): Collection {
  const c: Collection = { slug, records, positions: new Map(), indexed: 0, nextId: () => 0, given: [] };
  index(c);
  return c;
}

function index(c: Collection): void {
  c.positions.clear();
  c.records.forEach((record, i) => {
    const id = idOf(record);
    if (id !== undefined && !c.positions.has(id)) c.positions.set(id, i);
  });
  c.indexed = c.records.length;
  const allocate = createIdAllocator([...c.records.map((r) => r.id), ...c.given], c.slug);
  c.nextId = () => {
    const id = allocate();
    c.given.push(id);
    return id;
  };
}

/** The record's position, checked: an array changed behind the adapter's back is indexed again. */
function positionOf(c: Collection, id: RecordId): number | undefined {
  const at = c.positions.get(id);
  if (at !== undefined && c.records[at]?.id === id) return at;
  if (at === undefined && c.records.length === c.indexed) return undefined;
  index(c);
  return c.positions.get(id);
}
