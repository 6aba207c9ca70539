/** What `dataflow dtl eval` does with one expression and value, apart from reading and writing streams. */
import { encodeJson } from '../../runtime/dtl/transit.js';
import type { DtlValue } from '../../runtime/dtl/values.js';
import { evaluate } from './evaluate.js';
import { readJsonValue, valueOf } from './json-value.js';
import { DtlReadError, parseTokens, readDtl, readDtlCell, readRaw, tokenize, type Raw } from './read.js';
import type { DtlNode } from './ast.js';

export interface EvalFlags {
  /** Read the expression as a spec data-type cell (repairs and shorthand). */
  cell: boolean;
}

function run(node: DtlNode, value: DtlValue): { result: string } | { error: string } {
  try {
    return { result: encodeJson(evaluate(node, value)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function readExpression(text: string, flags: EvalFlags): { node: DtlNode } | { error: string } {
  const reading = flags.cell ? readDtlCell(text) : readDtl(text);
  if (!reading.ok) return { error: `expression at offset ${reading.offset}: ${reading.message}` };
  return { node: reading.node };
}

/** `dtl eval EXPR [--value JSON]`. */
export function evaluateText(expression: string, valueText: string | undefined, flags: EvalFlags): { result: string } | { error: string } {
  const read = readExpression(expression, flags);
  if ('error' in read) return read;
  let value: DtlValue = null;
  if (valueText !== undefined) {
    try {
      value = readJsonValue(valueText);
    } catch (error) {
      if (error instanceof DtlReadError) return { error: `--value is not JSON (offset ${error.offset}): ${error.message}` };
      throw error;
    }
  }
  return run(read.node, value);
}

/** One JSON Lines input line: `{"expression": E, "value": V}`, E as JSON or as a string of DTL text. */
export function evaluateLine(line: string, number: number, flags: EvalFlags): { text: string; notJson: boolean } {
  let raw: Raw;
  try {
    raw = parseTokens(tokenize(line), false);
  } catch (error) {
    if (!(error instanceof DtlReadError)) throw error;
    return { text: JSON.stringify({ error: `line ${number} is not JSON (column ${error.offset + 1}): ${error.message}` }), notJson: true };
  }
  const error = (message: string) => ({ text: JSON.stringify({ error: message }), notJson: false });
  if (raw.r !== 'dict') return error('expected an object {"expression": E, "value": V}');
  const expression = raw.entries.find(([k]) => k === 'expression')?.[1];
  const valueRaw = raw.entries.find(([k]) => k === 'value')?.[1];
  if (expression === undefined) return error('no "expression"');
  let node: DtlNode;
  if (expression.r === 'scalar' && expression.token.t === 'string') {
    const read = readExpression(expression.token.value, flags);
    if ('error' in read) return error(read.error);
    node = read.node;
  } else if (flags.cell) {
    const read = readExpression(toTextOfRaw(expression), flags);
    if ('error' in read) return error(read.error);
    node = read.node;
  } else {
    try {
      node = readRaw(expression, false).node;
    } catch (e) {
      if (e instanceof DtlReadError) return error(`expression: ${e.message}`);
      throw e;
    }
  }
  const out = run(node, valueRaw === undefined ? null : valueOf(valueRaw));
  return { text: 'result' in out ? `{"result":${out.result}}` : JSON.stringify(out), notJson: false };
}

function toTextOfRaw(raw: Raw): string {
  if (raw.r === 'list') return `[${raw.items.map(toTextOfRaw).join(',')}]`;
  if (raw.r === 'dict') return `{${raw.entries.map(([k, v]) => `${JSON.stringify(k)}:${toTextOfRaw(v)}`).join(',')}}`;
  const t = raw.token;
  return t.t === 'string' ? JSON.stringify(t.value) : t.t === 'number' ? t.text : String(t.value);
}
