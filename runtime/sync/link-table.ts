/**
 * A flow's links as loaded for one run: stored links in flat arrays (one
 * entry per link, no object each: a re-run of 100,000 links reads them all),
 * plus the links made during the run.
 */
import type { RecordId } from './ids.js';
import type { LinkHints } from './link-hint.js';
import { idArray, type IdList } from './joined-ids.js';

export interface StoredLink {
  target: RecordId;
  /** `pairDigest` of the pair as last synced; null forces a full comparison (new link, value left unsynced). */
  digest: number | null;
  /** Made in this run (matched or recovered): no last-synced values to read. */
  fresh?: boolean;
  /** Made in this run by this merge criterion (its label): counted in coverage once the link is stored. */
  criterion?: string;
  /** Recovered from an intent: the values it was created from, as last-synced values. */
  snapshot?: { source: string | null; target: string | null };
  /** Where the target was in its listing when last written (a hint, checked against the id). */
  position?: number | null;
}

/** `visitStored` results other than a row. */
export const NOT_STORED = -1;
export const AGAIN = -2;

export class LinkTable {
  /** source id -> row, built at the first lookup the cursor cannot answer. */
  private rowIndex: Map<RecordId, number> | undefined;
  /** The row after the last one visited: links load in source id order, and listings are often in id order too. */
  private cursor = 0;
  private readonly made = new Map<RecordId, StoredLink>();
  private readonly seen: Uint8Array;
  private readonly seenMade = new Set<RecordId>();

  /** `sources[i]`, `targets[i]` and `hints` row `i` are one stored link. */
  constructor(
    private readonly sources: readonly RecordId[],
    private readonly targets: IdList,
    private readonly hints: LinkHints | null,
  ) {
    this.seen = new Uint8Array(sources.length);
  }

  private get rows(): Map<RecordId, number> {
    if (!this.rowIndex) {
      this.rowIndex = new Map();
      for (let i = 0; i < this.sources.length; i++) this.rowIndex.set(this.sources[i]!, i);
    }
    return this.rowIndex;
  }

  static empty(): LinkTable {
    return new LinkTable([], idArray([]), null);
  }

  get(source: RecordId): StoredLink | undefined {
    const row = this.rows.get(source);
    return row === undefined ? this.made.get(source) : this.stored(row);
  }

  private stored(row: number): StoredLink {
    return { target: this.targetAt(row), digest: this.digestAt(row), position: this.positionAt(row) };
  }

  has(source: RecordId): boolean {
    return this.rows.has(source) || this.made.has(source);
  }

  /** Records a link made in this run. */
  add(source: RecordId, link: StoredLink): void {
    this.made.set(source, link);
  }

  /**
   * The allocation-free form of `visit` for stored links, which a re-run meets
   * 100,000 times: marks the source record met and returns its stored link's
   * row, `NOT_STORED` (nothing marked: ask `visit`) or `AGAIN`.
   */
  visitStored(source: RecordId): number {
    // The next row first: when the listing is in the links' order, no index of 100,000 ids is built.
    const next = this.cursor;
    const row = next < this.sources.length && this.sources[next] === source ? next : this.rows.get(source);
    if (row === undefined) return NOT_STORED;
    this.cursor = row + 1;
    if (this.seen[row] === 1) return AGAIN;
    this.seen[row] = 1;
    return row;
  }

  targetAt(row: number): RecordId {
    return this.targets.at(row);
  }

  /** `targetAt(row) === id`, cheaper. */
  targetIs(row: number, id: RecordId): boolean {
    return this.targets.is(row, id);
  }

  digestAt(row: number): number | null {
    return this.hints!.digest(row);
  }

  positionAt(row: number): number | null {
    return this.hints!.position(row);
  }

  linkAt(row: number): StoredLink {
    return this.stored(row);
  }

  /**
   * Marks the source record met and returns its link: `null` when it has
   * none, `'again'` when a record with this id was met before in this run.
   */
  visit(source: RecordId): StoredLink | null | 'again' {
    const row = this.rows.get(source);
    if (row === undefined) {
      if (this.seenMade.has(source)) return 'again';
      this.seenMade.add(source);
      return this.made.get(source) ?? null;
    }
    if (this.seen[row] === 1) return 'again';
    this.seen[row] = 1;
    return this.stored(row);
  }

  /** The stored links whose source was not met in this run (its record is no longer listed): [source, target, row]. */
  *unvisited(): Iterable<[RecordId, RecordId, number]> {
    for (let row = 0; row < this.sources.length; row++) if (this.seen[row] !== 1) yield [this.sources[row]!, this.targetAt(row), row];
  }

  /** Every linked target id. */
  *targetIds(): Iterable<RecordId> {
    yield* this.targets;
    for (const link of this.made.values()) yield link.target;
  }

  /** Every link, stored ones first (for tests and tools; the engine looks links up one by one). */
  entries(): [RecordId, StoredLink][] {
    const all: [RecordId, StoredLink][] = [];
    this.sources.forEach((source, row) => all.push([source, this.stored(row)]));
    for (const entry of this.made) all.push(entry);
    return all;
  }

  get size(): number {
    return this.sources.length + this.made.size;
  }
}
