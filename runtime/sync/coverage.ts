/**
 * Coverage from real runs: per flow, how often each property row carried a
 * value (to the target, back to the source), each merge criterion made a
 * link, each creation rule or predicate decided, and each conversion failed.
 * The engine calls a recorder at those points; the counts go into the sync
 * state (not in dry runs) and add up across runs, so a spec's QA checklist
 * can show which rows real data went through (`dataflow coverage`).
 */
import type { AnyRecord, PathSpec } from '../flow.js';
import { isNotWritten } from '../not-written.js';
import { readPath } from '../paths.js';
import { pathKey, type AnyFlow, type FlowPlan } from './flow-plan.js';

/** Item keys in the state's coverage table. */
export const COVERAGE = {
  runs: 'runs',
  toTarget: (row: string) => `row:to-target:${row}`,
  toSource: (row: string) => `row:to-source:${row}`,
  failed: (row: string) => `row:failed:${row}`,
  merge: (label: string) => `merge:${label}`,
  decision: (outcome: string) => `decision:${outcome}`,
} as const;

/** A row as coverage names it: `source path -> target path` (each with its conditions), stable across line moves. */
export function coverageRowKey(source: PathSpec, target: PathSpec): string {
  return `${pathKey(source)} -> ${pathKey(target)}`;
}

export interface CoverageRecorder {
  /** A link made by the merge criterion with this label. */
  merged(criterion: string): void;
  /** An unlinked, unmatched record for which creation was decided (`created`: a target will be made). */
  decided(created: boolean): void;
  /** The creation predicate threw. */
  decisionFailed(): void;
  /** A target about to be created with these values. */
  creating(values: AnyRecord): void;
  /** A reconciled pair: which paths were written each way, and which rows failed to convert. */
  reconciled(result: { sourceChanged: readonly PathSpec[]; targetChanged: readonly PathSpec[]; failedFields: readonly string[] }): void;
  /** A creation whose values failed to convert (the target fields of the failing rows). */
  creationFailed(fields: readonly string[]): void;
  /** The counts of this run, `runs` = 1. */
  counts(): Map<string, number>;
}

export function createCoverageRecorder(flow: AnyFlow, plan: FlowPlan): CoverageRecorder {
  const counts = new Map<string, number>([[COVERAGE.runs, 1]]);
  const add = (item: string) => counts.set(item, (counts.get(item) ?? 0) + 1);
  // Rows by the PathSpec objects the reconciler reports (each row's own), and by target key for failures.
  const bySource = new Map<PathSpec, string[]>();
  const byTarget = new Map<PathSpec, string[]>();
  const byTargetKey = new Map<string, string[]>();
  const rows: { key: string; target: PathSpec }[] = [];
  for (const b of plan.bindings) {
    const key = coverageRowKey(b.binding.source, b.binding.target);
    rows.push({ key, target: b.binding.target });
    bySource.set(b.binding.source, [...(bySource.get(b.binding.source) ?? []), key]);
    byTarget.set(b.binding.target, [...(byTarget.get(b.binding.target) ?? []), key]);
    const targetKey = pathKey(b.binding.target);
    byTargetKey.set(targetKey, [...(byTargetKey.get(targetKey) ?? []), key]);
  }
  const outcome = (created: boolean): string => {
    const rules = flow.rules;
    switch (rules.creation) {
      case 'always':
      case 'when-no-match':
        return 'created: no link and no match';
      case 'never':
        return 'not created: a link must be established first';
      default:
        if (!rules.predicate) return 'not decided: no predicate';
        if (isNotWritten(rules.predicate.test)) return 'not decided: predicate not written yet';
        return created ? 'created: predicate true' : 'not created: predicate false';
    }
  };
  return {
    merged: (criterion) => add(COVERAGE.merge(criterion)),
    decided: (created) => add(COVERAGE.decision(outcome(created))),
    decisionFailed: () => add(COVERAGE.decision('not decided: predicate failed')),
    creating(values) {
      for (const row of rows) if (readPath(values, row.target) !== undefined) add(COVERAGE.toTarget(row.key));
    },
    reconciled({ sourceChanged, targetChanged, failedFields }) {
      for (const spec of targetChanged) for (const key of byTarget.get(spec) ?? []) add(COVERAGE.toTarget(key));
      for (const spec of sourceChanged) for (const key of bySource.get(spec) ?? []) add(COVERAGE.toSource(key));
      for (const field of failedFields) for (const key of byTargetKey.get(field) ?? []) add(COVERAGE.failed(key));
    },
    creationFailed(fields) {
      for (const field of fields) for (const key of byTargetKey.get(field) ?? []) add(COVERAGE.failed(key));
    },
    counts: () => counts,
  };
}
