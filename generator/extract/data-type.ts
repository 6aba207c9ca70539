/**
 * Reads the data-type cell: the plain types, N/A (any value), datetime
 * formats, and Sesam DTL expressions kept verbatim (with the opening brackets
 * the publisher often loses).
 */
import type { DataType, DataTypeKind } from '../ir.js';

const PLAIN = /^"(string|integer|float|decimal|boolean|list)"$/;
const DATETIME = /^\[?\s*"datetime-(?:format|parse)"\s*,\s*"([^"]*)"/;
/** A DTL expression: a list whose head is a quoted function name, brackets possibly lost. */
const DTL = /^\[*\s*"[a-z][a-z0-9-]*"\s*,|^\[/;

export interface ParsedDataType {
  type: DataType;
  /** True when the cell is none of the known forms (kept verbatim as an expression). */
  unknown: boolean;
}

export function parseDataType(cell: string): ParsedDataType {
  const raw = cell.trim();
  const plain = PLAIN.exec(raw);
  if (plain) return { type: { raw, kind: plain[1] as DataTypeKind }, unknown: false };
  if (raw === 'N/A') return { type: { raw, kind: 'any' }, unknown: false };
  const datetime = DATETIME.exec(raw);
  if (datetime) return { type: { raw, kind: 'datetime', format: datetime[1]! }, unknown: false };
  if (DTL.test(raw)) return { type: { raw, kind: 'expression' }, unknown: false };
  return { type: { raw, kind: 'expression' }, unknown: true };
}
