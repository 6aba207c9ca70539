/**
 * How a flow's property rows become assignments, decided once here so the
 * emitted code, its tests and the docs agree:
 * - several rows feeding one target: the first row (in spec order) whose source
 *   has a value (not null/undefined) wins; `toSource` writes the target back to
 *   that first row's source only;
 * - one source feeding several targets: `toTarget` writes every target (each
 *   with its own row's type); `toSource` takes the first of those targets, in
 *   row order, that has a value.
 * Rows whose source or target cell has no path map nothing and are kept as data.
 * A DTL expression row with no way back (generator/dtl/reverse.ts) writes its
 * target only: it takes no part in toSource.
 */
import type { PathSpec, TypeSpec } from '../../runtime/flow.js';
import type { Flow, PropertyRef } from '../ir.js';
import { expressionRowOf, type ExpressionRow } from '../dtl/row.js';

export interface PlannedRow {
  /** 1-based row number in the table. */
  readonly index: number;
  readonly source: PathSpec;
  readonly target: PathSpec;
  readonly sourceRaw: string;
  readonly targetRaw: string;
  readonly type: TypeSpec;
  readonly line: number;
  /** False when either cell has no path: the row maps nothing. */
  readonly mapped: boolean;
  /** The compiled DTL of an expression (or datetime) cell; null for plain types and cells with no reading. */
  readonly expression: ExpressionRow | null;
  /** The row's expression has no way back (generator/dtl/reverse.ts): toSource and sync never write its source. */
  readonly oneWay: boolean;
}

/** All rows writing one target path, in row order: the first with a value wins. */
export interface TargetAssignment {
  readonly target: PathSpec;
  readonly rows: readonly PlannedRow[];
}

/** One source path written back from the targets it is the first source of, in row order. */
export interface SourceAssignment {
  readonly source: PathSpec;
  readonly rows: readonly PlannedRow[];
}

export interface MappingPlan {
  readonly rows: readonly PlannedRow[];
  readonly toTarget: readonly TargetAssignment[];
  readonly toSource: readonly SourceAssignment[];
}

export function pathSpecOf(ref: PropertyRef): PathSpec {
  return { path: [...ref.path], conditions: ref.conditions.map((c) => ({ value: c.value, field: [...c.field] })) };
}

export function typeSpecOf(type: { kind: TypeSpec['kind']; raw: string; format?: string }): TypeSpec {
  return type.format === undefined ? { kind: type.kind, raw: type.raw } : { kind: type.kind, raw: type.raw, format: type.format };
}

/** Two cells name the same place when path and conditions are equal. */
export function placeKey(spec: PathSpec): string {
  return JSON.stringify([spec.path, spec.conditions.map((c) => [c.value, c.field])]);
}

function expressionFields(type: TypeSpec): { expression: ExpressionRow | null; oneWay: boolean } {
  const expression = expressionRowOf(type);
  return { expression, oneWay: expression?.reverse.kind === 'one-way' };
}

export function createMappingPlan(flow: Flow): MappingPlan {
  const rows: PlannedRow[] = flow.properties.map((p, i) => ({
    index: i + 1,
    source: pathSpecOf(p.source),
    target: pathSpecOf(p.target),
    sourceRaw: p.source.raw,
    targetRaw: p.target.raw,
    type: typeSpecOf(p.type),
    line: p.line,
    mapped: p.source.path.length > 0 && p.target.path.length > 0,
    ...expressionFields(typeSpecOf(p.type)),
  }));

  const byTarget = new Map<string, PlannedRow[]>();
  for (const row of rows) {
    if (!row.mapped) continue;
    const key = placeKey(row.target);
    const group = byTarget.get(key);
    if (group) group.push(row);
    else byTarget.set(key, [row]);
  }
  const toTarget = [...byTarget.values()].map((group) => ({ target: group[0]!.target, rows: group }));

  const bySource = new Map<string, PlannedRow[]>();
  for (const assignment of toTarget) {
    const primary = assignment.rows[0]!;
    if (primary.oneWay) continue;
    const key = placeKey(primary.source);
    const group = bySource.get(key);
    if (group) group.push(primary);
    else bySource.set(key, [primary]);
  }
  const toSource = [...bySource.values()]
    .map((group) => ({ source: group[0]!.source, rows: group.sort((a, b) => a.index - b.index) }))
    .sort((a, b) => a.rows[0]!.index - b.rows[0]!.index);

  return { rows, toTarget, toSource };
}
