/**
 * An expression row of a property table, compiled: the function the flow
 * module declares for it (`rowNValue`), its result type, and its way back
 * (`rowNBack`, or none for one-way rows), plus the same semantics run at
 * generation time for the round-trip expectations of the generic tests.
 */
import type { TypeSpec } from '../../runtime/flow.js';
import { enter, leave } from '../../runtime/dtl/boundary.js';
import { parseBack, formatBack } from '../../runtime/dtl/reverse.js';
import { stringLiteral, valueLiteral } from '../naming.js';
import type { DtlNode } from './ast.js';
import { toText } from './ast.js';
import { checkExpression, compileNode, maskCode, tsTypeOf, typeOf } from './compile.js';
import { evaluate } from './evaluate.js';
import { readDtlCell } from './read.js';
import { reverseOf, type Reverse } from './reverse.js';

export interface ExpressionRow {
  readonly node: DtlNode;
  /** Canonical DTL text of the reading. */
  readonly text: string;
  readonly mask: number;
  /** The target field's TypeScript type, without `null`. */
  readonly tsType: string;
  readonly reverse: Reverse;
}

const cache = new Map<string, ExpressionRow | null>();

/** The compiled reading of a data-type cell, or null when it has none (the row then passes values through). */
export function expressionRowOf(type: TypeSpec): ExpressionRow | null {
  if (type.kind !== 'expression' && type.kind !== 'datetime') return null;
  let row = cache.get(type.raw);
  if (row === undefined) {
    const reading = readDtlCell(type.raw);
    row = reading.ok && checkExpression(reading.node) === undefined
      ? { node: reading.node, text: reading.text, mask: typeOf(reading.node), tsType: tsTypeOf(typeOf(reading.node)), reverse: reverseOf(reading.node) }
      : null;
    cache.set(type.raw, row);
  }
  return row;
}

/** Whether `_` (the row's value, not a default expression's) is read. */
function readsCurrent(node: DtlNode, inFallback = false): boolean {
  if (node.kind === 'current' || node.kind === 'path') return !inFallback;
  if (node.kind === 'dict') return node.entries.some(([, v]) => readsCurrent(v, inFallback));
  if (node.kind !== 'call') return false;
  const fallback = ['integer', 'decimal', 'float', 'boolean'].includes(node.name) && node.args.length === 2;
  return node.args.some((a, i) => readsCurrent(a, inFallback || (fallback && i === 0)));
}

/** The function declaring the row's expression: `function row3Value(value: unknown): number | string | null | undefined`. */
export function valueFunction(name: string, row: ExpressionRow, raw: string, where: string): string[] {
  const type = `${row.tsType} | null`;
  const lines = [`function ${name}(value: unknown): ${type} | undefined {`, '  if (value === undefined) return undefined;'];
  if (readsCurrent(row.node)) lines.push('  const _ = dtl.enter(value);');
  lines.push(
    `  return dtl.leave(${compileNode(row.node)}, ${maskCode(row.mask)}, ${stringLiteral(raw)}, ${stringLiteral(where)}) as ${type};`,
    '}',
  );
  return lines;
}

/** The function taking a target value back to the source, for `default`, `parse` and `format` rows; null for the others. */
export function backFunction(name: string, row: ExpressionRow, raw: string, where: string): string[] | null {
  const r = row.reverse;
  switch (r.kind) {
    case 'default':
      return [`function ${name}(value: unknown): unknown {`, `  return value === ${valueLiteral(r.literal)} ? null : value;`, '}'];
    case 'parse':
    case 'format':
      return [
        `function ${name}(value: unknown): string | null | undefined {`,
        `  return dtl.${r.kind === 'parse' ? 'parseBack' : 'formatBack'}(value, ${stringLiteral(r.format)}, ${stringLiteral(r.zone)}, ${stringLiteral(raw)}, ${stringLiteral(where)});`,
        '}',
      ];
    default:
      return null;
  }
}

/** The row's value through its expression, as the generated function computes it. */
export function simulateValue(row: ExpressionRow, value: unknown, raw: string, where: string): unknown {
  if (value === undefined) return undefined;
  return leave(evaluate(row.node, enter(value), { boundary: true }), row.mask, raw, where);
}

/** The target value taken back, as the generated toSource does; undefined for one-way rows (nothing is written). */
export function simulateBack(row: ExpressionRow, value: unknown, raw: string, where: string): unknown {
  const r = row.reverse;
  switch (r.kind) {
    case 'cast':
      return value;
    case 'default':
      return value === r.literal ? null : value;
    case 'parse':
      return parseBack(value, r.format, r.zone, raw, where);
    case 'format':
      return formatBack(value, r.format, r.zone, raw, where);
    case 'one-way':
      return undefined;
  }
}

export { toText };
