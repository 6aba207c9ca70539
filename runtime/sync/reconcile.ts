/**
 * Per-property reconciliation of one linked pair against its last-synced
 * values: a change on one side is written to the other (through `toTarget` or
 * `toSource`), both sides changed means the newer `updatedAt` wins and a
 * conflict, and nothing is written when nothing changed.
 */
import type { AnyRecord, PathSpec } from '../flow.js';
import { readPath, writePath } from '../paths.js';
import { canonical } from './canonical.js';
import type { AnyFlow, BindingPlan, FlowPlan } from './flow-plan.js';
import { parseSnapshot, project, snapshotText } from './snapshot.js';
import type { StoredLink } from './state-store.js';

export interface Reconciled {
  /** The source record to write (a copy with the changed paths rewritten), if any. */
  source?: AnyRecord;
  sourceChanged: PathSpec[];
  target?: AnyRecord;
  targetChanged: PathSpec[];
  conflict: boolean;
  /** Last-synced values to store after the writes. */
  sourceSnapshot: string;
  targetSnapshot: string;
  errors: string[];
}

export interface Pair {
  source: AnyRecord;
  target: AnyRecord;
  /** `project()` of each record. */
  sourceValues: string[];
  targetValues: string[];
}

export function reconcile(flow: AnyFlow, plan: FlowPlan, pair: Pair, stored: StoredLink | undefined): Reconciled {
  const { source: S, target: T, sourceValues, targetValues } = pair;
  const oldS = parseSnapshot(stored?.source ?? null);
  const oldT = parseSnapshot(stored?.target ?? null);
  const twoWay = flow.rules.keepsInSync !== false;
  const convert = createConverter(flow, S, T);
  const out = { source: undefined as AnyRecord | undefined, target: undefined as AnyRecord | undefined };
  const sourceChanged: PathSpec[] = [];
  const targetChanged: PathSpec[] = [];
  const writtenSources = new Set<number>();
  const failed: BindingPlan[] = [];
  const errors: string[] = [];
  const settled = new Set<BindingPlan>();
  let conflict = false;

  const writeTarget = (b: BindingPlan, value: unknown) => {
    if (!b.writeTarget || canonical(value) === targetValues[b.t]) return;
    out.target = writableCopy(out.target, T, b.binding.target);
    writePath(out.target, b.binding.target, value);
    targetChanged.push(b.binding.target);
  };
  const writeSource = (b: BindingPlan, value: unknown) => {
    if (!b.writeSource || canonical(value) === sourceValues[b.s]) return;
    out.source = writableCopy(out.source, S, b.binding.source);
    writePath(out.source, b.binding.source, value);
    sourceChanged.push(b.binding.source);
    writtenSources.add(b.s);
  };
  const attempt = (b: BindingPlan, work: () => void) => {
    try {
      work();
    } catch (error) {
      failed.push(b);
      errors.push(error instanceof Error ? error.message : String(error));
    }
  };

  for (const b of plan.bindings) {
    const sOld = oldS?.get(plan.source.keys[b.s]!);
    const tOld = oldT?.get(plan.target.keys[b.t]!);
    // No last-synced values (a new link, or a new row in the spec): differing values count as changed on both sides.
    const fresh = sOld === undefined || tOld === undefined;
    const sourceMoved = fresh || sourceValues[b.s] !== sOld;
    const targetMoved = fresh || targetValues[b.t] !== tOld;
    if (!sourceMoved && !targetMoved) continue;
    settled.add(b);
    attempt(b, () => {
      if (!targetMoved || (!sourceMoved && !twoWay)) {
        writeTarget(b, convert.toTarget(b));
      } else if (!sourceMoved) {
        writeSource(b, convert.toSource(b));
      } else {
        const wanted = convert.toTarget(b);
        if (canonical(wanted) === targetValues[b.t]) return; // both sides already agree
        conflict = true;
        if (!twoWay || newerSide(S, T) === 'source') writeTarget(b, wanted);
        else writeSource(b, convert.toSource(b));
      }
    });
  }

  // One source feeding several targets: a source value just taken from one target goes on to the others.
  if (out.source) {
    for (const b of plan.bindings) {
      if (settled.has(b) || !b.sharedSource || !writtenSources.has(b.s)) continue;
      const from = out.source;
      attempt(b, () => writeTarget(b, convert.toTargetFrom(from, b)));
    }
  }

  const sourceAfter: (string | undefined)[] = out.source ? project(out.source, plan.source) : sourceValues.slice();
  const targetAfter: (string | undefined)[] = out.target ? project(out.target, plan.target) : targetValues.slice();
  // A value that could not be converted keeps its old last-synced value, so the next run tries again.
  for (const b of failed) {
    sourceAfter[b.s] = oldS?.get(plan.source.keys[b.s]!);
    targetAfter[b.t] = oldT?.get(plan.target.keys[b.t]!);
  }
  return {
    ...(out.source ? { source: out.source } : {}),
    ...(out.target ? { target: out.target } : {}),
    sourceChanged,
    targetChanged,
    conflict,
    sourceSnapshot: snapshotText(sourceAfter, plan.source),
    targetSnapshot: snapshotText(targetAfter, plan.target),
    errors,
  };
}

/** The newer `updatedAt` wins; a record without one is older; a tie goes to the source (left). */
export function newerSide(source: AnyRecord, target: AnyRecord): 'source' | 'target' {
  const s = timeOf(source.updatedAt);
  const t = timeOf(target.updatedAt);
  return t !== undefined && (s === undefined || t > s) ? 'target' : 'source';
}

function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Values for one property row through the generated mappers. The whole
 * record's mapping is used when it converts; a row that shares its written
 * path with another row, or any row of a record whose mapping fails, is mapped
 * on its own (a record holding only that row's value), so the value written is
 * the one that changed and a failing row does not stop the others.
 */
function createConverter(flow: AnyFlow, S: AnyRecord, T: AnyRecord) {
  let fullTarget: AnyRecord | null | undefined;
  let fullSource: AnyRecord | null | undefined;
  const alone = (record: AnyRecord, from: PathSpec): AnyRecord => {
    const only: AnyRecord = {};
    writePath(only, from, readPath(record, from));
    return only;
  };
  const toTargetFrom = (record: AnyRecord, b: BindingPlan): unknown =>
    readPath(flow.toTarget(alone(record, b.binding.source)) as AnyRecord, b.binding.target);
  return {
    toTargetFrom,
    toTarget(b: BindingPlan): unknown {
      if (!b.sharedTarget) {
        if (fullTarget === undefined) fullTarget = attemptMap(() => flow.toTarget(S) as AnyRecord);
        if (fullTarget) return readPath(fullTarget, b.binding.target);
      }
      return toTargetFrom(S, b);
    },
    toSource(b: BindingPlan): unknown {
      if (!b.sharedSource) {
        if (fullSource === undefined) fullSource = attemptMap(() => flow.toSource(T) as AnyRecord);
        if (fullSource) return readPath(fullSource, b.binding.source);
      }
      return readPath(flow.toSource(alone(T, b.binding.target)) as AnyRecord, b.binding.source);
    },
  };
}

function attemptMap(map: () => AnyRecord): AnyRecord | null {
  try {
    return map();
  } catch {
    return null;
  }
}

/**
 * A copy to write `spec` into that shares nothing it will change with the
 * listed record: the top-level fields on the way (the path's and the
 * conditions') are cloned, the rest is shared.
 */
function writableCopy(copy: AnyRecord | undefined, original: AnyRecord, spec: PathSpec): AnyRecord {
  const record = copy ?? { ...original };
  const tops = [spec.path[0], ...spec.conditions.map((c) => c.field[0])];
  for (const top of tops) {
    if (top === undefined || !Object.prototype.hasOwnProperty.call(original, top)) continue;
    const value = original[top];
    if (typeof value === 'object' && value !== null && record[top] === value) record[top] = structuredClone(value);
  }
  return record;
}
