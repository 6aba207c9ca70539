/**
 * Snapshots: a record's mapped values on one side, as canonical JSON per
 * property path, and as the text stored as the last-synced values of a link.
 */
import type { AnyRecord } from '../flow.js';
import { canonical, DeepValueError, isDeepValueError } from './canonical.js';
import { isOwnId, type FlowPlan, type SidePaths } from './flow-plan.js';

/** Canonical JSON of each path's value, in `side.specs` order. */
export function project(record: AnyRecord, side: SidePaths): string[] {
  const values = new Array<string>(side.specs.length);
  let i = 0;
  try {
    for (; i < side.readers.length; i++) values[i] = canonical(side.readers[i]!(record));
  } catch (error) {
    // Named by its property, so the report says which value of the record was refused.
    if (isDeepValueError(error) && !error.field) throw new DeepValueError(side.keys[i]);
    throw error;
  }
  return values;
}

/**
 * The stored form: a JSON object keyed by path; `undefined` entries are left out (no last-synced value).
 * Joined rather than concatenated: `+=` builds a rope that keeps every value and prefix string alive
 * until the text is flattened, about three times the text's size for each link a run holds until its commit.
 */
export function snapshotText(values: readonly (string | undefined)[], side: SidePaths): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined) continue;
    parts.push(side.prefixes[i]! + value);
  }
  return `{${parts.join(',')}}`;
}

/** path key -> canonical JSON of the last-synced value. */
export function parseSnapshot(text: string | null): Map<string, string> | undefined {
  if (text === null) return undefined;
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const values = new Map<string, string>();
  for (const key of Object.keys(parsed)) values.set(key, canonical(parsed[key]));
  return values;
}

/** The target's mapped values (`project()`) other than its own `id`: what a created record is recognised by after a crash. */
export function valuesSnapshot(plan: FlowPlan, targetValues: readonly string[]): string {
  if (!plan.target.hasOwnId) return snapshotText(targetValues, plan.target);
  return snapshotText(
    targetValues.map((value, i) => (isOwnId(plan.target.specs[i]!) ? undefined : value)),
    plan.target,
  );
}
