/** The coverage counts the docs pages show, per flow: what real sync runs exercised (see runtime/sync/coverage.ts). */

export interface RowCoverage {
  toTarget: number;
  toSource: number;
  failed: number;
}

export interface FlowCoverage {
  /** Sync runs (not dry runs) that ran this flow. */
  runs: number;
  /** By `source path -> target path` (property cells in normal form). */
  rows: Record<string, RowCoverage>;
  /** By merge criterion label (`properties.email = email`): links it made. */
  merge: Record<string, number>;
  /** Creation decisions by outcome (`created`, `no-match-no-create`, `predicate-true`, ...). */
  decisions: Record<string, number>;
}

/** Coverage of a spec's flows by flow id; undefined when there is none for the spec. */
export type CoverageLookup = (specSlug: string) => Map<string, FlowCoverage> | undefined;

export function rowKey(source: string, target: string): string {
  return `${source} -> ${target}`;
}
