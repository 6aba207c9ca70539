/**
 * Coverage from real runs: per flow, how often each property row carried a
 * value (to the target, back to the source), each merge criterion made a
 * link, each creation rule or predicate decided, and each conversion failed.
 *
 * Counts mean "real data went through": the engine tells the recorder about a
 * write only once it is done and its link is about to be stored (a pair's
 * rows and merge criterion with its link, a creation's rows and decision with
 * its id), and the counts go into the state in the same transaction as those
 * links (`take`), so a crash neither loses nor doubles them. A record the
 * system rejected, a pair whose write failed, a killed run and a dry run count
 * nothing. Outcomes that write nothing (not created, a predicate that threw,
 * a conversion that failed) are counted with the flow's final commit: once per
 * run that stored its state. Creations a crash left unlinked count when the
 * next run recovers them.
 */
import type { PathSpec } from '../flow.js';
import { isNotWritten } from '../not-written.js';
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
  /**
   * A pair whose link is stored as reconciled, its writes done: the paths written each way
   * (the reconciler's own PathSpec objects), and the merge criterion that made its link, if it is new.
   */
  stored(targetChanged: readonly PathSpec[] | undefined, sourceChanged: readonly PathSpec[] | undefined, criterion: string | undefined): void;
  /** A created target whose id is stored: its projected values (`project()`, in target path order). */
  created(targetValues: readonly string[]): void;
  /** A creation a crash left unlinked, linked now: its target's last-synced values (snapshot text). */
  recovered(targetSnapshot: string | null): void;
  /** An unlinked, unmatched record for which no target is made (the rule or the predicate said no). */
  declined(): void;
  /** The creation predicate threw. */
  decisionFailed(): void;
  /** Conversions that failed (the target keys of the failing rows), for a creation or a pair. */
  failed(fields: readonly string[]): void;
  /** The counts since the last take (with `runs` = 1 when `run`: the flow's final commit), and starts again from zero. */
  take(run: boolean): Map<string, number>;
}

export function createCoverageRecorder(flow: AnyFlow, plan: FlowPlan): CoverageRecorder {
  // Counters by row index, filled in the hot path without allocating; items are named only in `take`.
  const n = plan.bindings.length;
  const keys: string[] = [];
  const toTarget = new Float64Array(n);
  const toSource = new Float64Array(n);
  const failed = new Float64Array(n);
  const targetIndex = new Int32Array(n);
  // Rows by the PathSpec objects the reconciler reports (each row's own), and by target key for failures.
  const bySource = new Map<PathSpec, number[]>();
  const byTarget = new Map<PathSpec, number[]>();
  const byTargetKey = new Map<string, number[]>();
  const push = <K>(map: Map<K, number[]>, key: K, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  plan.bindings.forEach((b, i) => {
    keys.push(coverageRowKey(b.binding.source, b.binding.target));
    targetIndex[i] = b.t;
    push(bySource, b.binding.source, i);
    push(byTarget, b.binding.target, i);
    push(byTargetKey, pathKey(b.binding.target), i);
  });
  const merges = new Map<string, number>();
  let created = 0;
  let declined = 0;
  let decisionFailed = 0;
  const outcome = (made: boolean): string => {
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
        return made ? 'created: predicate true' : 'not created: predicate false';
    }
  };
  const count = (counters: Float64Array, rows: readonly number[] | undefined) => {
    if (rows) for (let i = 0; i < rows.length; i++) counters[rows[i]!]!++;
  };
  return {
    stored(targetChanged, sourceChanged, criterion) {
      if (targetChanged) for (let i = 0; i < targetChanged.length; i++) count(toTarget, byTarget.get(targetChanged[i]!));
      if (sourceChanged) for (let i = 0; i < sourceChanged.length; i++) count(toSource, bySource.get(sourceChanged[i]!));
      if (criterion !== undefined) merges.set(criterion, (merges.get(criterion) ?? 0) + 1);
    },
    created(targetValues) {
      created++;
      // `null` is canonical JSON for no value: such a row carried nothing.
      for (let i = 0; i < n; i++) if (targetValues[targetIndex[i]!] !== 'null') toTarget[i]!++;
    },
    recovered(targetSnapshot) {
      created++;
      if (targetSnapshot === null) return;
      const values = JSON.parse(targetSnapshot) as Record<string, unknown>;
      for (let i = 0; i < n; i++) {
        const value = Object.prototype.hasOwnProperty.call(values, plan.target.keys[targetIndex[i]!]!) ? values[plan.target.keys[targetIndex[i]!]!] : null;
        if (value !== null && value !== undefined) toTarget[i]!++;
      }
    },
    declined: () => void declined++,
    decisionFailed: () => void decisionFailed++,
    failed(fields) {
      for (let i = 0; i < fields.length; i++) count(failed, byTargetKey.get(fields[i]!));
    },
    take(run) {
      const counts = new Map<string, number>();
      if (run) counts.set(COVERAGE.runs, 1);
      for (let i = 0; i < n; i++) {
        if (toTarget[i]) counts.set(COVERAGE.toTarget(keys[i]!), toTarget[i]!);
        if (toSource[i]) counts.set(COVERAGE.toSource(keys[i]!), toSource[i]!);
        if (failed[i]) counts.set(COVERAGE.failed(keys[i]!), failed[i]!);
      }
      for (const [criterion, links] of merges) counts.set(COVERAGE.merge(criterion), links);
      if (created) counts.set(COVERAGE.decision(outcome(true)), created);
      if (declined) counts.set(COVERAGE.decision(outcome(false)), declined);
      if (decisionFailed) counts.set(COVERAGE.decision('not decided: predicate failed'), decisionFailed);
      toTarget.fill(0);
      toSource.fill(0);
      failed.fill(0);
      merges.clear();
      created = declined = decisionFailed = 0;
      return counts;
    },
  };
}
