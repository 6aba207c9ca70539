/**
 * Evaluates a DTL expression tree over one value, for `dataflow dtl eval`.
 * Generated flows never come here: they call the same runtime functions in
 * straight-line code compiled by `compile.ts`. Evaluation is DTL as documented:
 * `_.` is the given value, strings are strings (no ISO-string reading).
 */
import * as dtl from '../../runtime/dtl/index.js';
import type { DtlValue } from '../../runtime/dtl/values.js';
import type { DtlNode } from './ast.js';
import { dtlFunction } from './functions.js';

function isDatetimeRole(node: Extract<DtlNode, { kind: 'call' }>, i: number): boolean {
  return dtlFunction(node.name)?.roles(node.args.length)?.[i] === 'datetime';
}

export interface EvaluateOptions {
  /**
   * Evaluate as a generated flow does (runtime/dtl/boundary.ts): where a function
   * takes the row's value as a datetime, an ISO 8601 string is read as one.
   */
  boundary?: boolean;
}

export function evaluate(node: DtlNode, current: DtlValue, options: EvaluateOptions = {}): DtlValue {
  if (options.boundary) return evaluateWith(node, current, true);
  return evaluateWith(node, current, false);
}

function evaluateWith(node: DtlNode, current: DtlValue, boundary: boolean): DtlValue {
  const evaluate = (n: DtlNode, c: DtlValue) => evaluateWith(n, c, boundary);
  switch (node.kind) {
    case 'current':
      return current;
    case 'path':
      return dtl.path(current, node.path);
    case 'string':
      return dtl.decodeString(node.value);
    case 'integer':
      return BigInt(node.text);
    case 'float':
      return Number(node.text);
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'dict':
      return new Map(node.entries.map(([k, v]) => [k, evaluate(v, current)]));
    case 'call':
      return call(node, current, boundary);
  }
}

function call(node: Extract<DtlNode, { kind: 'call' }>, current: DtlValue, boundary: boolean): DtlValue {
  const evaluate = (n: DtlNode, c: DtlValue) => evaluateWith(n, c, boundary);
  const args = node.args;
  const datetimeAt = (i: number) => boundary && args[i]!.kind === 'current';
  const arg = (i: number) => (datetimeAt(i) && isDatetimeRole(node, i) ? dtl.enterDatetime(current) : evaluate(args[i]!, current));
  const all = () => args.map((_, i) => arg(i));
  switch (node.name) {
    case 'if':
      return dtl.truthy(arg(0)) ? arg(1) : args.length > 2 ? arg(2) : null;
    case 'if-null':
      return dtl.ifNull(arg(0), arg(1));
    case 'eq':
      return dtl.eq(arg(0), arg(1));
    case 'neq':
      return dtl.neq(arg(0), arg(1));
    case 'gt':
      return dtl.gt(arg(0), arg(1));
    case 'or':
      return args.some((a) => dtl.truthy(evaluate(a, current)));
    case 'is-empty':
      return dtl.isEmpty(arg(0));
    case 'is-null':
      return dtl.isNull(arg(0));
    case 'is-decimal':
      return dtl.isDecimal(arg(0));
    case 'is-boolean':
      return dtl.isBoolean(arg(0));
    case 'matches':
      return dtl.matches(arg(0), arg(1));
    case 'join':
      return dtl.join(arg(0), arg(1));
    case 'slice':
      return dtl.slice(...all()) // spread-bounded: the arguments written in one DTL call;
    case 'split':
      return args.length === 1 ? dtl.split(undefined, arg(0)) : dtl.split(arg(0), arg(1));
    case 'replace':
      return args.length === 2 ? dtl.replace(arg(0), undefined, arg(1)) : dtl.replace(arg(0), arg(1), arg(2));
    case 'integer':
    case 'decimal':
    case 'float':
    case 'boolean': {
      const cast = { integer: dtl.integer, decimal: dtl.decimal, float: dtl.float, boolean: dtl.boolean }[node.name];
      if (args.length === 1) return cast(arg(0));
      const fallback = args[0]!;
      return cast(arg(1), (offending) => evaluate(fallback, offending));
    }
    case 'string':
      return dtl.string(arg(0));
    case 'list':
      return dtl.list(...all()) // spread-bounded: the arguments written in one DTL call;
    case 'first':
      return dtl.first(arg(0));
    case 'datetime-format':
      return dtl.datetimeFormat(...all()) // spread-bounded: the arguments written in one DTL call;
    case 'datetime-parse':
      return dtl.datetimeParse(...all()) // spread-bounded: the arguments written in one DTL call;
    case 'datetime-diff':
      return dtl.datetimeDiff(arg(0), arg(1), arg(2));
    case 'abs':
      return dtl.abs(arg(0));
    case 'now':
      return dtl.now();
    default:
      throw new dtl.DtlError(`"${node.name}" is not a DTL function dataflow compiles`);
  }
}
