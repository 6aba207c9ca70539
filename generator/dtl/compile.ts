/**
 * Compiles a DTL expression tree to one straight-line TypeScript expression
 * over `_` (the row's entered value) calling the `dtl` namespace of
 * `dataflow/runtime`, and infers its result types (the target field's type).
 * Every literal goes through generator/naming.ts, so spec text never becomes code.
 */
import { DATETIME as T_DATETIME } from '../../runtime/dtl/boundary.js';
import * as T from '../../runtime/dtl/boundary.js';
import { decodeString } from '../../runtime/dtl/transit.js';
import { DtlDatetime, DtlDecimal, DtlTagged } from '../../runtime/dtl/values.js';
import { stringLiteral } from '../naming.js';
import type { DtlNode } from './ast.js';
import { dtlFunction } from './functions.js';
import { checkParseFormat, checkTimeZone } from '../../runtime/dtl/datetime-text.js';
import { DATETIME_PARTS } from '../../runtime/dtl/datetimes.js';

const ANY = T.NULL | T.BOOLEAN | T.INTEGER | T.DECIMAL | T.FLOAT | T.STRING | T.DATETIME | T.LIST | T.DICT | T.TAGGED;
/**
 * What the row's value can be once entered, for typing: one value of the JSON
 * types (a fraction enters as a decimal, so never a float). A list or dict
 * from the system is still evaluated; a result the inferred type cannot hold
 * is then a ConversionError when it leaves.
 */
export const SOURCE = T.NULL | T.BOOLEAN | T.INTEGER | T.DECIMAL | T.STRING | T.DATETIME | T.TAGGED;

const MASK_NAMES: [number, string][] = [
  [T.NULL, 'NULL'],
  [T.BOOLEAN, 'BOOLEAN'],
  [T.INTEGER, 'INTEGER'],
  [T.DECIMAL, 'DECIMAL'],
  [T.FLOAT, 'FLOAT'],
  [T.STRING, 'STRING'],
  [T.DATETIME, 'DATETIME'],
  [T.LIST, 'LIST'],
  [T.DICT, 'DICT'],
  [T.TAGGED, 'TAGGED'],
];

/** `dtl.INTEGER | dtl.STRING | dtl.NULL`. */
export function maskCode(mask: number, ns = 'dtl'): string {
  return MASK_NAMES.filter(([bit]) => mask & bit).map(([, name]) => `${ns}.${name}`).join(' | ') || '0';
}

/** The TypeScript type of a result as it leaves (see runtime/dtl/boundary.ts), without `null`. */
export function tsTypeOf(mask: number): string {
  const parts: string[] = [];
  if (mask & (T.INTEGER | T.FLOAT)) parts.push('number');
  if (mask & (T.DECIMAL | T.STRING | T.DATETIME | T.TAGGED)) parts.push('string');
  if (mask & T.BOOLEAN) parts.push('boolean');
  if (mask & T.LIST) parts.push('unknown[]');
  if (mask & T.DICT) parts.push('Record<string, unknown>');
  return parts.length === 0 ? 'never' : parts.join(' | ');
}

/** Result types of a node (given what `_` may be). */
export function typeOf(node: DtlNode, current = SOURCE): number {
  switch (node.kind) {
    case 'current':
      return current;
    case 'path':
      return ANY;
    case 'string': {
      const v = decodeString(node.value);
      return v instanceof DtlDatetime ? T.DATETIME : v instanceof DtlDecimal ? T.DECIMAL : v instanceof DtlTagged ? T.TAGGED : T.STRING;
    }
    case 'integer':
      return T.INTEGER;
    case 'float':
      return T.FLOAT;
    case 'boolean':
      return T.BOOLEAN;
    case 'null':
      return T.NULL;
    case 'dict':
      return T.DICT;
    case 'call':
      break;
  }
  const args = node.args;
  const arg = (i: number) => typeOf(args[i]!, current);
  const last = () => arg(args.length - 1);
  const mapped = (input: number, out: number) => (input & T.LIST) | out | T.NULL;
  switch (node.name) {
    case 'if':
      return arg(1) | (args.length > 2 ? arg(2) : T.NULL);
    case 'if-null':
      return (arg(0) & ~T.NULL) | arg(1);
    case 'eq':
    case 'neq':
    case 'gt':
    case 'or':
    case 'is-empty':
    case 'is-null':
    case 'is-decimal':
    case 'is-boolean':
    case 'matches':
      return T.BOOLEAN;
    case 'join':
      return T.STRING;
    case 'slice':
    case 'split':
    case 'list':
      return T.LIST;
    case 'integer':
    case 'decimal':
    case 'float':
    case 'boolean': {
      const out = { integer: T.INTEGER, decimal: T.DECIMAL, float: T.FLOAT, boolean: T.BOOLEAN }[node.name];
      // A default expression sees the value that did not convert: any of the input's types.
      const fallback = args.length === 2 ? typeOf(args[0]!, last() & ~T.LIST) : 0;
      return mapped(last(), out) | fallback;
    }
    case 'string':
    case 'replace':
    case 'datetime-format':
      return mapped(last(), T.STRING);
    case 'datetime-parse':
      return mapped(last(), T.DATETIME);
    case 'first': {
      const v = arg(0);
      return v & T.LIST ? ANY : v;
    }
    case 'datetime-diff':
      return T.INTEGER | T.NULL;
    case 'abs': {
      const v = arg(0);
      return mapped(v, v & (T.INTEGER | T.DECIMAL | T.FLOAT));
    }
    case 'now':
      return T_DATETIME;
    default:
      throw new Error(`no type rule for ${node.name}`);
  }
}

function literalCode(node: DtlNode): string {
  switch (node.kind) {
    case 'string': {
      const v = decodeString(node.value);
      return typeof v === 'string' ? stringLiteral(v) : `dtl.decodeString(${stringLiteral(node.value)})`;
    }
    case 'integer':
      return node.text.startsWith('-') ? `(${BigInt(node.text)}n)` : `${BigInt(node.text)}n`;
    case 'float': {
      const n = Number(node.text);
      return n < 0 || Object.is(n, -0) ? `(${n})` : String(n);
    }
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    default:
      throw new Error(`not a literal: ${node.kind}`);
  }
}

/**
 * The TypeScript expression computing `node`, with `_` the entered value.
 * `if` becomes a conditional so only one branch runs; a cast's default
 * expression an arrow whose `_` is the value that did not convert.
 */
export function compileNode(node: DtlNode): string {
  switch (node.kind) {
    case 'current':
      return '_';
    case 'path':
      return `dtl.path(_, [${node.path.map(stringLiteral).join(', ')}])`;
    case 'dict':
      return `new Map<string, dtl.DtlValue>([${node.entries.map(([k, v]) => `[${stringLiteral(k)}, ${compileNode(v)}]`).join(', ')}])`;
    case 'call':
      break;
    default:
      return literalCode(node);
  }
  const f = dtlFunction(node.name)!;
  const roles = f.roles(node.args.length)!;
  const args = node.args.map((a, i) =>
    roles[i] === 'datetime' && a.kind === 'current' ? 'dtl.enterDatetime(_)' : roles[i] === 'fallback' ? `(_) => ${compileNode(a)}` : compileNode(a),
  );
  switch (node.name) {
    case 'if':
      return `(dtl.truthy(${args[0]}) ? ${args[1]} : ${args[2] ?? 'null'})`;
    case 'or':
      // Short-circuits as `or` over truthy values does, without evaluating the rest.
      return `(${args.map((a) => `dtl.truthy(${a})`).join(' || ')})`;
    case 'integer':
    case 'decimal':
    case 'float':
    case 'boolean':
      return args.length === 2 ? `dtl.${f.runtime}(${args[1]}, ${args[0]})` : `dtl.${f.runtime}(${args[0]})`;
    case 'split':
      return args.length === 1 ? `dtl.split(undefined, ${args[0]})` : `dtl.split(${args[0]}, ${args[1]})`;
    case 'replace':
      return args.length === 2 ? `dtl.replace(${args[0]}, undefined, ${args[1]})` : `dtl.replace(${args.join(', ')})`;
    default:
      return `dtl.${f.runtime}(${args.join(', ')})`;
  }
}

/**
 * What would fail at run time in every evaluation, found at generate time: an
 * unknown time zone, a parse format with an unsupported token, an unknown
 * datetime-diff part. Undefined when the expression is fine.
 */
export function checkExpression(node: DtlNode): { message: string; offset: number } | undefined {
  if (node.kind === 'dict') {
    for (const [, v] of node.entries) {
      const problem = checkExpression(v);
      if (problem) return problem;
    }
  }
  if (node.kind !== 'call') return undefined;
  const literal = (i: number) => (node.args[i]?.kind === 'string' ? (node.args[i] as { value: string }).value : undefined);
  try {
    if ((node.name === 'datetime-format' || node.name === 'datetime-parse') && node.args.length === 3) {
      const zone = literal(0);
      if (zone !== undefined) checkTimeZone(zone);
    }
    if (node.name === 'datetime-parse') {
      const format = literal(node.args.length - 2);
      if (format !== undefined) checkParseFormat(format);
    }
    if (node.name === 'datetime-diff') {
      const part = literal(0);
      if (part !== undefined && !DATETIME_PARTS.includes(part)) throw new Error(`datetime-diff has no part ${JSON.stringify(part)} (${DATETIME_PARTS.join(', ')})`);
    }
  } catch (error) {
    return { message: (error as Error).message, offset: node.offset };
  }
  for (const arg of node.args) {
    const problem = checkExpression(arg);
    if (problem) return problem;
  }
  return undefined;
}
