/** A system held in memory: for tests, benchmarks and trying out a flow. */
import type { AnyRecord } from '../flow.js';
import { entitySlug } from '../slug.js';
import { createSlugCache } from './slug-cache.js';
import type { SystemAdapter } from './adapter.js';
import { createIdAllocator, idOf, type RecordId } from './ids.js';

export interface MemoryAdapter extends SystemAdapter {
  /** The current records of an entity (by name or slug), in order. */
  records(entity: string): AnyRecord[];
}

interface Collection {
  records: AnyRecord[];
  /** id key -> position in `records`. */
  positions: Map<RecordId, number>;
  nextId: () => RecordId;
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
      const id = c.nextId();
      c.positions.set(id, c.records.length);
      c.records.push({ id, ...values });
      return id;
    },
    lookup(entity) {
      const c = collection(entity);
      return (id) => {
        const at = c.positions.get(id);
        return at === undefined ? undefined : c.records[at];
      };
    },
    update(entity, id, record) {
      const c = collection(entity);
      const at = c.positions.get(id);
      if (at === undefined) throw new Error(`${entity}: no record with id ${JSON.stringify(id)}`);
      c.records[at] = record;
    },
  };
}

function createCollection(slug: string, records: AnyRecord[]): Collection {
  const positions = new Map<RecordId, number>();
  records.forEach((record, i) => {
    const key = idOf(record);
    if (key !== undefined && !positions.has(key)) positions.set(key, i);
  });
  return { records, positions, nextId: createIdAllocator(records.map((r) => r.id), slug) };
}
