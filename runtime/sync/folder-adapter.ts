/**
 * A system as a data folder (contracts.md section 4): one JSON array of
 * records per entity, in `<entity-slug>.json`; a missing file is an empty
 * list. Writes are kept in memory and each changed file is rewritten
 * atomically (temporary file, then rename) on `flush`. Files are read and
 * written record by record, never as one string.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyRecord } from '../flow.js';
import { entitySlug } from '../slug.js';
import { createSlugCache } from './slug-cache.js';
import type { SystemAdapter } from './adapter.js';
import { createIdAllocator, idOf, type RecordId } from './ids.js';
import { JsonArrayError, readJsonArrayFile } from './json-array-reader.js';
import { writeJsonArrayFile } from './json-text.js';
import { createStringPool } from './string-pool.js';
import { temporaryFileFor } from './temporary-file.js';

/** A data file that is not a JSON array of objects. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

interface LoadedFile {
  file: string;
  records: AnyRecord[];
  positions: Map<RecordId, number>;
  nextId?: () => RecordId;
  dirty: boolean;
}

export interface FolderAdapter extends SystemAdapter {
  /** Marks a data folder, so the CLI can resolve a config's relative folder against the config file. */
  readonly kind: 'data-folder';
  /** The folder as given: a relative one is read from the working folder, or, named in a config, from its folder. */
  readonly dir: string;
  /** The file an entity's records live in. */
  fileOf(entity: string): string;
}

export function createFolderAdapter(dir: string): FolderAdapter {
  const files = new Map<string, LoadedFile>();
  const slugOf = createSlugCache();

  const load = (entity: string): LoadedFile => {
    const slug = slugOf(entity);
    let loaded = files.get(slug);
    if (!loaded) {
      const file = join(dir, `${slug}.json`);
      const records = readRecords(file);
      const positions = new Map<RecordId, number>();
      records.forEach((record, i) => {
        const key = idOf(record);
        if (key !== undefined && !positions.has(key)) positions.set(key, i);
      });
      loaded = { file, records, positions, dirty: false };
      files.set(slug, loaded);
    }
    return loaded;
  };

  return {
    kind: 'data-folder',
    dir,
    fileOf: (entity) => join(dir, `${entitySlug(entity)}.json`),
    list: (entity) => load(entity).records.slice(),
    create(entity, values) {
      const f = load(entity);
      f.nextId ??= createIdAllocator(
        f.records.map((r) => (typeof r === 'object' && r !== null ? r.id : undefined)),
        slugOf(entity),
      );
      const id = f.nextId();
      f.positions.set(id, f.records.length);
      f.records.push({ id, ...values });
      f.dirty = true;
      return id;
    },
    locate(entity, id, position) {
      const f = load(entity);
      const index = id !== undefined ? f.positions.get(id) : position;
      return index === undefined || index >= f.records.length ? undefined : { file: f.file, index };
    },
    lookup(entity) {
      const f = load(entity);
      return (id) => {
        const at = f.positions.get(id);
        return at === undefined ? undefined : f.records[at];
      };
    },
    update(entity, id, record) {
      const f = load(entity);
      const at = f.positions.get(id);
      if (at === undefined) throw new Error(`${f.file}: no record with id ${JSON.stringify(id)}`);
      f.records[at] = record;
      f.dirty = true;
    },
    flush() {
      for (const f of files.values()) {
        if (!f.dirty) continue;
        writeAtomically(f.file, f.records);
        f.dirty = false;
      }
    },
  };
}

/** Whether a system is a data folder (from any copy of this module: the config may load another one). */
export function isFolderAdapter(system: SystemAdapter): system is FolderAdapter {
  const candidate = system as Partial<FolderAdapter>;
  return candidate.kind === 'data-folder' && typeof candidate.dir === 'string';
}

function readRecords(file: string): AnyRecord[] {
  let data: unknown[];
  try {
    // In pieces: a file of a million records may be longer than a string can be.
    data = readJsonArrayFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if (error instanceof JsonArrayError) throw new DataFileError(file, error.kind === 'not-array' ? error.message : `not valid JSON: ${error.message}`);
    throw new DataFileError(file, `cannot read: ${(error as Error).message}`);
  }
  // Each repeated value held once: records are held for the whole run (and a million of them are most of its memory).
  const pool = createStringPool();
  for (const record of data) pool.share(record);
  // An element that is not an object is one bad record, not a bad file: it is listed like the others
  // (the engine reports it as a record without an id and goes on) and written back as it was.
  return data as AnyRecord[];
}

/** A reader sees the old file or the new one, never half of either. */
function writeAtomically(file: string, records: readonly AnyRecord[]): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const temporary = temporaryFileFor(file);
  try {
    // Record by record: a folder of a million records, or one nested deeper than JSON.stringify goes, is written all the same.
    writeJsonArrayFile(temporary, records);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
