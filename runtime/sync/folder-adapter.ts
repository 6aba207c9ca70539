/**
 * A system as a data folder (contracts.md section 4): one JSON array of
 * records per entity, in `<entity-slug>.json`; a missing file is an empty
 * list. Records are held as their place in the file and parsed when read
 * (record-file.ts); writes wait in a spill file, and each changed file is
 * rewritten atomically (temporary file, then rename) on `flush`. Files are
 * read and written record by record, never as one string.
 */
import { mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyRecord } from '../flow.js';
import { entitySlug } from '../slug.js';
import { createSlugCache } from './slug-cache.js';
import type { SystemAdapter } from './adapter.js';
import { createIdAllocator, type RecordId } from './ids.js';
import { positionAt, type FilePosition } from './file-position.js';
import { JsonArrayError } from './json-array-reader.js';
import { lazyArray } from './lazy-array.js';
import { openRecordFile, type RecordFile } from './record-file.js';
import { temporaryFileFor } from './temporary-file.js';

/** A data file that is not a JSON array of objects. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    readonly file: string,
    message: string,
    /** Where in the file, when known (invalid JSON). */
    readonly position?: FilePosition,
  ) {
    super(`${file}${position ? `:${position.line}:${position.column}` : ''}: ${message}`);
  }
}

interface LoadedFile {
  records: RecordFile;
  nextId?: () => RecordId;
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
      loaded = { records: readRecords(join(dir, `${slug}.json`)) };
      files.set(slug, loaded);
    }
    return loaded;
  };

  return {
    kind: 'data-folder',
    dir,
    fileOf: (entity) => join(dir, `${entitySlug(entity)}.json`),
    list(entity) {
      const { records } = load(entity);
      const listed = records.snapshot();
      return lazyArray(listed.length, (position) => listed.at(position) as AnyRecord);
    },
    create(entity, values) {
      const f = load(entity);
      f.nextId ??= createIdAllocator(f.records.ids(), slugOf(entity));
      const id = f.nextId();
      f.records.append({ id, ...values });
      return id;
    },
    locate(entity, id, position) {
      const { records } = load(entity);
      const index = id !== undefined ? records.positionOf(id) : position;
      return index === undefined || index >= records.count ? undefined : { file: records.file, index };
    },
    lookup(entity) {
      const { records } = load(entity);
      return (id) => {
        const at = records.positionOf(id);
        return at === undefined ? undefined : (records.at(at) as AnyRecord);
      };
    },
    update(entity, id, record) {
      const { records } = load(entity);
      const at = records.positionOf(id);
      if (at === undefined) throw new Error(`${records.file}: no record with id ${JSON.stringify(id)}`);
      records.replace(at, record);
    },
    flush() {
      for (const { records } of files.values()) if (records.dirty) writeAtomically(records);
    },
  };
}

/** Whether a system is a data folder (from any copy of this module: the config may load another one). */
export function isFolderAdapter(system: SystemAdapter): system is FolderAdapter {
  const candidate = system as Partial<FolderAdapter>;
  return candidate.kind === 'data-folder' && typeof candidate.dir === 'string';
}

/** A data file's records, scanned in pieces (a file of a million records may be longer than a string can be). */
function readRecords(file: string): RecordFile {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return openRecordFile(file, -1);
    throw new DataFileError(file, `cannot read: ${(error as Error).message}`);
  }
  try {
    // An element that is not an object is one bad record, not a bad file: it is listed like the others
    // (the engine reports it as a record without an id and goes on) and written back as it was.
    return openRecordFile(file, fd);
  } catch (error) {
    if (error instanceof JsonArrayError) {
      if (error.kind === 'not-array') throw new DataFileError(file, error.message);
      throw new DataFileError(file, `not valid JSON: ${error.message}`, error.offset === undefined ? undefined : positionOf(file, error.offset));
    }
    throw new DataFileError(file, `cannot read: ${(error as Error).message}`);
  }
}

/** Where the JSON goes wrong, or nothing if the file cannot be read again (the message still names it). */
function positionOf(file: string, offset: number): FilePosition | undefined {
  try {
    return positionAt(file, offset);
  } catch {
    return undefined;
  }
}

/** A reader sees the old file or the new one, never half of either. */
function writeAtomically(records: RecordFile): void {
  const { file } = records;
  mkdirSync(join(file, '..'), { recursive: true });
  const temporary = temporaryFileFor(file);
  try {
    // Record by record: a folder of a million records, or one nested deeper than JSON.stringify goes, is written all the same.
    records.write(temporary, () => renameSync(temporary, file));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
