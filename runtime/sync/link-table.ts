/**
 * A flow's links as loaded for one run: stored links in flat arrays (one
 * entry per link, no object each: a re-run of 100,000 links reads them all),
 * plus the links made during the run.
 */
import type { RecordId } from './ids.js';

export interface StoredLink {
  target: RecordId;
  /** `pairDigest` of the pair as last synced; null forces a full comparison (new link, value left unsynced). */
  digest: number | null;
  /** Made in this run (matched or recovered): no last-synced values to read. */
  fresh?: boolean;
}

/** Digests load as two small integers (the 27 bits above and the 26 bits below this), so loading them allocates no heap numbers. */
export const DIGEST_SPLIT = 67_108_864;

export class LinkTable {
  private readonly rows = new Map<RecordId, number>();
  private readonly made = new Map<RecordId, StoredLink>();
  private readonly seen: Uint8Array;
  private readonly seenMade = new Set<RecordId>();

  constructor(
    sources: readonly RecordId[],
    private readonly targets: readonly RecordId[],
    private readonly high: readonly (number | null)[],
    private readonly low: readonly (number | null)[],
  ) {
    for (let i = 0; i < sources.length; i++) this.rows.set(sources[i]!, i);
    this.seen = new Uint8Array(sources.length);
  }

  static empty(): LinkTable {
    return new LinkTable([], [], [], []);
  }

  get(source: RecordId): StoredLink | undefined {
    const row = this.rows.get(source);
    if (row === undefined) return this.made.get(source);
    const high = this.high[row];
    const low = this.low[row];
    return { target: this.targets[row]!, digest: high === null || low === null ? null : high! * DIGEST_SPLIT + low! };
  }

  has(source: RecordId): boolean {
    return this.rows.has(source) || this.made.has(source);
  }

  /** Records a link made in this run. */
  add(source: RecordId, link: StoredLink): void {
    this.made.set(source, link);
  }

  /** Marks the source record met; false when it was met before in this run (a duplicate id). */
  visit(source: RecordId): boolean {
    const row = this.rows.get(source);
    if (row === undefined) {
      if (this.seenMade.has(source)) return false;
      this.seenMade.add(source);
      return true;
    }
    if (this.seen[row] === 1) return false;
    this.seen[row] = 1;
    return true;
  }

  /** Every linked target id. */
  *targetIds(): Iterable<RecordId> {
    yield* this.targets;
    for (const link of this.made.values()) yield link.target;
  }

  /** Every link, stored ones first (for tests and tools; the engine looks links up one by one). */
  entries(): [RecordId, StoredLink][] {
    const all: [RecordId, StoredLink][] = [];
    for (const source of this.rows.keys()) all.push([source, this.get(source)!]);
    for (const entry of this.made) all.push(entry);
    return all;
  }

  get size(): number {
    return this.rows.size + this.made.size;
  }
}
