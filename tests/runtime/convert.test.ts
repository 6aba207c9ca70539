import { describe, expect, it } from 'vitest';
import { ConversionError, asBoolean, asDatetime, asDecimal, asFloat, asInteger, asList, asString, convertValue } from '../../runtime/convert.js';

type Converter = (value: unknown) => unknown;

const ok: [string, Converter, unknown, unknown][] = [
  ['string keeps strings', asString, 'a', 'a'],
  ['string from number', asString, 42, '42'],
  ['string from boolean', asString, false, 'false'],
  ['integer from number', asInteger, 42, 42],
  ['integer from string', asInteger, ' 42 ', 42],
  ['integer from "7.0"', asInteger, '7.0', 7],
  ['integer from negative', asInteger, '-3', -3],
  ['float from string', asFloat, '2.5', 2.5],
  ['float from exponent', asFloat, '1e3', 1000],
  ['decimal keeps digits', asDecimal, '0.10000000000000000001', '0.10000000000000000001'],
  ['decimal from number', asDecimal, 2.5, '2.5'],
  ['boolean from "true"', asBoolean, 'TRUE', true],
  ['boolean from "0"', asBoolean, '0', false],
  ['boolean from 1', asBoolean, 1, true],
  ['list from scalar', asList, 'a', ['a']],
  ['list keeps list', asList, [1, 2], [1, 2]],
  ['datetime date only', asDatetime('%Y-%m-%d'), '2024-01-31T10:20:30Z', '2024-01-31'],
  ['datetime full', asDatetime('%Y-%m-%dT%H:%M:%S.%fZ'), '2024-01-31T10:20:30.5Z', '2024-01-31T10:20:30.500000Z'],
  ['null passes', asInteger, null, null],
  ['undefined passes', asString, undefined, undefined],
];

const bad: [string, Converter, unknown][] = [
  ['integer from "abc"', asInteger, 'abc'],
  ['integer from 4.5', asInteger, 4.5],
  ['integer from ""', asInteger, ''],
  ['integer from NaN', asInteger, Number.NaN],
  ['integer beyond safe range', asInteger, '99999999999999999999'],
  ['float from "1,5"', asFloat, '1,5'],
  ['float from Infinity', asFloat, Number.POSITIVE_INFINITY],
  ['boolean from "maybe"', asBoolean, 'maybe'],
  ['string from object', asString, { a: 1 }],
  ['decimal from "x"', asDecimal, 'x'],
  ['datetime from junk', asDatetime('%Y'), 'not a date'],
];

describe('converters', () => {
  it.each(ok)('%s', (_name, convert, value, want) => {
    expect(convert(value)).toEqual(want);
  });
  it.each(bad)('%s is a ConversionError', (_name, convert, value) => {
    expect(() => convert(value)).toThrow(ConversionError);
  });
});

describe('convertValue', () => {
  it('dispatches on the kind and says where', () => {
    expect(convertValue('42', { kind: 'integer', raw: '"integer"' })).toBe(42);
    expect(convertValue({ x: 1 }, { kind: 'any', raw: 'N/A' })).toEqual({ x: 1 });
    expect(() => convertValue('abc', { kind: 'integer', raw: '"integer"' }, 'age (line 9)')).toThrow(
      'cannot convert "abc" to "integer" for age (line 9)',
    );
    expect(convertValue('2024-02-01', { kind: 'datetime', raw: 'x', format: '%d.%m.%Y' })).toBe('01.02.2024');
  });
});
