/**
 * Reads the data-type cell: the plain types, N/A (any value), datetime
 * formats, and Sesam DTL expressions kept verbatim (with the opening brackets
 * the publisher often loses).
 */
import type { DataType, DataTypeKind } from '../ir.js';
import { toJson } from '../dtl/ast.js';
import { readDtlCell } from '../dtl/read.js';
import { checkExpression } from '../dtl/compile.js';

const PLAIN = /^"(string|integer|float|decimal|boolean|list)"$/;
const DATETIME = /^\[?\s*"datetime-(?:format|parse)"\s*,\s*"([^"]*)"/;
/** A DTL expression: a list whose head is a quoted function name, brackets possibly lost. */
const DTL = /^\[*\s*"[a-z][a-z0-9-]*"\s*,|^\[/;

/** Something to say about the DTL in a cell; `offset` is 0-based into the trimmed text. */
export interface DtlFinding {
  code: 'dtl-reading' | 'dtl-path';
  message: string;
  offset: number;
}

export interface ParsedDataType {
  type: DataType;
  /** True when the cell is none of the known forms (kept verbatim as an expression). */
  unknown: boolean;
  findings: DtlFinding[];
}

/** A bare function name alone (`"first"`) is the shorthand for that function of the current value. */
const BARE_NAME = /^"[a-z][a-z0-9-]*"$/;

function withExpression(type: DataType, findings: DtlFinding[]): ParsedDataType {
  const reading = readDtlCell(type.raw);
  if (!reading.ok) {
    findings.push({
      code: 'dtl-reading',
      message: `the DTL expression ${JSON.stringify(type.raw)} cannot be read (${reading.message}); values are passed through unchanged`,
      offset: reading.offset,
    });
    return { type, unknown: false, findings };
  }
  const problem = checkExpression(reading.node);
  if (problem) {
    findings.push({
      code: 'dtl-reading',
      message: `the DTL expression ${JSON.stringify(type.raw)} cannot be compiled (${problem.message}); values are passed through unchanged`,
      offset: problem.offset,
    });
    return { type, unknown: false, findings };
  }
  for (const note of reading.notes) findings.push({ code: 'dtl-path', message: note.message, offset: note.offset });
  return { type: { ...type, expression: toJson(reading.node) }, unknown: false, findings };
}

export function parseDataType(cell: string): ParsedDataType {
  const raw = cell.trim();
  const plain = PLAIN.exec(raw);
  if (plain) return { type: { raw, kind: plain[1] as DataTypeKind }, unknown: false, findings: [] };
  if (raw === 'N/A') return { type: { raw, kind: 'any' }, unknown: false, findings: [] };
  const datetime = DATETIME.exec(raw);
  if (datetime) return withExpression({ raw, kind: 'datetime', format: datetime[1]! }, []);
  if (DTL.test(raw)) return withExpression({ raw, kind: 'expression' }, []);
  if (BARE_NAME.test(raw)) {
    const read = withExpression({ raw, kind: 'expression' }, []);
    if (read.type.expression !== undefined) return read;
  }
  return { type: { raw, kind: 'expression' }, unknown: true, findings: [] };
}
