/**
 * Linking by merge criteria: a source record matches the unlinked target
 * records that have equal keys on any one criterion row. Null and empty keys
 * never match. The first row that finds candidates decides; among several
 * candidates the smallest id is chosen, the same on every run.
 */
import type { AnyRecord, MergeKey } from '../flow.js';
import type { AnyFlow } from './flow-plan.js';
import { compareIds, idOf, type RecordId } from './ids.js';

export interface Match {
  target: RecordId;
  criterion: string;
  /** Every candidate, in id order (more than one: the choice is reported). */
  candidates: RecordId[];
}

export interface Matcher {
  find(source: AnyRecord): Match | undefined;
}

/**
 * `targets` maps ids to positions in `records`; `taken` holds the target ids already linked (read at
 * each lookup). The index holds a hash of each target's key and its position, not the key: a million
 * targets' e-mail strings were most of a run's memory. A hash met is checked against the record's key.
 */
export function createMatcher(
  flow: AnyFlow,
  targets: ReadonlyMap<RecordId, number>,
  records: readonly AnyRecord[],
  taken: ReadonlySet<RecordId>,
): Matcher {
  const keys = flow.mergeKeys;
  // Position(s) by key hash, per criterion row: one number for most, a list when hashes meet.
  const indexes = keys.map(() => new Map<number, number | number[]>());
  for (const [id, position] of targets) {
    if (taken.has(id)) continue;
    const record = records[position]!;
    for (let i = 0; i < keys.length; i++) {
      const value = keyOf(keys[i]!, 'target', record);
      if (value === undefined) continue;
      const index = indexes[i]!;
      const hash = hashOf(value);
      const known = index.get(hash);
      if (known === undefined) index.set(hash, position);
      else if (typeof known === 'number') index.set(hash, [known, position]);
      else known.push(position);
    }
  }
  return {
    find(source) {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const value = keyOf(key, 'source', source);
        if (value === undefined) continue;
        const known = indexes[i]!.get(hashOf(value));
        if (known === undefined) continue;
        const candidates: RecordId[] = [];
        for (const position of typeof known === 'number' ? [known] : known) {
          const record = records[position]!;
          const id = idOf(record);
          if (id !== undefined && !taken.has(id) && keyOf(key, 'target', record) === value) candidates.push(id);
        }
        if (candidates.length === 0) continue;
        if (candidates.length > 1) candidates.sort(compareIds);
        return { target: candidates[0]!, criterion: key.label, candidates };
      }
      return undefined;
    },
  };
}

/** FNV-1a over the UTF-16 code units: equal keys, equal hashes; the index checks the key itself on a hit. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** A key function that throws (a value of an unexpected shape) matches nothing rather than stopping the run. */
function keyOf(mergeKey: MergeKey, side: 'source' | 'target', record: AnyRecord): string | undefined {
  let value: string | undefined;
  try {
    value = mergeKey[side](record);
  } catch {
    return undefined;
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}
