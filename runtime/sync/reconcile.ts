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
import type { Snapshot } from './state-store.js';

/** canonical() of no value (absent, undefined or null). */
const EMPTY = canonical(null);

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
  /** The target fields (property paths) of the rows whose values failed. */
  failedFields: string[];
  /** Some value was left unsynced (its old last-synced value kept): the next run must compare in full. */
  partial: boolean;
}

export interface Pair {
  source: AnyRecord;
  target: AnyRecord;
  /** `project()` of each record. */
  sourceValues: string[];
  targetValues: string[];
  /** When each side last changed (the adapters' hooks); absent: the records' `updatedAt`. */
  times?: PairTimes;
}

/** When a record last changed, as its system tells it (ISO 8601, or epoch ms). */
export interface PairTimes {
  source(record: AnyRecord): unknown;
  target(record: AnyRecord): unknown;
}

/** The work state of one pair (one object per call rather than a handful of closures: this runs per changed record). */
interface Work {
  flow: AnyFlow;
  pair: Pair;
  source: AnyRecord | undefined;
  target: AnyRecord | undefined;
  sourceChanged: PathSpec[];
  targetChanged: PathSpec[];
  /** Source path indexes written in this run. */
  writtenSources: boolean[];
  failed: BindingPlan[];
  errors: string[];
  /** The whole record through the mappers: undefined until needed, null when it failed. */
  fullTarget: AnyRecord | null | undefined;
  fullSource: AnyRecord | null | undefined;
}

export function reconcile(flow: AnyFlow, plan: FlowPlan, pair: Pair, stored: Snapshot | undefined): Reconciled {
  const oldS = parseSnapshot(stored?.source ?? null);
  const oldT = parseSnapshot(stored?.target ?? null);
  const twoWay = flow.rules.keepsInSync !== false;
  const { sourceValues, targetValues } = pair;
  const w: Work = {
    flow,
    pair,
    source: undefined,
    target: undefined,
    sourceChanged: [],
    targetChanged: [],
    writtenSources: [],
    failed: [],
    errors: [],
    fullTarget: undefined,
    fullSource: undefined,
  };
  let conflict = false;

  const bindings = plan.bindings;
  for (let i = 0; i < bindings.length; i++) {
    const b = bindings[i]!;
    const sOld = oldS?.get(plan.source.keys[b.s]!);
    const tOld = oldT?.get(plan.target.keys[b.t]!);
    // No last-synced values (a new link, or a new row in the spec): differing values count as changed on both sides.
    const fresh = sOld === undefined || tOld === undefined;
    let sourceMoved = fresh || sourceValues[b.s] !== sOld;
    let targetMoved = fresh || targetValues[b.t] !== tOld;
    // ... except that an empty side has nothing to lose: the value on the other side is taken, with no conflict
    // (a row added to the spec, or a new link, must not empty the side that holds the value because it is older).
    if (fresh && sourceValues[b.s] !== targetValues[b.t]) {
      if (targetValues[b.t] === EMPTY) targetMoved = false;
      else if (sourceValues[b.s] === EMPTY) sourceMoved = false;
    }
    if (!sourceMoved && !targetMoved) continue;
    try {
      if (!targetMoved) {
        writeTarget(w, b, toTarget(w, b));
      } else if (!sourceMoved) {
        // Without "keep in sync ... regardless of where it is edited", edits on the target stay there.
        if (twoWay) writeSource(w, b, toSource(w, b));
      } else {
        const wanted = toTarget(w, b);
        if (canonical(wanted) === targetValues[b.t]) continue; // both sides already agree
        conflict = true;
        if (!twoWay || newerSide(pair.source, pair.target, pair.times) === 'source') writeTarget(w, b, wanted);
        else writeSource(w, b, toSource(w, b));
      }
    } catch (error) {
      fail(w, b, error);
    }
  }

  // One source feeding several targets: a source value just taken from one target goes on to the
  // others, also to those that moved too (they agreed with the old value, or lost to a target
  // written after them), so every target of the source ends with its final value.
  if (w.source) {
    const failed = new Set(w.failed);
    for (let i = 0; i < bindings.length; i++) {
      const b = bindings[i]!;
      if (!b.sharedSource || !w.writtenSources[b.s] || failed.has(b)) continue;
      try {
        writeTarget(w, b, toTargetAlone(w.flow, w.source, b));
      } catch (error) {
        fail(w, b, error);
      }
    }
  }

  const sourceAfter: (string | undefined)[] = w.source ? project(w.source, plan.source) : sourceValues.slice();
  const targetAfter: (string | undefined)[] = w.target ? project(w.target, plan.target) : targetValues.slice();
  // A value that could not be converted keeps its old last-synced value, so the next run tries again.
  for (const b of w.failed) {
    sourceAfter[b.s] = oldS?.get(plan.source.keys[b.s]!);
    targetAfter[b.t] = oldT?.get(plan.target.keys[b.t]!);
  }
  return {
    ...(w.source ? { source: w.source } : {}),
    ...(w.target ? { target: w.target } : {}),
    sourceChanged: w.sourceChanged,
    targetChanged: w.targetChanged,
    conflict,
    sourceSnapshot: snapshotText(sourceAfter, plan.source),
    targetSnapshot: snapshotText(targetAfter, plan.target),
    errors: w.errors,
    failedFields: [...new Set(w.failed.map((b) => plan.target.keys[b.t]!))],
    partial: w.failed.length > 0,
  };
}

function writeTarget(w: Work, b: BindingPlan, value: unknown): void {
  if (!b.writeTarget || canonical(value) === w.pair.targetValues[b.t]) return;
  w.target = writableCopy(w.target, w.pair.target, b.binding.target);
  writePath(w.target, b.binding.target, value);
  w.targetChanged.push(b.binding.target);
}

function writeSource(w: Work, b: BindingPlan, value: unknown): void {
  if (!b.writeSource || canonical(value) === w.pair.sourceValues[b.s]) return;
  w.source = writableCopy(w.source, w.pair.source, b.binding.source);
  writePath(w.source, b.binding.source, value);
  w.sourceChanged.push(b.binding.source);
  w.writtenSources[b.s] = true;
}

function fail(w: Work, b: BindingPlan, error: unknown): void {
  w.failed.push(b);
  w.errors.push(error instanceof Error ? error.message : String(error));
}

/**
 * The newer side wins: by `updatedAt`, or the time `times` reads for each
 * side; a record without one is older; a tie goes to the source (left).
 */
export function newerSide(source: AnyRecord, target: AnyRecord, times?: PairTimes): 'source' | 'target' {
  const s = timeOf(times ? times.source(source) : source.updatedAt);
  const t = timeOf(times ? times.target(target) : target.updatedAt);
  return t !== undefined && (s === undefined || t > s) ? 'target' : 'source';
}

function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/*
 * Values for one property row through the generated mappers. The whole
 * record's mapping is used when it converts; a row that shares its written
 * path with another row, or any row of a record whose mapping fails, is mapped
 * on its own (a record holding only that row's value), so the value written is
 * the one that changed and a failing row does not stop the others.
 */

function toTarget(w: Work, b: BindingPlan): unknown {
  if (!b.sharedTarget) {
    if (w.fullTarget === undefined) w.fullTarget = mapWhole(w, 'target');
    if (w.fullTarget) return readPath(w.fullTarget, b.binding.target);
  }
  return toTargetAlone(w.flow, w.pair.source, b);
}

function toSource(w: Work, b: BindingPlan): unknown {
  if (!b.sharedSource) {
    if (w.fullSource === undefined) w.fullSource = mapWhole(w, 'source');
    if (w.fullSource) return readPath(w.fullSource, b.binding.source);
  }
  return readPath(w.flow.toSource(alone(w.pair.target, b.binding.target)) as AnyRecord, b.binding.source);
}

function toTargetAlone(flow: AnyFlow, record: AnyRecord, b: BindingPlan): unknown {
  return readPath(flow.toTarget(alone(record, b.binding.source)) as AnyRecord, b.binding.target);
}

function alone(record: AnyRecord, from: PathSpec): AnyRecord {
  const only: AnyRecord = {};
  writePath(only, from, readPath(record, from));
  return only;
}

function mapWhole(w: Work, to: 'target' | 'source'): AnyRecord | null {
  try {
    return (to === 'target' ? w.flow.toTarget(w.pair.source) : w.flow.toSource(w.pair.target)) as AnyRecord;
  } catch {
    return null;
  }
}

/**
 * A copy to write `spec` into that shares nothing it will change with the
 * listed record: the top-level fields on the way (the path's and the
 * conditions') are copied deeply, the rest is shared.
 */
function writableCopy(copy: AnyRecord | undefined, original: AnyRecord, spec: PathSpec): AnyRecord {
  const record = copy ?? { ...original };
  copyField(record, original, spec.path[0]);
  for (const condition of spec.conditions) copyField(record, original, condition.field[0]);
  return record;
}

function copyField(record: AnyRecord, original: AnyRecord, top: string | undefined): void {
  if (top === undefined || !Object.prototype.hasOwnProperty.call(original, top)) return;
  const value = original[top];
  if (typeof value === 'object' && value !== null && record[top] === value) record[top] = deepCopy(value);
}

/** Records are JSON data: a plain recursive copy is several times faster than structuredClone. */
function deepCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(deepCopy);
  if (value instanceof Date) return new Date(value.getTime());
  const copy: AnyRecord = {};
  for (const key of Object.keys(value)) {
    const field = (value as AnyRecord)[key];
    if (key === '__proto__') Object.defineProperty(copy, key, { value: deepCopy(field), writable: true, enumerable: true, configurable: true });
    else copy[key] = deepCopy(field);
  }
  return copy;
}

/**
 * The values a created target gets: the whole record through `toTarget`, less
 * its own `id`. When that throws, each row is mapped on its own so a row sync
 * never writes (such as `id -> id` with a non-numeric id) cannot block the
 * creation; a row that is written and fails still does.
 */
export function creationValues(
  flow: AnyFlow,
  plan: FlowPlan,
  source: AnyRecord,
): { values: AnyRecord } | { error: string; fields: string[] } {
  try {
    return { values: withoutId(flow.toTarget(source) as AnyRecord) };
  } catch (whole) {
    const values: AnyRecord = {};
    const errors: string[] = [];
    const fields: string[] = [];
    for (const b of plan.bindings) {
      if (!b.writeTarget) continue;
      try {
        const value = toTargetAlone(flow, source, b);
        if (value !== undefined) writePath(values, b.binding.target, value);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
        fields.push(plan.target.keys[b.t]!);
      }
    }
    if (errors.length > 0) return { error: errors.join('; '), fields: [...new Set(fields)] };
    return plan.bindings.length > 0 ? { values } : { error: whole instanceof Error ? whole.message : String(whole), fields: [] };
  }
}

/** Sync never writes an `id`: which records belong together is what links are for. */
function withoutId(values: AnyRecord): AnyRecord {
  if (!Object.prototype.hasOwnProperty.call(values, 'id')) return values;
  const { id: _id, ...rest } = values;
  return rest;
}
