import { describe, expect, it } from 'vitest';
import {
  camelIdentifier,
  commentText,
  createNamer,
  fileStem,
  pascalIdentifier,
  propertyKey,
  stringLiteral,
  valueLiteral,
} from '../../generator/naming.js';

describe('identifiers', () => {
  const cases: [string, { camel: string; pascal: string; stem: string }][] = [
    ['HubSpot Deal to Tripletex Order', { camel: 'hubspotDealToTripletexOrder', pascal: 'HubspotDealToTripletexOrder', stem: 'hubspot-deal-to-tripletex-order' }],
    ['Customers (human data)', { camel: 'customersHumanData', pascal: 'CustomersHumanData', stem: 'customers-human-data' }],
    ['365 Days', { camel: '_365Days', pascal: '_365Days', stem: '365-days' }],
    ['class', { camel: 'class_', pascal: 'Class', stem: 'class' }],
    ['Kundé 客户', { camel: 'kund', pascal: 'Kund', stem: 'kund' }],
    ['客户', { camel: 'fallback', pascal: 'fallback', stem: 'fallback' }],
    ['${x}`*/\n"', { camel: 'x', pascal: 'X', stem: 'x' }],
  ];
  it.each(cases)('%j', (text, want) => {
    expect(camelIdentifier(text, 'fallback')).toBe(want.camel);
    expect(pascalIdentifier(text, 'fallback')).toBe(want.pascal);
    expect(fileStem(text, 'fallback')).toBe(want.stem);
  });

  it('hands out unique names and never a reserved one', () => {
    const namer = createNamer(['readPath']);
    expect(namer.unique('readPath')).toBe('readPath2');
    expect(namer.unique('a')).toBe('a');
    expect(namer.unique('a')).toBe('a2');
  });
});

describe('literals and comments', () => {
  const strings: [string, string][] = [
    ['plain', `'plain'`],
    [`it's`, `'it\\'s'`],
    ['back`tick${x}', `'back\`tick\${x}'`],
    ['new\nline\r\t', `'new\\nline\\r\\t'`],
    ['a\\b', `'a\\\\b'`],
    ['sep\u2028\u2029', `'sep\\u2028\\u2029'`],
    ['nul\u0000', `'nul\\u0000'`],
    ['Ünïcødé 客户', `'Ünïcødé 客户'`],
  ];
  it.each(strings)('stringLiteral(%j)', (text, want) => {
    expect(stringLiteral(text)).toBe(want);
    // The literal evaluates back to the text, and nothing else.
    expect(new Function(`return ${want};`)()).toBe(text);
  });

  it.each([
    ['name', 'name'],
    ['$original_id', '$original_id'],
    ['first-name', `'first-name'`],
    ['__proto__', `'__proto__'`],
    ['1st', `'1st'`],
  ])('propertyKey(%j)', (name, want) => expect(propertyKey(name)).toBe(want));

  it('comment text cannot end the comment or the line', () => {
    const text = commentText('a */ b\nc\u2028d');
    expect(text).not.toContain('*/');
    expect(text).not.toMatch(/[\n\r\u2028\u2029]/);
  });

  it('value literals keep __proto__ an own property', () => {
    const literal = valueLiteral(JSON.parse('{"__proto__": 1, "a": [null, true, "x"]}'));
    const value = new Function(`return ${literal};`)() as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
  });
});
