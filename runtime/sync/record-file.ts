/**
 * A data file's records held as byte ranges, not objects: the file is scanned
 * once (each record parsed for its id, then dropped), a record is parsed again
 * from its bytes when it is read, and records written during the run go, as
 * their JSON text, to a spill file until `write` merges them into the new file
 * record by record. A million records cost a few arrays of numbers and an id
 * index, where their objects took a gigabyte.
 */
import { closeSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { idOf, type RecordId } from './ids.js';
import { scanJsonArray } from './json-array-reader.js';
import { recordText } from './json-text.js';
import { temporaryFileFor } from './temporary-file.js';

/** Closes the file descriptor of a base or spill once nothing reads through it (a listing may outlive a flush). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** Byte ranges of records in one file, read through its own descriptor (a rename over the file leaves it readable). */
class Ranges {
  starts: Float64Array;
  ends: Float64Array;
  count = 0;
  constructor(
    readonly fd: number,
    capacity: number,
  ) {
    this.starts = new Float64Array(Math.max(16, capacity));
    this.ends = new Float64Array(Math.max(16, capacity));
    if (fd >= 0) closer.register(this, fd);
  }

  push(start: number, end: number): number {
    if (this.count === this.starts.length) {
      const grow = (old: Float64Array) => {
        const next = new Float64Array(old.length * 2);
        next.set(old);
        return next;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    return this.count++;
  }

  text(index: number, scratch: { buffer: Buffer }): string {
    const start = this.starts[index]!;
    const length = this.ends[index]! - start;
    if (scratch.buffer.length < length) scratch.buffer = Buffer.allocUnsafe(Math.max(length, scratch.buffer.length * 2));
    let read = 0;
    while (read < length) {
      const n = readSync(this.fd, scratch.buffer, read, length - read, start + read);
      if (n === 0) throw new Error('the file is shorter than when it was read (changed during the sync?)');
      read += n;
    }
    return scratch.buffer.toString('utf8', 0, length);
  }
}

/** What a listing holds: the records as they were when it was taken. */
export interface RecordSnapshot {
  readonly length: number;
  at(position: number): unknown;
}

export interface RecordFile {
  readonly file: string;
  /** Records now (the file's and those created since). */
  readonly count: number;
  /** Whether records were written since the file was read or written. */
  readonly dirty: boolean;
  /** Position of the first record with this id. */
  positionOf(id: RecordId): number | undefined;
  /** The record at a position, as now (parsed afresh: the caller may keep it). */
  at(position: number): unknown;
  /** The records as they are now, read later. */
  snapshot(): RecordSnapshot;
  /** Every id, and `null` once for records whose id is not a number (for `createIdAllocator`). */
  ids(): Iterable<unknown>;
  replace(position: number, record: unknown): void;
  /** Appends a record; its position. */
  append(record: unknown): number;
  /** Writes `JSON.stringify(records, null, 2)` and a newline to `target` record by record, then reads from there. */
  write(target: string, done: () => void): void;
}

const NONE = -1;

/** The records of `file` (opened by the caller: `fd`), or of no file (`fd` -1: a missing file). Throws the scan's errors. */
export function openRecordFile(file: string, fd: number): RecordFile {
  const scratch = { buffer: Buffer.allocUnsafe(64 << 10) };
  let base = new Ranges(fd, 1024);
  const positions = new Map<RecordId, number>();
  let nonNumeric = false;
  const index = (element: unknown, position: number) => {
    const id = idOf(element);
    if (typeof (element as { id?: unknown } | null)?.id !== 'number') nonNumeric = true;
    if (id !== undefined && !positions.has(id)) positions.set(id, position);
  };
  if (fd >= 0) {
    try {
      scanJsonArray(fd, (element, start, end) => index(element, base.push(start, end)));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }
  /** Per position: NONE (the base file's record) or the spill record holding it now. */
  let slots = new Int32Array(Math.max(16, base.count));
  slots.fill(NONE);
  let count = base.count;
  let spill: { ranges: Ranges; end: number } | undefined;
  let dirty = false;

  const spilled = (record: unknown): number => {
    if (!spill) {
      mkdirSync(dirname(file), { recursive: true });
      const path = temporaryFileFor(file);
      const spillFd = openSync(path, 'w+');
      // Gone from the folder at once: a killed run leaves nothing behind, and the descriptor reads on.
      try {
        unlinkSync(path);
      } catch {
        // A system that cannot remove an open file: the leftover is removed by a later run as any other.
      }
      spill = { ranges: new Ranges(spillFd, 1024), end: 0 };
    }
    const bytes = Buffer.from(recordText(record), 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(spill.ranges.fd, bytes, written, bytes.length - written, spill.end + written);
    const slot = spill.ranges.push(spill.end, spill.end + bytes.length);
    spill.end += bytes.length;
    dirty = true;
    return slot;
  };

  const read = (ranges: Ranges, index: number): unknown => JSON.parse(ranges.text(index, scratch));
  const reader = (from: Ranges, spillRanges: Ranges | undefined, slotsNow: Int32Array | null) => (position: number) => {
    const slot = slotsNow ? slotsNow[position]! : NONE;
    return slot === NONE ? read(from, position) : read(spillRanges!, slot);
  };

  return {
    file,
    get count() {
      return count;
    },
    get dirty() {
      return dirty;
    },
    positionOf: (id) => positions.get(id),
    at(position) {
      if (position < 0 || position >= count) return undefined;
      const slot = slots[position]!;
      return slot === NONE ? read(base, position) : read(spill!.ranges, slot);
    },
    snapshot() {
      const length = count;
      // Unwritten so far: the base alone (later writes go to the slots, which this copy does not see).
      const frozen = spill ? slots.slice(0, length) : null;
      const readAt = reader(base, spill?.ranges, frozen);
      return { length, at: (position) => (position < 0 || position >= length ? undefined : readAt(position)) };
    },
    *ids() {
      yield* positions.keys();
      if (nonNumeric) yield null;
    },
    replace(position, record) {
      slots[position] = spilled(record);
    },
    append(record) {
      if (count === slots.length) {
        const next = new Int32Array(slots.length * 2);
        next.set(slots);
        slots = next;
      }
      const position = count++;
      slots[position] = spilled(record);
      const id = idOf(record);
      if (typeof (record as { id?: unknown } | null)?.id !== 'number') nonNumeric = true;
      if (id !== undefined && !positions.has(id)) positions.set(id, position);
      return position;
    },
    write(target, done) {
      const out = openSync(target, 'w');
      const next = new Ranges(NONE, count);
      try {
        let offset = 0;
        const put = (text: string) => {
          const bytes = Buffer.from(text, 'utf8');
          let written = 0;
          while (written < bytes.length) written += writeSync(out, bytes, written, bytes.length - written, offset + written);
          offset += bytes.length;
        };
        if (count === 0) put('[]\n');
        else {
          let chunk = '[';
          /** Bytes before `chunk`'s end: where the next piece goes in the file. */
          let at = 1;
          for (let position = 0; position < count; position++) {
            const slot = slots[position]!;
            const text = slot === NONE ? recordText(read(base, position)) : spill!.ranges.text(slot, scratch);
            // JSON strings hold no raw line breaks, so indenting every line by two spaces is exact.
            const indented = text.includes('\n') ? text.replace(/\n/g, '\n  ') : text;
            const separator = position === 0 ? '\n  ' : ',\n  ';
            const start = at + separator.length;
            const length = Buffer.byteLength(indented, 'utf8');
            chunk += separator + indented;
            at = start + length;
            next.push(start, at);
            if (chunk.length >= 1 << 20) {
              put(chunk);
              chunk = '';
            }
          }
          put(`${chunk}\n]\n`);
        }
      } catch (error) {
        closeSync(out);
        throw error;
      }
      closeSync(out);
      done();
      // From now on the new file is the base: read through a descriptor of its own.
      const fdNow = openSync(file, 'r');
      const fresh = new Ranges(fdNow, next.count);
      fresh.starts.set(next.starts.subarray(0, next.count));
      fresh.ends.set(next.ends.subarray(0, next.count));
      fresh.count = next.count;
      base = fresh;
      slots = new Int32Array(Math.max(16, count));
      slots.fill(NONE);
      spill = undefined;
      dirty = false;
    },
  };
}
