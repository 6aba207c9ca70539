/** What a predicate sees of the fields declared for it: converted to their types, on a copy, nothing else touched. */
import { describe, expect, it } from 'vitest';
import { convertReadField, withReadFields } from '../../runtime/read-fields.js';
import { ConversionError } from '../../runtime/convert.js';
import type { ReadField } from '../../runtime/flow.js';
import { entityPathsOf } from '../../runtime/sync/entity-paths.js';
import { fieldsOf } from '../../runtime/sync/rest/tripletex/fields.js';
import { propertyNames } from '../../runtime/sync/rest/hubspot/objects.js';
import { defineFlow } from './fixtures/define-flow.js';
import { createHarness } from './fixtures/harness.js';
import type { ListOptions } from '../../runtime/sync/adapter.js';

describe('withReadFields', () => {
  const reads: ReadField[] = [
    { path: ['properties', 'hs_deal_stage_probability'], type: 'number' },
    { path: ['properties', 'hs_is_closed_won'], type: 'boolean' },
    { path: ['properties', 'hs_closed_date'], type: 'datetime' },
    { path: ['properties', 'num_notes'], type: 'integer' },
    { path: ['properties', 'hs_priority'], type: 'string' },
    { path: ['properties', 'raw'], type: 'unknown' },
  ];

  it('converts what HubSpot sends as text to the declared types, on a copy', () => {
    const record = {
      id: '1',
      properties: {
        dealname: 'Sold',
        hs_deal_stage_probability: '1.0',
        hs_is_closed_won: 'true',
        hs_closed_date: '2026-02-01T10:00:00Z',
        num_notes: '3',
        hs_priority: 'high',
        raw: '0.5',
      },
    };
    const before = structuredClone(record);
    const seen = withReadFields(record, reads);
    expect(seen).toEqual({
      id: '1',
      properties: {
        dealname: 'Sold',
        hs_deal_stage_probability: 1,
        hs_is_closed_won: true,
        hs_closed_date: '2026-02-01T10:00:00.000Z',
        num_notes: 3,
        hs_priority: 'high',
        raw: '0.5',
      },
    });
    expect(record).toEqual(before);
  });

  it('leaves absent fields absent, takes empty text and null as no value, and passes a record without declarations through', () => {
    expect(withReadFields({ id: 1 }, reads)).toEqual({ id: 1 });
    expect(withReadFields({ id: 1, properties: 'flat' }, reads)).toEqual({ id: 1, properties: 'flat' });
    expect(withReadFields({ properties: { hs_deal_stage_probability: '', hs_is_closed_won: null, hs_priority: '' } }, reads)).toEqual({
      properties: { hs_deal_stage_probability: null, hs_is_closed_won: null, hs_priority: '' },
    });
    const record = { id: 1 };
    expect(withReadFields(record, undefined)).toBe(record);
    expect(withReadFields(record, [])).toBe(record);
  });

  it('a value that is not of its type is a ConversionError naming the field and its declaration', () => {
    expect(() => withReadFields({ properties: { hs_deal_stage_probability: 'high' } }, reads)).toThrow(
      new ConversionError('high', '"number"', 'field properties.hs_deal_stage_probability (declared "number" in the config\'s fields)'),
    );
    expect(() => convertReadField('soon', 'datetime', 'x')).toThrow(ConversionError);
    expect(() => convertReadField('1.5', 'integer', 'x')).toThrow(/to "integer" for x/);
    expect(convertReadField('1704067200000', 'datetime', 'x')).toBe('2024-01-01T00:00:00.000Z');
    expect(convertReadField(42, 'string', 'x')).toBe('42');
  });

  it('a declared field named __proto__ stays an own property of the copy and reaches no prototype', () => {
    const record = JSON.parse('{"__proto__": {"polluted": "1"}, "properties": {"__proto__": "7"}}') as Record<string, unknown>;
    const seen = withReadFields(record, [
      { path: ['__proto__', 'polluted'], type: 'number' },
      { path: ['properties', '__proto__'], type: 'integer' },
    ]);
    expect(Object.getPrototypeOf(seen)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(seen, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getOwnPropertyDescriptor(seen.properties, '__proto__')?.value).toBe(7);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a sync with fields declared for the predicate', () => {
  const dealFlow = (test: (record: Record<string, unknown>) => boolean) => ({
    ...defineFlow({
      source: 'Deal',
      target: 'Order',
      rows: [['properties.closedate', 'deliveryDate']],
      creation: 'when-triggered',
      rules: { trigger: 'When a Deal has a 100% probability', predicate: { name: 'isSold', file: 'predicates/x.ts', test } },
    }),
    reads: [{ path: ['properties', 'hs_deal_stage_probability'], type: 'number' }] as ReadField[],
  });

  it("asks the source for them with the mapped paths, decides on their converted value, and writes them nowhere", async () => {
    const seen: unknown[] = [];
    const flow = dealFlow((deal) => {
      seen.push((deal.properties as Record<string, unknown>).hs_deal_stage_probability);
      return (deal.properties as Record<string, unknown>).hs_deal_stage_probability === 1;
    });
    const deals = [
      { id: 'd1', properties: { closedate: '2026-02-01', hs_deal_stage_probability: '1.0' } },
      { id: 'd2', properties: { closedate: '2026-02-02', hs_deal_stage_probability: '0.6' } },
      { id: 'd3', properties: { closedate: '2026-02-03', hs_deal_stage_probability: 'high' } },
    ];
    const h = createHarness(flow, deals, []);
    const asked: (ListOptions | undefined)[] = [];
    const list = h.left.list.bind(h.left);
    h.left.list = (entity, options) => {
      asked.push(options);
      return list(entity, options);
    };
    const report = await h.sync();
    expect(asked[0]?.paths).toEqual([['id'], ['properties', 'closedate'], ['properties', 'hs_deal_stage_probability']]);
    expect(seen).toEqual([1, 0.6]);
    expect(report.created).toBe(1);
    expect(report.skipped).toBe(1);
    expect(report.errors.map((e) => e.message)).toEqual([
      'predicate isSold failed: cannot convert "high" to "number" for field properties.hs_deal_stage_probability (declared "number" in the config\'s fields)',
    ]);
    expect(h.rightRecords().map((r) => ({ ...r, id: undefined }))).toEqual([{ id: undefined, deliveryDate: '2026-02-01' }]);
    // The source records stay as the system gave them (the predicate saw a converted copy).
    expect(h.leftRecords().map((r) => (r.properties as Record<string, unknown>).hs_deal_stage_probability)).toEqual(['1.0', '0.6', 'high']);
  });
});

describe('the paths a sync asks the systems for', () => {
  it("include the fields a flow's predicate reads, for its source entity only", () => {
    const flow = {
      ...defineFlow({ source: 'Deal', target: 'Order', rows: [['properties.closedate', 'deliveryDate']] }),
      reads: [{ path: ['properties', 'hs_deal_stage_probability'], type: 'number' }] as ReadField[],
    };
    const paths = entityPathsOf([flow]);
    expect(paths.get('Left\u0000Deal')).toEqual([['id'], ['properties', 'closedate'], ['properties', 'hs_deal_stage_probability']]);
    expect(paths.get('Right\u0000Order')).toEqual([['id'], ['deliveryDate']]);
    // HubSpot `properties=`, and Tripletex `fields=` where a Tripletex entity is the source.
    expect(propertyNames(paths.get('Left\u0000Deal'))).toEqual(['closedate', 'hs_deal_stage_probability']);
    const tripletex = entityPathsOf([{ ...defineFlow({ source: 'Order', rows: [['deliveryDate', 'date']] }), reads: [{ path: ['customer', 'name'], type: 'string' }] as ReadField[] }]);
    expect(fieldsOf(tripletex.get('Left\u0000Order')!)).toBe('id,version,changes(timestamp),customer(id,name),deliveryDate');
  });
});

describe('withReadFields through a list', () => {
  it("converts the field in each element of a list container, copying the list", () => {
    const record = { phones: [{ kind: 'work', digits: '22000001' }, 'not an element', { kind: 'home' }] };
    const seen = withReadFields(record, [{ path: ['phones', 'digits'], type: 'integer' }]);
    expect(seen).toEqual({ phones: [{ kind: 'work', digits: 22000001 }, 'not an element', { kind: 'home' }] });
    expect(record.phones[0]).toEqual({ kind: 'work', digits: '22000001' });
  });
});
