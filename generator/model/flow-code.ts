/**
 * The few expressions a flow module is made of, printed in one place:
 * reads, conversions and writes over the row constants.
 */
import type { TypeSpec } from '../../runtime/flow.js';
import { stringLiteral } from '../naming.js';
import type { PlannedRow, SourceAssignment, TargetAssignment } from './mapping-plan.js';
import { whereOf } from './simulate.js';

/** The runtime converter a data type calls, or null when values pass through (`N/A`, DTL expressions). */
export function converterOf(type: TypeSpec): string | null {
  switch (type.kind) {
    case 'string':
      return 'asString';
    case 'integer':
      return 'asInteger';
    case 'float':
      return 'asFloat';
    case 'decimal':
      return 'asDecimal';
    case 'boolean':
      return 'asBoolean';
    case 'list':
      return 'asList';
    case 'datetime':
      return type.format === undefined ? 'asString' : 'asDatetime';
    case 'any':
    case 'expression':
      return null;
  }
}

export function rowName(row: PlannedRow): string {
  return `row${row.index}`;
}

/** Datetime converters take their format once, at module load. */
export function datetimeName(row: PlannedRow): string {
  return `row${row.index}Datetime`;
}

function convertedRead(row: PlannedRow): string {
  const read = `readPath(record, ${rowName(row)}.source)`;
  const converter = converterOf(row.type);
  if (converter === null) return read;
  if (converter === 'asList') return `asList(${read})`;
  const where = stringLiteral(whereOf(row.targetRaw, row.line));
  if (converter === 'asDatetime') return `${datetimeName(row)}(${read}, ${where})`;
  return `${converter}(${read}, ${where})`;
}

/** `writePath(target, rowN.target, <first converted source with a value>);` as lines. */
export function targetStatement(assignment: TargetAssignment): string[] {
  const first = assignment.rows[0]!;
  const values = assignment.rows.map(convertedRead);
  if (values.length === 1) return [`writePath(target, ${rowName(first)}.target, ${values[0]});`];
  return [
    `writePath(`,
    `  target,`,
    `  ${rowName(first)}.target,`,
    ...values.map((v, i) => (i === 0 ? `  ${v} ??` : i < values.length - 1 ? `    ${v} ??` : `    ${v},`)),
    `);`,
  ];
}

export function sourceStatement(assignment: SourceAssignment): string[] {
  const first = assignment.rows[0]!;
  const reads = assignment.rows.map((row) => `readPath(record, ${rowName(row)}.target)`);
  if (reads.length === 1) return [`writePath(source, ${rowName(first)}.source, ${reads[0]});`];
  return [
    `writePath(`,
    `  source,`,
    `  ${rowName(first)}.source,`,
    ...reads.map((v, i) => (i === 0 ? `  ${v} ??` : i < reads.length - 1 ? `    ${v} ??` : `    ${v},`)),
    `);`,
  ];
}

/** The runtime value imports a set of rows needs, sorted. */
export function runtimeImportsOf(rows: readonly PlannedRow[], hasStatements: boolean, hasCriteria: boolean): string[] {
  const names = new Set<string>();
  if (hasStatements) names.add('readPath').add('writePath');
  if (hasCriteria) names.add('readPath').add('asString');
  for (const row of rows) {
    if (!row.mapped) continue;
    const converter = converterOf(row.type);
    if (converter !== null) names.add(converter);
  }
  return [...names].sort();
}
