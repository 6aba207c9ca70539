import { describe, expect, it } from 'vitest';
import { parsePropertyRef } from '../../../generator/extract/property-ref.js';

describe('parsePropertyRef', () => {
  const cases: [string, { given: string; path: string[]; conditions: { value: string; field: string[] }[]; problems?: number }][] = [
    ['plain name', { given: 'phone', path: ['phone'], conditions: [] }],
    ['dot path', { given: ' deliveryAddress.country.id ', path: ['deliveryAddress', 'country', 'id'], conditions: [] }],
    ['special name', { given: '$original_id', path: ['$original_id'], conditions: [] }],
    [
      'one condition',
      {
        given: 'phone_numbers.number (Dependant on having wd:Q17517 in phone_numbers.name)',
        path: ['phone_numbers', 'number'],
        conditions: [{ value: 'wd:Q17517', field: ['phone_numbers', 'name'] }],
      },
    ],
    ['empty value', { given: 'id (Dependant on having  in type)', path: ['id'], conditions: [{ value: '', field: ['type'] }] }],
    ['empty field', { given: 'id (Dependant on having wd:Q214339 in )', path: ['id'], conditions: [{ value: 'wd:Q214339', field: [] }] }],
    [
      'glued conditions',
      {
        given: 'code (Dependant on having NO in Country.TwoLetterISOCountryDependant on having wd:Q11994066 in Country.TwoLetterISOCountry)',
        path: ['code'],
        conditions: [
          { value: 'NO', field: ['Country', 'TwoLetterISOCountry'] },
          { value: 'wd:Q11994066', field: ['Country', 'TwoLetterISOCountry'] },
        ],
      },
    ],
    [
      'glued, empty value and field',
      {
        given: 'x (Dependant on having wd:Q43229 in Dependant on having wd:Q43229 in )',
        path: ['x'],
        conditions: [
          { value: 'wd:Q43229', field: [] },
          { value: 'wd:Q43229', field: [] },
        ],
      },
    ],
    ['empty cell', { given: '', path: [], conditions: [] }],
    ['condition without "in"', { given: 'x (Dependant on having NO)', path: ['x'], conditions: [{ value: 'NO', field: [] }], problems: 1 }],
    ['path with a space', { given: 'first name', path: ['first name'], conditions: [], problems: 1 }],
  ];
  it.each(cases)('%s', (_name, { given, path, conditions, problems = 0 }) => {
    const parsed = parsePropertyRef(given);
    expect(parsed.ref).toEqual({ raw: given.trim(), path, conditions });
    expect(parsed.problems).toHaveLength(problems);
  });
});
