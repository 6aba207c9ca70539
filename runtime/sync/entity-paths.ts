/**
 * The dot paths a spec maps for each entity of a system (properties, merge
 * criteria and condition fields, in every flow that reads the entity, and the
 * fields its predicates read, `FlowDefinition.reads`), so an
 * API is asked only for them (`ListOptions.paths`), and a fingerprint of them
 * that scopes an incremental cursor: other paths mean other records fetched.
 */
import { createHash } from 'node:crypto';
import type { PathSpec } from '../flow.js';
import type { AnyFlow } from './flow-plan.js';

export type EntityPaths = readonly (readonly string[])[];

export function entityKey(system: string, entity: string): string {
  return `${system}\u0000${entity}`;
}

/** (system, entity) key -> its mapped paths, sorted and unique, `id` first. */
export function entityPathsOf(flows: readonly AnyFlow[]): Map<string, EntityPaths> {
  const sets = new Map<string, Map<string, readonly string[]>>();
  const add = (system: string, entity: string, spec: PathSpec | undefined) => {
    if (!spec) return;
    const key = entityKey(system, entity);
    let set = sets.get(key);
    if (!set) sets.set(key, (set = new Map([['id', ['id']]])));
    for (const path of [spec.path, ...spec.conditions.map((c) => c.field)]) {
      if (path.length > 0) set.set(path.join('.'), path);
    }
  };
  for (const flow of flows) {
    for (const row of flow.properties) {
      add(flow.source.system, flow.source.entity, row.source);
      add(flow.target.system, flow.target.entity, row.target);
    }
    for (const key of flow.mergeKeys) {
      add(flow.source.system, flow.source.entity, key.paths?.source);
      add(flow.target.system, flow.target.entity, key.paths?.target);
    }
    // Fields the predicate reads beyond the rows (the config's `fields`): fetched, never written.
    for (const field of flow.reads ?? []) add(flow.source.system, flow.source.entity, { path: field.path, conditions: [] });
  }
  const result = new Map<string, EntityPaths>();
  for (const [key, set] of sets) {
    result.set(key, [...set.keys()].sort((a, b) => (a === 'id' ? -1 : b === 'id' ? 1 : a < b ? -1 : a > b ? 1 : 0)).map((k) => set.get(k)!));
  }
  return result;
}

/** A short fingerprint of an entity's paths (what the cursor of its change feed covers). */
export function pathsFingerprint(paths: EntityPaths | undefined): string {
  const text = paths === undefined ? '*' : JSON.stringify(paths);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
