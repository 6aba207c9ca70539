/** The points of DTL's semantics that are easy to get wrong, called on the runtime functions directly. */
import { describe, expect, it } from 'vitest';
import * as dtl from '../../../runtime/dtl/index.js';
import { DtlDatetime, DtlDecimal } from '../../../runtime/dtl/values.js';
import { decodeString, encodeJson } from '../../../runtime/dtl/transit.js';
import { ConversionError } from '../../../runtime/convert.js';

const dec = (text: string) => DtlDecimal.parse(text)!;
const t = (text: string) => decodeString(`~t${text}`);

describe('truthiness (argument-types.rst)', () => {
  it('only false, null and [] are false; 0 and "" are true', () => {
    expect([false, null, []].map(dtl.truthy)).toEqual([false, false, false]);
    expect([0n, 0, '', 'false', [null], dec('0')].map(dtl.truthy)).toEqual([true, true, true, true, true, true]);
  });
  it('if without ELSE gives null', () => {
    expect(dtl.if_(false, 'x')).toBeNull();
    expect(dtl.if_('', 'x', 'y')).toBe('x');
  });
});

describe('lists, nulls and non-matching types', () => {
  it('is-empty("") is false, is-empty(null) and is-empty([]) true', () => {
    expect(dtl.isEmpty('')).toBe(false);
    expect(dtl.isEmpty(null)).toBe(true);
    expect(dtl.isEmpty([])).toBe(true);
  });
  it('eq/neq coerce to lists and compare whole lists', () => {
    expect(dtl.eq('', [''])).toBe(true);
    expect(dtl.eq(['a', 'b'], ['a'])).toBe(false);
    expect(dtl.neq(null, [])).toBe(false);
    expect(dtl.eq(1n, dec('1.00'))).toBe(true);
    expect(dtl.eq('1', 1n)).toBe(false);
  });
  it('is-* look at the first element only', () => {
    expect(dtl.isNull([null, 123n])).toBe(true);
    expect(dtl.isDecimal([dec('1.5'), 'x'])).toBe(true);
    expect(dtl.isDecimal(1.5)).toBe(false); // a float
    expect(dtl.isBoolean(['x', true])).toBe(false);
  });
  it('casts map over lists and drop what does not convert; a single value gives null', () => {
    expect(dtl.integer(['1', 'x', null, 2.9, dec('-3.7')])).toEqual([1n, 2n, -3n]);
    expect(dtl.integer('x')).toBeNull();
    expect(dtl.integer('12.5')).toBeNull();
    expect(dtl.boolean(1n)).toBeNull();
    expect(dtl.string(null)).toBeNull();
  });
  it('gt compares the first values', () => {
    expect(dtl.gt([5n, 1n], 4n)).toBe(true);
    expect(dtl.gt(null, 100n)).toBe(false);
    expect(dtl.gt(dec('100.5'), 100n)).toBe(true);
  });
  it('matches is a whole-string glob over all values', () => {
    expect(dtl.matches('+*', '+47 22')).toBe(true);
    expect(dtl.matches('+*', 'x+47')).toBe(false);
    expect(dtl.matches('+* *', '+4722')).toBe(false);
    expect(dtl.matches('a?c', 'abc')).toBe(true);
    expect(dtl.matches('a.c', 'abc')).toBe(false); // no regular expression leaks through
    expect(dtl.matches('*', [1n])).toBe(false);
  });
  it('join of [] is "", slice follows Python', () => {
    expect(dtl.join(' ', dtl.slice(1n, dtl.split(' ', '+47')))).toBe('');
    expect(dtl.join(' ', dtl.slice(1n, dtl.split(' ', '+47 22 22')))).toBe('22 22');
    expect(dtl.slice(-2n, [1n, 2n, 3n])).toEqual([2n, 3n]);
    expect(dtl.slice(0n, -1n, -1n, [1n, 2n, 3n])).toEqual([]);
    expect(dtl.slice(-1n, null, -1n, [1n, 2n, 3n])).toEqual([3n, 2n, 1n]);
  });
  it('replace ignores non-strings (so specs apply string first)', () => {
    expect(dtl.replace(' ', '', 12345n)).toBeNull();
    expect(dtl.replace(' ', '', dtl.string(12345n))).toBe('12345');
    expect(dtl.replace(' ', '', ['a b', 1n])).toEqual(['ab']);
  });
});

describe('three number types', () => {
  it('integers are unbounded', () => {
    expect(dtl.integer('79267961763742113019008347020647561319')).toBe(79267961763742113019008347020647561319n);
  });
  it('decimals keep their scale and every digit', () => {
    expect(String(dtl.decimal('12.50'))).toBe('12.50');
    expect(String(dtl.decimal('0.1000000000000000000000000000001'))).toBe('0.1000000000000000000000000000001');
    expect(String(dtl.decimal('1E2'))).toBe('100');
    expect(String(dtl.abs(dec('-2.230')))).toBe('2.230');
  });
  it('floats are doubles, printed the Python way', () => {
    expect(dtl.float('0.1')).toBe(0.1);
    expect(dtl.string(1.0)).toBe('1.0');
    expect(dtl.string(124.4)).toBe('124.4');
    expect(dtl.integer(-2.5)).toBe(-2n); // truncated toward zero
  });
});

describe('datetimes', () => {
  it('datetime-format ignores what is not a datetime (an ISO string is a string)', () => {
    expect(dtl.datetimeFormat('%Y', '2024-01-01T00:00:00Z')).toBeNull();
    expect(dtl.datetimeFormat('%Y-%m-%d', t('2024-02-29T23:59:59.999999999Z'))).toBe('2024-02-29');
  });
  it('keeps nanoseconds; %f prints microseconds', () => {
    const d = t('2015-07-28T09:46:00.123456789Z') as DtlDatetime;
    expect(d.ns % 1_000_000_000n).toBe(123456789n);
    expect(encodeJson(d)).toBe('"~t2015-07-28T09:46:00.123456789Z"');
    expect(dtl.datetimeFormat('%S.%f', d)).toBe('00.123456');
  });
  it('datetime-diff is START minus END, truncated toward zero', () => {
    expect(dtl.datetimeDiff('year', t('2016-03-01'), t('2015-04-01'))).toBe(0n);
    expect(dtl.datetimeDiff('week', t('2015-01-09'), t('2015-01-01'))).toBe(1n);
    expect(dtl.datetimeDiff('day', t('2015-01-01'), t('2015-01-02T12:00:00Z'))).toBe(-1n);
    expect(dtl.datetimeDiff('year', 'x', t('2015-01-01'))).toBeNull();
  });
  it('datetime-parse needs an exact match', () => {
    expect(dtl.datetimeParse('%Y-%m-%dT%H:%M:%S.%fZ', '2024-01-01T10:00:00Z')).toBeNull();
    expect(dtl.datetimeParse('%Y-%m-%d', '2024-02-30')).toBeNull();
    expect(String(dtl.datetimeParse('%d.%m.%y', '01.02.69'))).toBe('1969-02-01T00:00:00Z');
  });
  it('now is a datetime close to the clock', () => {
    const now = dtl.now();
    expect(now).toBeInstanceOf(DtlDatetime);
    expect(Math.abs(now.millis - Date.now())).toBeLessThan(60_000);
  });
});

describe('transit encoding', () => {
  it('~f is a decimal, ~t a datetime, other tags and bad values stay strings', () => {
    expect(decodeString('~f1.5')).toBeInstanceOf(DtlDecimal);
    expect(decodeString('~t2024-01-01T00:00:00Z')).toBeInstanceOf(DtlDatetime);
    expect(decodeString('~t2024-01-01T00:00:00')).toBe('~t2024-01-01T00:00:00'); // Z is required
    expect(decodeString('~dfoo')).toBe('~dfoo');
    expect(dtl.string(decodeString('~rhttp://x/'))).toBe('http://x/');
  });
});

describe('the boundary of a generated flow', () => {
  it('system JSON enters the way Sesam reads JSON: 12 integer, 12.5 decimal, ISO strings only where a datetime is taken', () => {
    expect(dtl.enter(12)).toBe(12n);
    expect(dtl.isDecimal(dtl.enter(12.5))).toBe(true);
    expect(dtl.enter('2024-01-01T10:00:00Z')).toBe('2024-01-01T10:00:00Z');
    expect(String(dtl.enterDatetime('2024-01-01T12:00:00+02:00'))).toBe('2024-01-01T10:00:00Z');
    expect(dtl.enterDatetime('not a date')).toBe('not a date');
    expect(dtl.enter(undefined)).toBeNull();
  });
  it('keys like __proto__ stay data both ways', () => {
    const entered = dtl.enter(JSON.parse('{"__proto__": {"polluted": 1}}'));
    const left = dtl.leave(entered, dtl.DICT, '"x"') as Record<string, unknown>;
    expect(Object.keys(left)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('results leave as JSON: decimals as strings with their scale, integers as numbers, datetimes as ISO strings', () => {
    expect(dtl.leave(dec('12.50'), dtl.DECIMAL, 'x')).toBe('12.50');
    expect(dtl.leave(5n, dtl.INTEGER, 'x')).toBe(5);
    expect(dtl.leave(t('2024-01-01T00:00:00.5Z'), dtl.DATETIME, 'x')).toBe('2024-01-01T00:00:00.5Z');
  });
  it('a result the target type cannot hold is a ConversionError, not a rounded or mistyped value', () => {
    expect(() => dtl.leave(2n ** 60n, dtl.INTEGER, '"integer"', 'n (line 3)')).toThrow(ConversionError);
    expect(() => dtl.leave([1n], dtl.INTEGER | dtl.NULL, '"integer"')).toThrow(ConversionError);
  });
});
