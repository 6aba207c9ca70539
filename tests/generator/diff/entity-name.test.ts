import { describe, expect, it } from 'vitest';
import { bareEntity, entityStem } from '../../../generator/diff/entity-name.js';

describe('bareEntity', () => {
  const cases: [string, { label: string; system: string; systems: string[]; want: string }][] = [
    ['the usual label', { label: 'Invoiced Customers (human data)', system: 'Invoiced', systems: ['Invoiced'], want: 'Customers (human data)' }],
    ['another spelling of the system', { label: 'Businesscentral Items', system: 'Business Central', systems: ['Business Central'], want: 'Items' }],
    ['the longer system name first', { label: 'Custom HRM Department', system: 'Custom', systems: ['Custom HRM', 'Custom'], want: 'Department' }],
    ['case differs', { label: 'Crmoffice Companies', system: 'CRMOffice', systems: ['CRMOffice'], want: 'Companies' }],
    ['empty system', { label: 'Accounts', system: '', systems: [''], want: 'Accounts' }],
    ['a system that is only a prefix of a word is not stripped', { label: 'Wavelength Items', system: 'Wave', systems: ['Wave'], want: 'Wavelength Items' }],
  ];
  it.each(cases)('%s', (_, { label, system, systems, want }) => {
    expect(bareEntity({ label, system, entity: label }, systems)).toBe(want);
  });

  it('stems an entity by its first word', () => {
    expect(entityStem('Customers (human data)')).toBe(entityStem('Customers person'));
    expect(entityStem('Employees')).not.toBe(entityStem('Suppliers (human data)'));
  });
});
