/**
 * Linking by merge criteria: a source record matches the unlinked target
 * records that have equal keys on any one criterion row. Null and empty keys
 * never match. The first row that finds candidates decides; among several
 * candidates the smallest id is chosen, the same on every run.
 */
import type { AnyRecord } from '../flow.js';
import type { AnyFlow } from './flow-plan.js';
import { compareIds, idFromKey, type RecordId } from './ids.js';

export interface Match {
  targetKey: string;
  criterion: string;
  /** Every candidate (more than one: the choice is reported). */
  candidates: RecordId[];
}

export interface Matcher {
  find(source: AnyRecord): Match | undefined;
}

/** `taken` holds the target id keys already linked; the matcher reads it at each lookup. */
export function createMatcher(
  flow: AnyFlow,
  targets: readonly { key: string; record: AnyRecord }[],
  taken: ReadonlySet<string>,
): Matcher {
  const keys = flow.mergeKeys;
  const indexes = keys.map((mergeKey) => {
    const index = new Map<string, string[]>();
    for (const { key, record } of targets) {
      if (taken.has(key)) continue;
      const value = safeKey(() => mergeKey.target(record));
      if (value === undefined) continue;
      const list = index.get(value);
      if (list) list.push(key);
      else index.set(value, [key]);
    }
    return index;
  });
  return {
    find(source) {
      for (let i = 0; i < keys.length; i++) {
        const value = safeKey(() => keys[i]!.source(source));
        if (value === undefined) continue;
        const found = indexes[i]!.get(value)?.filter((key) => !taken.has(key));
        if (!found || found.length === 0) continue;
        const candidates = found.map(idFromKey).sort(compareIds);
        const chosen = candidates[0]!;
        return { targetKey: found.find((key) => idFromKey(key) === chosen)!, criterion: keys[i]!.label, candidates };
      }
      return undefined;
    },
  };
}

/** A key function that throws (a value of an unexpected shape) matches nothing rather than stopping the run. */
function safeKey(key: () => string | undefined): string | undefined {
  try {
    const value = key();
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
