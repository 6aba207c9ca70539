/**
 * The DTL functions dataflow compiles, as the generator needs to know them:
 * which arities each takes, the role of every argument, and whether the spec
 * shorthand may elide it (a bare name meaning `[f, "_."]`).
 */

/**
 * - `value`: any expression; a bare unary function name here means that function of `_.`.
 * - `datetime`: a value the function takes as a datetime (the row's value enters through `enterDatetime`).
 * - `param`: a parameter such as a format, separator or pattern: a bare string is always a literal.
 * - `fallback`: a cast's default-value expression, evaluated with `_.` bound to the value that did not convert.
 */
export type Role = 'value' | 'datetime' | 'param' | 'fallback';

export interface DtlFunction {
  readonly name: string;
  /** The export of `dtl` in `dataflow/runtime` the generated code calls. */
  readonly runtime: string;
  /** The roles of the arguments for a given argument count; undefined for a count the function does not take. */
  roles(count: number): readonly Role[] | undefined;
  /** A bare name in a value position stands for `[name, "_."]`. */
  readonly elidable: boolean;
  /** Where the documentation describes it (file:line under hub/dtl/ of datanav/docs). */
  readonly doc: string;
}

const fixed = (...roles: Role[]) => (count: number) => (count === roles.length ? roles : undefined);
const cast = (count: number): readonly Role[] | undefined =>
  count === 1 ? ['value'] : count === 2 ? ['fallback', 'value'] : undefined;
const zoned = (last: Role) => (count: number): readonly Role[] | undefined =>
  count === 2 ? ['param', last] : count === 3 ? ['param', 'param', last] : undefined;

function define(name: string, runtime: string, roles: DtlFunction['roles'], doc: string, elidable = false): DtlFunction {
  return { name, runtime, roles, elidable, doc };
}

const FUNCTIONS: readonly DtlFunction[] = [
  define('if', 'if_', (n) => (n === 2 ? ['value', 'value'] : n === 3 ? ['value', 'value', 'value'] : undefined), 'dtl-functions-conditionals.rst:76'),
  define('if-null', 'ifNull', fixed('value', 'value'), 'dtl-functions-nulls.rst:75'),
  define('eq', 'eq', fixed('value', 'value'), 'dtl-functions-comparisons.rst:6'),
  define('neq', 'neq', fixed('value', 'value'), 'dtl-functions-comparisons.rst:131'),
  define('gt', 'gt', fixed('value', 'value'), 'dtl-functions-comparisons.rst:43'),
  define('or', 'or', (n) => (n >= 1 ? Array<Role>(n).fill('value') : undefined), 'dtl-functions-boolean-logic.rst:122'),
  define('is-empty', 'isEmpty', fixed('value'), 'dtl-functions-lists.rst:415', true),
  define('is-null', 'isNull', fixed('value'), 'dtl-functions-nulls.rst:157', true),
  define('is-decimal', 'isDecimal', fixed('value'), 'dtl-functions-numbers.rst:205', true),
  define('is-boolean', 'isBoolean', fixed('value'), 'dtl-functions-booleans.rst:62', true),
  define('matches', 'matches', fixed('param', 'value'), 'dtl-functions-strings.rst:222'),
  define('join', 'join', fixed('param', 'value'), 'dtl-functions-strings.rst:78'),
  define('slice', 'slice', (n) => (n >= 2 && n <= 4 ? [...Array<Role>(n - 1).fill('param'), 'value'] : undefined), 'dtl-functions-lists.rst:820'),
  define('split', 'split', (n) => (n === 1 ? ['value'] : n === 2 ? ['param', 'value'] : undefined), 'dtl-functions-strings.rst:364'),
  define('replace', 'replace', (n) => (n === 2 ? ['param', 'value'] : n === 3 ? ['param', 'param', 'value'] : undefined), 'dtl-functions-strings.rst:258'),
  define('integer', 'integer', cast, 'dtl-functions-numbers.rst:144', true),
  define('decimal', 'decimal', cast, 'dtl-functions-numbers.rst:6', true),
  define('float', 'float', cast, 'dtl-functions-numbers.rst:57', true),
  define('boolean', 'boolean', cast, 'dtl-functions-booleans.rst:6', true),
  define('string', 'string', fixed('value'), 'dtl-functions-strings.rst:401', true),
  define('list', 'list', (n) => Array<Role>(n).fill('value'), 'dtl-functions-lists.rst:522'),
  define('first', 'first', fixed('value'), 'dtl-functions-lists.rst:178', true),
  define('datetime-format', 'datetimeFormat', zoned('datetime'), 'dtl-functions-date-and-time.rst:111'),
  define('datetime-parse', 'datetimeParse', zoned('value'), 'dtl-functions-date-and-time.rst:173'),
  define('datetime-diff', 'datetimeDiff', fixed('param', 'datetime', 'datetime'), 'dtl-functions-date-and-time.rst:52'),
  define('abs', 'abs', fixed('value'), 'dtl-functions-math.rst:198', true),
  define('now', 'now', fixed(), 'dtl-functions-date-and-time.rst:380'),
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));

export function dtlFunction(name: string): DtlFunction | undefined {
  return BY_NAME.get(name);
}

export function dtlFunctionNames(): string[] {
  return FUNCTIONS.map((f) => f.name);
}

/** The smallest argument count a function takes (for restoring an elided trailing `"_."`). */
export function minimumArity(f: DtlFunction): number {
  for (let n = 0; n <= 4; n++) if (f.roles(n)) return n;
  return 0;
}
