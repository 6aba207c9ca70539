import { describe, expect, it } from 'vitest';
import { parseDataType } from '../../../generator/extract/data-type.js';

describe('parseDataType', () => {
  const cases: [string, { kind: string; format?: string; unknown?: boolean; expression?: unknown }][] = [
    ['"string"', { kind: 'string' }],
    ['"integer"', { kind: 'integer' }],
    ['"float"', { kind: 'float' }],
    ['"decimal"', { kind: 'decimal' }],
    ['"boolean"', { kind: 'boolean' }],
    ['"list"', { kind: 'list' }],
    ['N/A', { kind: 'any' }],
    ['"datetime-format","%Y-%m-%d","_."]', { kind: 'datetime', format: '%Y-%m-%d', expression: ['datetime-format', '%Y-%m-%d', '_.'] }],
    ['["datetime-format","%Y-%m-%d","_."]', { kind: 'datetime', format: '%Y-%m-%d', expression: ['datetime-format', '%Y-%m-%d', '_.'] }],
    [
      '"datetime-parse", "%Y-%m-%dT%H:%M:%S.%fZ"',
      { kind: 'datetime', format: '%Y-%m-%dT%H:%M:%S.%fZ', expression: ['datetime-parse', '%Y-%m-%dT%H:%M:%S.%fZ', '_.'] },
    ],
    ['"if", "neq", "_.", "X"], "integer", "string"]', { kind: 'expression', expression: ['if', ['neq', '_.', 'X'], ['integer', '_.'], ['string', '_.']] }],
    ['"replace"," ","", "string"]', { kind: 'expression', expression: ['replace', ' ', '', ['string', '_.']] }],
    ['["if",["or",["is-empty","_."],["eq","","_."]],"-","_."]', { kind: 'expression', expression: ['if', ['or', ['is-empty', '_.'], ['eq', '', '_.']], '-', '_.'] }],
    ['"integer", "decimal"]', { kind: 'expression', expression: ['integer', ['decimal', '_.']] }],
    ['"first"', { kind: 'expression', expression: ['first', '_.'] }],
    ['"money"', { kind: 'expression', unknown: true }],
    ['string', { kind: 'expression', unknown: true }],
    ['', { kind: 'expression', unknown: true }],
  ];
  it.each(cases)('%s', (given, { kind, format, unknown = false, expression }) => {
    const parsed = parseDataType(` ${given} `);
    expect(parsed.type).toEqual({ raw: given, kind, ...(format !== undefined ? { format } : {}), ...(expression !== undefined ? { expression } : {}) });
    expect(parsed.unknown).toBe(unknown);
  });
});

describe('parseDataType findings', () => {
  it('a cell with no reading keeps today\'s pass-through and says why, with the offset of the problem', () => {
    const parsed = parseDataType('["lower", "_."]');
    expect(parsed.type).toEqual({ raw: '["lower", "_."]', kind: 'expression' });
    expect(parsed.unknown).toBe(false);
    expect(parsed.findings).toEqual([
      { code: 'dtl-reading', message: expect.stringContaining('"lower" is not a DTL function dataflow compiles'), offset: 1 },
    ]);
  });
});
