/**
 * The few expressions a flow module is made of, printed in one place:
 * reads, conversions and writes over the row constants.
 */
import type { TypeSpec } from '../../runtime/flow.js';
import { camelIdentifier, stringLiteral, type Namer } from '../naming.js';
import type { PlannedRow, SourceAssignment, TargetAssignment } from './mapping-plan.js';
import { whereOf } from './simulate.js';

/** The runtime converter a data type calls, or null when values pass through (`N/A`, DTL expressions without a reading). */
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

/** The constant of a row and of its datetime converter, named by the row's content. */
export interface RowNames {
  name: string;
  datetime: string;
  /** For an expression row: the function computing its value, and the one taking a target value back. */
  value: string;
  back: string;
}

export type RowNamer = (row: PlannedRow) => RowNames;

/**
 * Rows are named by what they map (`phoneToMobilePhone`), not by position, so
 * a row added above them leaves their code alone; rows with equal paths (and
 * other conditions) are told apart by a number, in row order.
 */
export function createRowNamer(rows: readonly PlannedRow[], namer: Namer): RowNamer {
  const names = new Map<PlannedRow, RowNames>();
  for (const row of rows) {
    const base = camelIdentifier(`${row.source.path.join(' ')} to ${row.target.path.join(' ')}`, 'row');
    const name = namer.unique(base === 'to' ? 'row' : base);
    // Datetime converters take their format once, at module load.
    const datetime = namer.unique(`${name}Datetime`);
    const value = row.expression ? namer.unique(`${name}Value`) : '';
    const back = row.expression ? namer.unique(`${name}Back`) : '';
    names.set(row, { name, datetime, value, back });
  }
  return (row) => names.get(row)!;
}

function convertedRead(row: PlannedRow, names: RowNamer): string {
  const { name, datetime } = names(row);
  const read = `readPath(record, ${name}.source)`;
  if (row.expression) return `${names(row).value}(${read})`;
  const converter = converterOf(row.type);
  if (converter === null) return read;
  if (converter === 'asList') return `asList(${read})`;
  const where = stringLiteral(whereOf(row));
  if (converter === 'asDatetime') return `${datetime}(${read}, ${where})`;
  return `${converter}(${read}, ${where})`;
}

/** `writePath(target, <row>.target, <first converted source with a value>);` as lines. */
export function targetStatement(assignment: TargetAssignment, names: RowNamer): string[] {
  const first = names(assignment.rows[0]!).name;
  const values = assignment.rows.map((row) => convertedRead(row, names));
  if (values.length === 1) return [`writePath(target, ${first}.target, ${values[0]});`];
  return [
    `writePath(`,
    `  target,`,
    `  ${first}.target,`,
    ...values.map((v, i) => (i === 0 ? `  ${v} ??` : i < values.length - 1 ? `    ${v} ??` : `    ${v},`)),
    `);`,
  ];
}

/** The target value of a row on its way back: as is, or through the expression row's back function. */
function backRead(row: PlannedRow, names: RowNamer): string {
  const read = `readPath(record, ${names(row).name}.target)`;
  const kind = row.expression?.reverse.kind;
  return kind === 'default' || kind === 'parse' || kind === 'format' ? `${names(row).back}(${read})` : read;
}

export function sourceStatement(assignment: SourceAssignment, names: RowNamer): string[] {
  const first = names(assignment.rows[0]!).name;
  const reads = assignment.rows.map((row) => backRead(row, names));
  if (reads.length === 1) return [`writePath(source, ${first}.source, ${reads[0]});`];
  return [
    `writePath(`,
    `  source,`,
    `  ${first}.source,`,
    ...reads.map((v, i) => (i === 0 ? `  ${v} ??` : i < reads.length - 1 ? `    ${v} ??` : `    ${v},`)),
    `);`,
  ];
}

/** The runtime value imports a set of rows needs, sorted. */
export function runtimeImportsOf(rows: readonly PlannedRow[], hasStatements: boolean, hasCriteria: boolean): string[] {
  const names = new Set<string>();
  if (hasStatements) names.add('readPath').add('writePath');
  if (hasCriteria) names.add('readPath').add('mergeKey');
  for (const row of rows) {
    if (!row.mapped) continue;
    if (row.expression) {
      names.add('dtl');
      continue;
    }
    const converter = converterOf(row.type);
    if (converter !== null) names.add(converter);
  }
  return [...names].sort();
}
