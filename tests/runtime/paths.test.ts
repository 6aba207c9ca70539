import { describe, expect, it } from 'vitest';
import { readPath, writePath } from '../../runtime/paths.js';
import type { PathSpec } from '../../runtime/flow.js';

const spec = (path: string, ...conditions: [string, string][]): PathSpec => ({
  path: path.split('.'),
  conditions: conditions.map(([value, field]) => ({ value, field: field === '' ? [] : field.split('.') })),
});

describe('readPath', () => {
  const cases: [string, { record: unknown; spec: PathSpec; want: unknown }][] = [
    ['plain key', { record: { phone: '1' }, spec: spec('phone'), want: '1' }],
    ['nested', { record: { a: { b: { c: 3 } } }, spec: spec('a.b.c'), want: 3 }],
    ['missing', { record: { a: {} }, spec: spec('a.b.c'), want: undefined }],
    ['first list element without condition', { record: { a: [{ b: 1 }, { b: 2 }] }, spec: spec('a.b'), want: 1 }],
    [
      'list element picked by condition',
      {
        record: { phone_numbers: [{ name: 'x', number: '1' }, { name: 'wd:Q17517', number: '2' }] },
        spec: spec('phone_numbers.number', ['wd:Q17517', 'phone_numbers.name']),
        want: '2',
      },
    ],
    [
      'no element meets the condition',
      { record: { phone_numbers: [{ name: 'x', number: '1' }] }, spec: spec('phone_numbers.number', ['y', 'phone_numbers.name']), want: undefined },
    ],
    ['condition on the record itself holds', { record: { id: 7, type: 'wd:Q1' }, spec: spec('id', ['wd:Q1', 'type']), want: 7 }],
    ['condition on the record itself fails', { record: { id: 7, type: 'other' }, spec: spec('id', ['wd:Q1', 'type']), want: undefined }],
    ['empty value matches a missing field', { record: { a: [{ v: 1 }] }, spec: spec('a.v', ['', 'a.k']), want: 1 }],
    ['empty field is no condition', { record: { a: 1 }, spec: spec('a', ['x', '']), want: 1 }],
    [
      'glued conditions on one field are alternatives',
      { record: { C: { Two: 'SE' } }, spec: spec('C.Two', ['NO', 'C.Two'], ['SE', 'C.Two']), want: 'SE' },
    ],
    ['numbers compare to condition text', { record: { a: [{ k: 5, v: 'x' }] }, spec: spec('a.v', ['5', 'a.k']), want: 'x' }],
    ['prototype names are not read', { record: {}, spec: spec('constructor'), want: undefined }],
    ['$ names', { record: { $original_id: 'o' }, spec: spec('$original_id'), want: 'o' }],
  ];
  it.each(cases)('%s', (_name, { record, spec: s, want }) => {
    expect(readPath(record, s)).toEqual(want);
  });
});

describe('writePath', () => {
  const cases: [string, { record: Record<string, unknown>; spec: PathSpec; value: unknown; want: unknown }][] = [
    ['plain key', { record: {}, spec: spec('a'), value: 1, want: { a: 1 } }],
    ['creates nested objects', { record: {}, spec: spec('a.b.c'), value: 1, want: { a: { b: { c: 1 } } } }],
    ['keeps siblings', { record: { a: { x: 1 } }, spec: spec('a.b'), value: 2, want: { a: { x: 1, b: 2 } } }],
    [
      'creates the list element a condition selects',
      {
        record: {},
        spec: spec('phone_numbers.number', ['wd:Q17517', 'phone_numbers.name']),
        value: '2',
        want: { phone_numbers: [{ name: 'wd:Q17517', number: '2' }] },
      },
    ],
    [
      'updates the selected element only',
      {
        record: { phone_numbers: [{ name: 'x', number: '1' }, { name: 'y', number: '2' }] },
        spec: spec('phone_numbers.number', ['y', 'phone_numbers.name']),
        value: '3',
        want: { phone_numbers: [{ name: 'x', number: '1' }, { name: 'y', number: '3' }] },
      },
    ],
    ['sets a record-level condition', { record: {}, spec: spec('id', ['wd:Q1', 'type']), value: 5, want: { type: 'wd:Q1', id: 5 } }],
    ['removing deletes the value', { record: { a: { b: 1, c: 2 } }, spec: spec('a.b'), value: undefined, want: { a: { c: 2 } } }],
    ['removing creates nothing', { record: {}, spec: spec('a.b', ['x', 'a.k']), value: undefined, want: {} }],
    ['the value wins over a condition on itself', { record: {}, spec: spec('C.Two', ['NO', 'C.Two']), value: 'SE', want: { C: { Two: 'SE' } } }],
  ];
  it.each(cases)('%s', (_name, { record, spec: s, value, want }) => {
    writePath(record, s, value);
    expect(record).toEqual(want);
  });

  it('never writes into the prototype', () => {
    const record: Record<string, unknown> = {};
    writePath(record, spec('__proto__.polluted'), 'yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(record)).toEqual(['__proto__']);
  });

  it('reads back what it wrote', () => {
    const s = spec('phone_numbers.number', ['wd:Q17517', 'phone_numbers.name']);
    const record: Record<string, unknown> = { phone_numbers: [{ name: 'other', number: '0' }] };
    writePath(record, s, '42');
    expect(readPath(record, s)).toBe('42');
  });
});
