/**
 * Runs a mapping plan with the runtime's own helpers at generation time, to
 * compute the literal expectations of the generated tests. The emitted code is
 * straight-line; this interpreter is the model it must agree with.
 */
import { convertValue } from '../../runtime/convert.js';
import { readPath, writePath } from '../../runtime/paths.js';
import type { AnyRecord } from '../../runtime/flow.js';
import type { MappingPlan } from './mapping-plan.js';

export function simulateToTarget(plan: MappingPlan, record: AnyRecord): AnyRecord {
  const target: AnyRecord = {};
  for (const assignment of plan.toTarget) {
    let value: unknown = undefined;
    for (const row of assignment.rows) {
      value = convertValue(readPath(record, row.source), row.type, whereOf(row.targetRaw, row.line));
      if (value !== undefined && value !== null) break;
    }
    writePath(target, assignment.target, value);
  }
  return target;
}

export function simulateToSource(plan: MappingPlan, record: AnyRecord): AnyRecord {
  const source: AnyRecord = {};
  for (const assignment of plan.toSource) {
    let value: unknown = undefined;
    for (const row of assignment.rows) {
      value = readPath(record, row.target);
      if (value !== undefined && value !== null) break;
    }
    writePath(source, assignment.source, value);
  }
  return source;
}

/** The `where` of a conversion error: the target cell and its spec line. */
export function whereOf(targetRaw: string, line: number): string {
  return `${targetRaw} (line ${line})`;
}
