import { describe, expect, it } from 'vitest';
import { parseDataType } from '../../../generator/extract/data-type.js';

describe('parseDataType', () => {
  const cases: [string, { kind: string; format?: string; unknown?: boolean }][] = [
    ['"string"', { kind: 'string' }],
    ['"integer"', { kind: 'integer' }],
    ['"float"', { kind: 'float' }],
    ['"decimal"', { kind: 'decimal' }],
    ['"boolean"', { kind: 'boolean' }],
    ['"list"', { kind: 'list' }],
    ['N/A', { kind: 'any' }],
    ['"datetime-format","%Y-%m-%d","_."]', { kind: 'datetime', format: '%Y-%m-%d' }],
    ['["datetime-format","%Y-%m-%d","_."]', { kind: 'datetime', format: '%Y-%m-%d' }],
    ['"datetime-parse", "%Y-%m-%dT%H:%M:%S.%fZ"', { kind: 'datetime', format: '%Y-%m-%dT%H:%M:%S.%fZ' }],
    ['"if", "neq", "_.", "X"], "integer", "string"]', { kind: 'expression' }],
    ['"replace"," ","", "string"]', { kind: 'expression' }],
    ['["if",["or",["is-empty","_."],["eq","","_."]],"-","_."]', { kind: 'expression' }],
    ['"integer", "decimal"]', { kind: 'expression' }],
    ['"money"', { kind: 'expression', unknown: true }],
    ['string', { kind: 'expression', unknown: true }],
    ['', { kind: 'expression', unknown: true }],
  ];
  it.each(cases)('%s', (given, { kind, format, unknown = false }) => {
    const parsed = parseDataType(` ${given} `);
    expect(parsed.type).toEqual({ raw: given, kind, ...(format !== undefined ? { format } : {}) });
    expect(parsed.unknown).toBe(unknown);
  });
});
