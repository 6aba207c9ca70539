import { describe, expect, it } from 'vitest';
import { systemHintsOf } from '../../../generator/extract/file-name.js';
import { splitFlowTitle } from '../../../generator/extract/flow-title.js';
import { splitLabel } from '../../../generator/extract/label.js';
import { parseTitle } from '../../../generator/extract/title.js';

describe('parseTitle', () => {
  const cases: [string, [string, string] | null][] = [
    ['Invoiced to CRMOffice Dataflow', ['Invoiced', 'CRMOffice']],
    ['PowerOffice GO to Business Central Dataflow', ['PowerOffice GO', 'Business Central']],
    ['Business Central to  Dataflow', ['Business Central', '']],
    ['HubSpot to HubSpot Dataflow', ['HubSpot', 'HubSpot']],
    ['Invoiced and CRMOffice', null],
  ];
  it.each(cases)('%s', (given, want) => {
    const got = parseTitle(given);
    expect(got && [got.source, got.target]).toEqual(want);
  });
});

describe('splitFlowTitle', () => {
  const cases: [string, string, string, [string, string] | null][] = [
    ['Invoiced Items to CRMOffice Companies', 'Invoiced', 'CRMOffice', ['Invoiced Items', 'CRMOffice Companies']],
    ['Business Central Items to  Inventory', 'Business Central', '', ['Business Central Items', 'Inventory']],
    ['A Things to do to B Tasks', 'A', 'B', ['A Things to do', 'B Tasks']],
    ['Invoiced Customers (human data) to CRMOffice Contacts', 'Invoiced', 'CRMOffice', ['Invoiced Customers (human data)', 'CRMOffice Contacts']],
    ['Introduction', 'A', 'B', null],
  ];
  it.each(cases)('%s', (given, source, target, want) => {
    const got = splitFlowTitle(given, source, target);
    expect(got && [got.source, got.target]).toEqual(want);
  });
});

describe('splitLabel', () => {
  const cases: [string, string, string, { entity: string; match: string }][] = [
    ['Invoiced Customers (human data)', 'Invoiced', '', { entity: 'Customers (human data)', match: 'exact' }],
    ['PowerOffice GO Customers person', 'PowerOffice GO', '', { entity: 'Customers person', match: 'exact' }],
    ['Powerofficego Customers', 'PowerOffice GO', '', { entity: 'Customers', match: 'loose' }],
    ['Wave Customer', 'Wave Financial', '', { entity: 'Customer', match: 'short' }],
    ['Contacts', 'Exact', '', { entity: 'Contacts', match: 'none' }],
    ['Inventory', '', 'squarespace', { entity: 'Inventory', match: 'exact' }],
    ['HubSpot Company', '', 'hubspot', { entity: 'Company', match: 'hint' }],
  ];
  it.each(cases)('%s (system %j)', (label, system, hint, want) => {
    const got = splitLabel(label, system, hint);
    expect({ entity: got.side.entity, match: got.match }).toEqual(want);
    expect(got.side.system).toBe(system);
    expect(got.side.label).toBe(label);
  });
});

describe('systemHintsOf', () => {
  it.each([
    ['specs/businesscentral-squarespace.rst', { source: 'businesscentral', target: 'squarespace' }],
    ['x/asana-hubspot@2023-11-30@a1ef409c400c.rst', { source: 'asana', target: 'hubspot' }],
    ['odd.rst', { source: '', target: '' }],
  ])('%s', (path, want) => {
    expect(systemHintsOf(path)).toEqual(want);
  });
});
