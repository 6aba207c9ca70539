/**
 * Branch cases for the generated tests of expression rows, written by hand
 * from Sesam's documented DTL semantics (../shared/docs/dtl.md, hub/dtl/ of
 * datanav/docs) and the boundary of runtime/dtl/boundary.ts, never computed by
 * the DTL runtime: inputs that reach each branch of each reading the corpus
 * has, with the value the documentation says comes out, and the way back.
 * A reading not listed here gets only the generic round-trip test.
 */
import { formatDatetime } from '../../runtime/strftime.js';
import type { Reverse } from '../dtl/reverse.js';

export interface BranchCase {
  /** The source value as a system sends it (JSON). */
  input: unknown;
  /** The target value (JSON as it leaves: decimals and datetimes as strings). */
  output: unknown;
  why: string;
}

export interface BackCase {
  target: unknown;
  /** The source value written back; `undefined`: nothing is written; `'error'`: a ConversionError. */
  source: unknown;
  why: string;
}

export interface DocumentedCases {
  branches: BranchCase[];
  back: BackCase[];
}

const b = (input: unknown, output: unknown, why: string): BranchCase => ({ input, output, why });
const back = (target: unknown, source: unknown, why: string): BackCase => ({ target, source, why });
const AS_IS = 'a cast row writes the target value back as it is';
const NOT_WRITTEN = 'a one-way row writes nothing back';

const PHONE = '["if",["matches","+*","_."],["join"," ",["slice",1,["split"," ","_."]]],"_."]';
const PHONE_SPACE = '["if",["matches","+* *","_."],["join"," ",["slice",1,["split"," ","_."]]],"_."]';

const TABLE: Record<string, DocumentedCases> = {
  '["if",["neq","_.","X"],["integer","_."],["string","_."]]': {
    branches: [
      b('42', 42, 'not "X": integer of the string'),
      b(7, 7, 'not "X": an integer stays an integer'),
      b(12.5, 12, 'a JSON fraction enters as a decimal; integer truncates it'),
      b('abc', null, 'not "X": integer drops what does not convert, a single value gives null'),
      b('X', 'X', '"X": string of it'),
      b(null, null, 'null is [] and neq(null, "X") is true: integer(null) is null'),
    ],
    back: [back(42, 42, AS_IS), back('X', 'X', AS_IS)],
  },
  '["replace"," ","",["string","_."]]': {
    branches: [
      b('+47 22 22 22 22', '+4722222222', 'every space removed'),
      b(12345, '12345', 'string first, so a number is not dropped by replace'),
      b('', '', 'nothing to replace'),
      b(null, null, 'string(null) is null'),
    ],
    back: [back('+4722222222', undefined, NOT_WRITTEN)],
  },
  [PHONE]: {
    branches: [
      b('+47 22 22 22 22', '22 22 22 22', 'starts with "+": the first space-separated part is dropped'),
      b('+47', '', 'starts with "+" and has no space: join of [] is ""'),
      b('22 22 22 22', '22 22 22 22', 'no "+": the value as it is'),
      b(4722, 4722, 'not a string: matches is false, the value as it is'),
      b(null, null, 'matches(null) is false: null as it is'),
    ],
    back: [back('22 22 22 22', undefined, NOT_WRITTEN)],
  },
  [PHONE_SPACE]: {
    branches: [
      b('+47 22 22', '22 22', 'starts with "+" and holds a space: the first part is dropped'),
      b('+47', '+47', 'no space: the value as it is'),
      b('22 22', '22 22', 'no "+": the value as it is'),
      b(null, null, 'matches(null) is false: null as it is'),
    ],
    back: [back('22 22', undefined, NOT_WRITTEN)],
  },
  '["if",["or",["is-empty","_."],["eq","","_."]],"-","_."]': {
    branches: [
      b(null, '-', 'is-empty(null) is true'),
      b('', '-', 'is-empty("") is false, but eq("", "") is true'),
      b([], '-', 'is-empty([]) is true'),
      b('abc', 'abc', 'a value: as it is'),
      b(0, 0, '0 is a value (DTL truthiness), not empty'),
    ],
    back: [back('-', null, '"-" goes back as null, the absence it stands for'), back('abc', 'abc', AS_IS)],
  },
  '["if",["is-decimal","_."],["decimal","_."],["integer","_."]]': {
    branches: [
      b(12.5, '12.5', 'a JSON fraction enters as a decimal: decimal of it, leaving as a string'),
      b(12, 12, 'an integer: integer of it'),
      b('12', 12, 'a string is no decimal: integer parses it'),
      b('12.5', null, 'a string is no decimal, and integer("12.5") does not convert'),
      b(null, null, 'integer(null) is null'),
    ],
    back: [back('12.5', '12.5', AS_IS), back(12, 12, AS_IS)],
  },
  '["integer",["decimal","_."]]': {
    branches: [
      b('12.7', 12, 'decimal of the string, truncated'),
      b(12.7, 12, 'a decimal, truncated'),
      b('-3.9', -3, 'truncated toward zero'),
      b(5, 5, 'an integer stays'),
      b('abc', null, 'decimal("abc") does not convert'),
      b(true, null, 'a boolean is not a number'),
    ],
    back: [back(12, 12, AS_IS)],
  },
  '["string",["integer",["decimal","_."]]]': {
    branches: [
      b('12.7', '12', 'decimal, truncated to an integer, as a string'),
      b(5, '5', 'an integer as a string'),
      b('abc', null, 'decimal("abc") does not convert'),
    ],
    back: [back('12', '12', AS_IS)],
  },
  '["datetime-parse","%Y-%m-%dT%H:%M:%S.%fZ","_."]': {
    branches: [
      b('2015-07-28T09:46:00.12345Z', '2015-07-28T09:46:00.12345Z', 'the documented example: five fraction digits'),
      b('2015-07-28T09:46:00Z', null, 'no fraction: the string does not match the format'),
      b(20150728, null, 'not a string'),
    ],
    back: [
      back('2015-07-28T09:46:00.12345Z', '2015-07-28T09:46:00.123450Z', 'formatted back with the same format (%f is six digits)'),
      back('yesterday', 'error', 'not a datetime: a ConversionError, nothing written'),
    ],
  },
  '["if",["gt",["abs",["datetime-diff","year","_.",["now"]]],100],"1935-01-01",["datetime-format","%Y-%m-%d","_."]]': {
    branches: [
      b('1900-01-01', '1935-01-01', 'more than 100 years before now'),
      b('1990-05-17T08:00:00Z', '1990-05-17', 'less than 100 years: the date'),
      b('not a date', null, 'not a datetime: datetime-diff is null, gt(null, 100) false, datetime-format ignores it'),
      b(null, null, 'null: not a datetime'),
    ],
    back: [back('1990-05-17', undefined, NOT_WRITTEN)],
  },
  '["if",["is-boolean",["boolean","_."]],["boolean","_."],["string","_."]]': {
    branches: [
      b('true', true, 'a boolean string: boolean of it'),
      b('FALSE', false, 'any case'),
      b(false, false, 'a boolean stays'),
      b('yes', 'yes', 'not a boolean: string of it'),
      b(12, '12', 'a number is not a boolean: string of it'),
      b(null, null, 'string(null) is null'),
    ],
    back: [back(true, true, AS_IS), back('yes', 'yes', AS_IS)],
  },
  '["if",["is-decimal","_."],["decimal","_."],["float",["decimal","_."]]]': {
    branches: [
      b(12.5, '12.5', 'a decimal: decimal of it, as a string'),
      b('12.5', 12.5, 'a string: float of its decimal'),
      b(12, 12, 'an integer: float of its decimal'),
      b('abc', null, 'decimal("abc") does not convert'),
    ],
    back: [back(12.5, 12.5, AS_IS)],
  },
  '["if-null",["integer",["string","_."]],["decimal","_."]]': {
    branches: [
      b('42', 42, 'integer of the string'),
      b(42, 42, 'integer of "42"'),
      b(12.5, '12.5', 'integer("12.5") is null, so decimal of the value'),
      b('abc', null, 'neither converts'),
    ],
    back: [back(42, 42, AS_IS)],
  },
  '["decimal","_."]': {
    branches: [
      b('19.90', '19.90', 'the scale is kept'),
      b(12, '12', 'an integer as a decimal'),
      b(0.1, '0.1', 'a JSON fraction is a decimal of its digits'),
      b('abc', null, 'does not convert'),
    ],
    back: [back('19.90', '19.90', AS_IS)],
  },
  '["first","_."]': {
    branches: [
      b(['a', 'b'], 'a', 'the first element'),
      b('x', 'x', 'not a list: the value itself'),
      b([], null, 'an empty list gives null'),
    ],
    back: [back('a', undefined, NOT_WRITTEN)],
  },
  '["list","_."]': {
    branches: [
      b('a', ['a'], 'a list of the value'),
      b(['a'], [['a']], 'no flattening'),
      b(null, [null], 'a list holding null'),
    ],
    back: [back(['a'], undefined, NOT_WRITTEN)],
  },
  '["if",["is-empty","_."],true,["boolean","_."]]': {
    branches: [
      b(null, true, 'is-empty(null)'),
      b([], true, 'is-empty([])'),
      b('false', false, 'boolean of the string'),
      b('TRUE', true, 'any case'),
      b('', null, 'is-empty("") is false, and boolean("") does not convert'),
    ],
    back: [back(true, null, 'true goes back as null, the absence it stands for'), back(false, false, AS_IS)],
  },
  '["if",["is-null","_.global-property:DefaultValue"],["integer","_."]]': {
    branches: [
      b('42', 42, 'a string has no such property: is-null is true, integer of the value'),
      b(null, null, 'integer(null) is null'),
      b({ 'global-property:DefaultValue': 1 }, null, 'the property is there: no ELSE gives null'),
    ],
    back: [back(42, undefined, NOT_WRITTEN)],
  },
};

const INSTANT = new Date('2024-03-05T10:20:30Z');

/** `["datetime-format", FORMAT, "_."]` for any format: the expectation from the older, separate strftime of runtime/strftime.ts. */
function datetimeFormatCases(format: string, reverse: Reverse): DocumentedCases {
  const text = formatDatetime(INSTANT, format);
  return {
    branches: [
      b('2024-03-05T10:20:30Z', text, 'an ISO 8601 string enters as a datetime where datetime-format takes the value'),
      b('2024-03-05T12:20:30+02:00', text, 'the offset is applied: formatted in UTC'),
      b('not a date', null, 'not a datetime: ignored'),
      b(42, null, 'a number is not a datetime'),
      b(null, null, 'null'),
    ],
    back:
      reverse.kind === 'parse'
        ? [back(text, '2024-03-05T10:20:30Z', 'parsed back with the same format'), back('not a date', 'error', 'does not match the format: a ConversionError')]
        : [back(text, undefined, NOT_WRITTEN)],
  };
}

export function documentedCases(text: string, reverse: Reverse): DocumentedCases | null {
  const known = TABLE[text];
  if (known) return known;
  const format = /^\["datetime-format",("(?:[^"\\]|\\.)*"),"_\."\]$/.exec(text);
  if (format) return datetimeFormatCases(JSON.parse(format[1]!) as string, reverse);
  return null;
}

/** The readings with hand-written cases (for the test that checks the corpus is covered). */
export const DOCUMENTED_READINGS = Object.keys(TABLE);
