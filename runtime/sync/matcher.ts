/**
 * Linking by merge criteria: a source record matches the unlinked target
 * records that have equal keys on any one criterion row. Null and empty keys
 * never match. The first row that finds candidates decides; among several
 * candidates the smallest id is chosen, the same on every run.
 */
import type { AnyRecord, MergeKey } from '../flow.js';
import type { AnyFlow } from './flow-plan.js';
import { compareIds, type RecordId } from './ids.js';

export interface Match {
  target: RecordId;
  criterion: string;
  /** Every candidate, in id order (more than one: the choice is reported). */
  candidates: RecordId[];
}

export interface Matcher {
  find(source: AnyRecord): Match | undefined;
}

/** `targets` maps ids to positions in `records`; `taken` holds the target ids already linked (read at each lookup). */
export function createMatcher(
  flow: AnyFlow,
  targets: ReadonlyMap<RecordId, number>,
  records: readonly AnyRecord[],
  taken: ReadonlySet<RecordId>,
): Matcher {
  const keys = flow.mergeKeys;
  const indexes = keys.map((mergeKey) => {
    const index = new Map<string, RecordId[]>();
    for (const [id, position] of targets) {
      if (taken.has(id)) continue;
      const value = keyOf(mergeKey, 'target', records[position]!);
      if (value === undefined) continue;
      const list = index.get(value);
      if (list) list.push(id);
      else index.set(value, [id]);
    }
    return index;
  });
  return {
    find(source) {
      for (let i = 0; i < keys.length; i++) {
        const value = keyOf(keys[i]!, 'source', source);
        if (value === undefined) continue;
        const list = indexes[i]!.get(value);
        if (list === undefined) continue;
        const candidates = list.filter((id) => !taken.has(id));
        if (candidates.length === 0) continue;
        if (candidates.length > 1) candidates.sort(compareIds);
        return { target: candidates[0]!, criterion: keys[i]!.label, candidates };
      }
      return undefined;
    },
  };
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
