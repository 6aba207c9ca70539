/**
 * Runs a mapping plan with the runtime's own helpers at generation time, to
 * compute the literal expectations of the generated tests. The emitted code is
 * straight-line; this interpreter is the model it must agree with.
 *
 * A sample record holds one or two values, so only the assignments that can
 * read something from it are run: an assignment whose every row reads a path
 * the record does not have reads `undefined`, which converts to `undefined`
 * and writes nothing. (Writing `undefined` removes a value, so an assignment
 * whose path contains another's always runs.) This keeps generating the tests
 * of a flow with 100,000 rows linear instead of quadratic.
 */
import { convertValue } from '../../runtime/convert.js';
import { readPath, writePath } from '../../runtime/paths.js';
import type { AnyRecord, PathSpec } from '../../runtime/flow.js';
import type { MappingPlan, PlannedRow } from './mapping-plan.js';

interface Assignment {
  write: PathSpec;
  rows: readonly PlannedRow[];
}

interface Index {
  /** Key path (joined) -> the assignments with a row reading exactly it. */
  byRead: Map<string, number[]>;
  /** Run whatever the record holds: rows reading the whole record, and assignments that may remove another's value. */
  always: number[];
}

const SEP = '\u0000';
const keyOf = (path: readonly string[]) => path.join(SEP);

const indexes = new WeakMap<readonly Assignment[], Index>();

function indexOf(assignments: readonly Assignment[], read: (row: PlannedRow) => PathSpec): Index {
  let index = indexes.get(assignments);
  if (index) return index;
  const byRead = new Map<string, number[]>();
  const always = new Set<number>();
  const prefixes = new Set<string>();
  const writes = new Map<string, number>();
  assignments.forEach((a, i) => {
    for (const row of a.rows) {
      const path = read(row).path;
      if (path.length === 0) always.add(i);
      const key = keyOf(path);
      const list = byRead.get(key);
      if (list) list.push(i);
      else byRead.set(key, [i]);
    }
    for (let n = 1; n < a.write.path.length; n++) prefixes.add(keyOf(a.write.path.slice(0, n)));
    const key = keyOf(a.write.path);
    writes.set(key, (writes.get(key) ?? 0) + 1);
    // A conditioned write also sets its condition fields (beside the value, or at the top), which an
    // assignment writing there may remove again: both must run.
    const parent = a.write.path.slice(0, -1);
    for (const condition of a.write.conditions) {
      for (const at of [[...parent, ...condition.field], condition.field]) {
        const conditionKey = keyOf(at);
        writes.set(conditionKey, (writes.get(conditionKey) ?? 0) + 1);
        for (let n = 1; n < at.length; n++) prefixes.add(keyOf(at.slice(0, n)));
      }
    }
  });
  assignments.forEach((a, i) => {
    const key = keyOf(a.write.path);
    if (a.write.path.length === 0 || prefixes.has(key) || writes.get(key)! > 1) always.add(i);
  });
  index = { byRead, always: [...always] };
  indexes.set(assignments, index);
  return index;
}

/** Every key path the record has a value at (arrays are passed through, as paths do). */
function pathsIn(record: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (Array.isArray(node)) {
      for (const element of node) walk(element, path);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const key of Object.keys(node)) {
      const at = [...path, key];
      found.push(keyOf(at));
      walk((node as AnyRecord)[key], at);
    }
  };
  walk(record, []);
  return found;
}

/** The assignments to run for this record, in plan order. */
function relevant(assignments: readonly Assignment[], read: (row: PlannedRow) => PathSpec, record: AnyRecord): number[] {
  const index = indexOf(assignments, read);
  const chosen = new Set(index.always);
  for (const path of pathsIn(record)) for (const i of index.byRead.get(path) ?? []) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

const targetAssignments = new WeakMap<MappingPlan, Assignment[]>();
const sourceAssignments = new WeakMap<MappingPlan, Assignment[]>();

function toTargetOf(plan: MappingPlan): Assignment[] {
  let list = targetAssignments.get(plan);
  if (!list) targetAssignments.set(plan, (list = plan.toTarget.map((a) => ({ write: a.target, rows: a.rows }))));
  return list;
}

function toSourceOf(plan: MappingPlan): Assignment[] {
  let list = sourceAssignments.get(plan);
  if (!list) sourceAssignments.set(plan, (list = plan.toSource.map((a) => ({ write: a.source, rows: a.rows }))));
  return list;
}

const readSource = (row: PlannedRow) => row.source;
const readTarget = (row: PlannedRow) => row.target;
import { simulateBack, simulateValue } from '../dtl/row.js';

export function simulateToTarget(plan: MappingPlan, record: AnyRecord): AnyRecord {
  const target: AnyRecord = {};
  const assignments = toTargetOf(plan);
  for (const i of relevant(assignments, readSource, record)) {
    const assignment = assignments[i]!;
    let value: unknown = undefined;
    for (const row of assignment.rows) {
      const read = readPath(record, row.source);
      const where = whereOf(row);
      value = row.expression ? simulateValue(row.expression, read, row.type.raw, where) : convertValue(read, row.type, where);
      if (value !== undefined && value !== null) break;
    }
    writePath(target, assignment.write, value);
  }
  return target;
}

export function simulateToSource(plan: MappingPlan, record: AnyRecord): AnyRecord {
  const source: AnyRecord = {};
  const assignments = toSourceOf(plan);
  for (const i of relevant(assignments, readTarget, record)) {
    const assignment = assignments[i]!;
    let value: unknown = undefined;
    for (const row of assignment.rows) {
      value = readPath(record, row.target);
      if (row.expression) value = simulateBack(row.expression, value, row.type.raw, whereOf(row));
      if (value !== undefined && value !== null) break;
    }
    writePath(source, assignment.write, value);
  }
  return source;
}

/**
 * The `where` of a conversion error: the row by its cells, which find it in the
 * spec (a line number would change the module whenever a line above it moves).
 */
export function whereOf(row: Pick<PlannedRow, 'sourceRaw' | 'targetRaw'>): string {
  return `row ${row.sourceRaw} -> ${row.targetRaw}`;
}
