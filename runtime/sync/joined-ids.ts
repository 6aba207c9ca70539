/**
 * Many text ids as one string joined by a separator, read by number without
 * making a string per id: a re-run checks 100,000 linked target ids and needs
 * the id itself only for the few pairs that changed.
 */
import type { RecordId } from './ids.js';

/** What joins the ids; an id holding it cannot be stored joined (SQL: `char(31)`). */
export const ID_SEPARATOR = '\x1f';

/** Ids by number: an array, or (for text ids) their joined form. */
export interface IdList {
  readonly length: number;
  at(row: number): RecordId;
  /** `at(row) === id`, without making `at(row)`. */
  is(row: number, id: RecordId): boolean;
  [Symbol.iterator](): Iterator<RecordId>;
}

export function idArray(ids: readonly RecordId[]): IdList {
  return {
    length: ids.length,
    at: (row) => ids[row]!,
    is: (row, id) => ids[row] === id,
    [Symbol.iterator]: () => ids[Symbol.iterator](),
  };
}

/** Text ids joined by `ID_SEPARATOR`; `starts[i]` is where id `i` starts, `starts[count]` one past the end. */
export class JoinedIds implements IdList {
  private constructor(
    private readonly text: string,
    readonly length: number,
    private readonly starts: Int32Array,
  ) {}

  /** The `count` ids joined in `text`, or undefined when it holds more separators than that (an id holds one). */
  static split(text: string, count: number): JoinedIds | undefined {
    const starts = new Int32Array(count + 1);
    let at = 0;
    for (let i = 0; i < count - 1; i++) {
      starts[i] = at;
      const end = text.indexOf(ID_SEPARATOR, at);
      if (end < 0) return undefined;
      at = end + 1;
    }
    starts[count - 1] = at;
    if (text.indexOf(ID_SEPARATOR, at) >= 0) return undefined;
    starts[count] = text.length + 1;
    return new JoinedIds(text, count, starts);
  }

  at(row: number): RecordId {
    return this.text.slice(this.starts[row]!, this.starts[row + 1]! - 1);
  }

  is(row: number, id: RecordId): boolean {
    const start = this.starts[row]!;
    return typeof id === 'string' && id.length === this.starts[row + 1]! - 1 - start && this.text.startsWith(id, start);
  }

  *[Symbol.iterator](): Iterator<RecordId> {
    for (let row = 0; row < this.length; row++) yield this.at(row);
  }
}
