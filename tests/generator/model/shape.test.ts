import { describe, expect, it } from 'vitest';
import type { PathSpec } from '../../../runtime/flow.js';
import { createShape, WEAK_UNKNOWN } from '../../../generator/model/shape.js';

const p = (path: string, conditions: [string, string][] = []): PathSpec => ({
  path: path.split('.'),
  conditions: conditions.map(([value, field]) => ({ value, field: field.split('.') })),
});

describe('entity shape', () => {
  it('nests dot paths and unions the types of one field', () => {
    const shape = createShape();
    shape.add(p('deliveryAddress.country.id'), 'string');
    shape.add(p('deliveryAddress.country.id'), 'number');
    shape.add(p('$original_id'), 'unknown');
    expect(shape.fields()).toEqual([
      {
        key: 'deliveryAddress',
        type: '{',
        close: '}',
        children: [{ key: 'country', type: '{', close: '}', children: [{ key: 'id', type: 'string | number | null', children: null, close: '' }] }],
      },
      { key: '$original_id', type: 'unknown', children: null, close: '' },
    ]);
  });

  it('makes a list of elements where a condition picks one by a sibling field', () => {
    const shape = createShape();
    shape.add(p('phone_numbers.number', [['wd:Q17517', 'phone_numbers.name']]), 'string');
    expect(shape.fields()).toEqual([
      {
        key: 'phone_numbers',
        type: 'Array<{',
        close: '}>',
        children: [
          { key: 'name', type: 'string | null', children: null, close: '' },
          { key: 'number', type: 'string | null', children: null, close: '' },
        ],
      },
    ]);
  });

  it('a condition on the record itself adds the field, no list', () => {
    const shape = createShape();
    shape.add(p('id', [['wd:Q1', 'type']]), 'number');
    expect(shape.fields().map((f) => [f.key, f.type])).toEqual([
      ['type', 'string | null'],
      ['id', 'number | null'],
    ]);
  });

  it('merge-criterion paths do not widen typed fields', () => {
    const shape = createShape();
    shape.add(p('email'), 'string');
    shape.add(p('email'), WEAK_UNKNOWN);
    shape.add(p('code'), WEAK_UNKNOWN);
    expect(shape.fields().map((f) => f.type)).toEqual(['string | null', 'unknown']);
  });

  it('fields every object inherits stay unknown', () => {
    const shape = createShape();
    shape.add(p('constructor'), 'string');
    expect(shape.fields()[0]!.type).toBe('unknown');
  });
});
