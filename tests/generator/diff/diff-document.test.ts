import { describe, expect, it } from 'vitest';
import { diffDocument } from '../../../generator/diff/diff-document.js';
import type { Flow } from '../../../generator/ir.js';
import { doc, flow, type FlowInput } from './build.js';

const S: [string, string] = ['Invoiced', 'CRMOffice'];
const f = (source: string, target: string, input: FlowInput = {}, line = 10): Flow => flow(S, [source, target], input, line);
const rows: [string, string, string][] = [
  ['phone', 'mobilePhone', '"string"'],
  ['name', 'name', '"string"'],
];

/** Each change as `severity rule: message`, the shape the expectations are written in. */
function changes(before: Flow[], after: Flow[], systems: [[string, string], [string, string]] = [S, S]): string[] {
  const diff = diffDocument('x.rst', doc('old.rst', systems[0], before), doc('new.rst', systems[1], after));
  return diff.changes.map((c) => `${c.severity} ${c.rule}: ${c.message}`);
}

describe('diffDocument', () => {
  const cases: [string, { before: Flow[]; after: Flow[]; want: string[] }][] = [
    ['identical documents', { before: [f('Contacts', 'Contacts', { rows })], after: [f('Contacts', 'Contacts', { rows })], want: [] }],
    [
      'flow added and removed',
      {
        before: [f('Contacts', 'Contacts', { rows }), f('Items', 'Companies', { rows: [['id', 'id', '"string"']] })],
        after: [f('Contacts', 'Contacts', { rows }), f('Orders', 'Deals')],
        want: [
          'breaking flow-removed: flow removed (1 property)',
          'compatible flow-added: flow added (0 properties)',
        ],
      },
    ],
    [
      'property rows removed, added, retyped; lines and row order do not matter',
      {
        before: [f('Contacts', 'Contacts', { rows: [['a', 'A', '"integer"'], ['b', 'B', '"string"'], ['c', 'C', '"integer"'], ['d', 'D', '"string"']] })],
        after: [f('Contacts', 'Contacts', { rows: [['d', 'D', '"string"'], ['c', 'C', '"float"'], ['a', 'A', '"string"'], ['e', 'E', 'N/A']] }, 40)],
        want: [
          'breaking property-removed: property removed: b -> B ("string")',
          'compatible type-widened: type changed: c -> C: "integer" -> "float"',
          'breaking type-changed: type changed: a -> A: "integer" -> "string"',
          'compatible property-added: property added: e -> E (N/A)',
        ],
      },
    ],
    [
      'conditions are part of a row identity',
      {
        before: [f('Contacts', 'Contacts', { rows: [['phones.number (Dependant on having wd:Q1 in phones.name)', 'phone', '"string"']] })],
        after: [f('Contacts', 'Contacts', { rows: [['phones.number (Dependant on having wd:Q2 in phones.name)', 'phone', '"string"']] })],
        want: [
          'breaking property-removed: property removed: phones.number (Dependant on having wd:Q1 in phones.name) -> phone ("string")',
          'compatible property-added: property added: phones.number (Dependant on having wd:Q2 in phones.name) -> phone ("string")',
        ],
      },
    ],
    [
      'a duplicated row removed once',
      {
        before: [f('Contacts', 'Contacts', { rows: [['a', 'A', '"string"'], ['a', 'A', '"string"']] })],
        after: [f('Contacts', 'Contacts', { rows: [['a', 'A', '"string"']] })],
        want: ['breaking property-removed: property removed: a -> A ("string")'],
      },
    ],
    [
      'datetime format and expression changes are type changes; expression spacing is not',
      {
        before: [f('Contacts', 'Contacts', { rows: [['d', 'D', '"datetime-format","%Y-%m-%d","_."]'], ['x', 'X', '"replace"," ","", "string"]']] })],
        after: [f('Contacts', 'Contacts', { rows: [['d', 'D', '"datetime-format","%d.%m.%Y","_."]'], ['x', 'X', '"replace", " ","",  "string"]']] })],
        want: ['breaking type-changed: type changed: d -> D: "datetime-format","%Y-%m-%d","_."] -> "datetime-format","%d.%m.%Y","_."]'],
      },
    ],
    [
      'link required / dropped',
      {
        before: [f('Contacts', 'Contacts'), f('Items', 'Companies', { requiresLink: true })],
        after: [f('Contacts', 'Contacts', { requiresLink: true }), f('Items', 'Companies')],
        want: [
          'breaking link-required: a link is now required before anything syncs',
          'compatible link-dropped: a link is no longer required before syncing',
        ],
      },
    ],
    [
      'creation widened, narrowed, opened under a link rule',
      {
        before: [
          f('A', 'A', { requiresLink: true, create: ['Quotealternative'] }),
          f('B', 'B', { requiresLink: true, create: ['Deal', 'Quote'] }),
          f('C', 'C', { requiresLink: true }),
          f('D', 'D'),
          f('E', 'E', { requiresLink: true, create: ['Deal'] }),
        ],
        after: [
          f('A', 'A', { requiresLink: true, create: ['Invoiced Quoteline', 'Quotealternative'] }),
          f('B', 'B', { requiresLink: true, create: ['Deal'] }),
          f('C', 'C', { requiresLink: true, create: ['Deal'] }),
          f('D', 'D', { create: ['Deal'] }),
          f('E', 'E', { requiresLink: true, create: ['Quote'] }),
        ],
        want: [
          'compatible creation-widened: creation rule: created only when connected to Quotealternative -> created only when connected to Invoiced Quoteline, Invoiced Quotealternative',
          'breaking creation-narrowed: creation rule: created only when connected to Deal, Quote -> created only when connected to Deal',
          'compatible creation-widened: creation rule: no connection rule -> created only when connected to Deal',
          'breaking creation-narrowed: creation rule: no connection rule -> created only when connected to Deal',
          'breaking creation-changed: creation rule: created only when connected to Deal -> created only when connected to Quote',
        ],
      },
    ],
    [
      'the system name repeated on the first connected type is not a change',
      {
        before: [f('A', 'A', { requiresLink: true, create: ['Invoiced Deal', 'Quote'] })],
        after: [f('A', 'A', { requiresLink: true, create: ['Deal', 'Quote'] })],
        want: [],
      },
    ],
    [
      'trigger added, removed, changed; spacing ignored',
      {
        before: [f('A', 'A'), f('B', 'B', { trigger: 'When a X is of type Agent' }), f('C', 'C', { trigger: 'When a X has  100%' }), f('D', 'D', { trigger: 'When a X has 100%' })],
        after: [f('A', 'A', { trigger: 'When a X is of type Agent' }), f('B', 'B'), f('C', 'C', { trigger: 'When a X has 90%' }), f('D', 'D', { trigger: 'When a X  has 100%' })],
        want: [
          'breaking trigger-added: trigger added: "When a X is of type Agent"',
          'compatible trigger-removed: trigger removed: "When a X is of type Agent"',
          'breaking trigger-changed: trigger changed: "When a X has 100%" -> "When a X has 90%"',
        ],
      },
    ],
    [
      'merge criteria added and removed',
      {
        before: [f('A', 'A', { merge: [['orgnr', 'OrganizationNumber'], ['email', 'Email']] })],
        after: [f('A', 'A', { merge: [['email', 'Email'], ['phone', 'Phone']] })],
        want: [
          'breaking merge-criterion-removed: merge criterion removed: orgnr = OrganizationNumber',
          'compatible merge-criterion-added: merge criterion added: phone = Phone',
        ],
      },
    ],
    [
      'renamed label with empty tables: matched by the unchanged side and the position',
      {
        before: [f('Customers person', 'Contacts'), f('Items', 'Companies'), f('Contacts', 'Contacts', { rows })],
        after: [f('Customers (human data)', 'Contacts'), f('Items', 'Companies'), f('Contacts', 'Contacts', { rows })],
        want: [
          'breaking flow-renamed-entity: flow renamed: "Invoiced Customers person to CRMOffice Contacts" -> "Invoiced Customers (human data) to CRMOffice Contacts"',
        ],
      },
    ],
    [
      'renamed label with rows: matched by the rows, wherever it moved',
      {
        before: [f('Customers person', 'Contacts', { rows }), f('Items', 'Companies')],
        after: [f('Items', 'Companies'), f('Orders', 'Deals'), f('Customers (human data)', 'Contacts', { rows: [...rows, ['x', 'X', '"string"']] })],
        want: [
          'compatible flow-added: flow added (0 properties)',
          'breaking flow-renamed-entity: flow renamed: "Invoiced Customers person to CRMOffice Contacts" -> "Invoiced Customers (human data) to CRMOffice Contacts"',
          'compatible property-added: property added: x -> X ("string")',
        ],
      },
    ],
    [
      'both labels changed and nothing in common: removed and added, not renamed',
      {
        before: [f('Orders', 'Salesorderlines', { rows: [['id', 'OrderID', '"string"']] })],
        after: [f('Currencies', 'Employees')],
        want: ['breaking flow-removed: flow removed (1 property)', 'compatible flow-added: flow added (0 properties)'],
      },
    ],
    [
      'a spelling change that keeps the entity slug is compatible',
      {
        before: [f('Customers  person', 'Contacts', { rows })],
        after: [f('customers person', 'Contacts', { rows })],
        want: ['compatible flow-renamed-spelling: flow renamed: "Invoiced Customers  person to CRMOffice Contacts" -> "Invoiced customers person to CRMOffice Contacts"'],
      },
    ],
    [
      'duplicate titles: matched by content, then by occurrence',
      {
        before: [f('Customers', 'Kunde', { rows: [['WebUrl', 'Url', '"string"']], merge: [['OrgNumber', 'Organisasjonsnummer']] })],
        after: [
          f('Customers', 'Kunde', { requiresLink: true, rows: [['WebUrl', 'Url', '"string"']], merge: [['OrgNumber', 'Organisasjonsnummer']] }),
          f('Customers', 'Kunde', {}, 60),
        ],
        want: ['breaking link-required: a link is now required before anything syncs', 'compatible flow-added: flow added (0 properties)'],
      },
    ],
    [
      'duplicate titles with equal content pair in document order',
      {
        before: [f('Customers', 'Kunde', {}, 10), f('Customers', 'Kunde', {}, 20)],
        after: [f('Customers', 'Kunde', {}, 12), f('Customers', 'Kunde', {}, 22)],
        want: [],
      },
    ],
  ];
  it.each(cases)('%s', (_, { before, after, want }) => {
    expect(changes(before, after)).toEqual(want);
  });

  it('reports a renamed system once, not once per flow', () => {
    const before = [flow(['CRMOffice', 'Crmoffice'], ['Companies', 'Companies'], { rows })];
    const after = [flow(['CRMOffice', 'CRMOffice'], ['Companies', 'Companies'], { rows })];
    expect(changes(before, after, [['CRMOffice', 'Crmoffice'], ['CRMOffice', 'CRMOffice']])).toEqual([
      'compatible system-renamed: target system renamed: "Crmoffice" -> "CRMOffice"',
    ]);
  });

  it('keeps flow references and lines on each side', () => {
    const diff = diffDocument(
      'x.rst',
      doc('old.rst', S, [f('A', 'A', { rows: [['a', 'A', '"string"']] }, 12)]),
      doc('new.rst', S, [f('B', 'B', {}, 5), f('A', 'A', { rows: [['a', 'A', '"integer"']] }, 30)]),
    );
    const typeChange = diff.changes.find((c) => c.kind === 'type-changed')!;
    expect(typeChange.flow).toEqual({
      old: { title: 'Invoiced A to CRMOffice A', line: 12, index: 0 },
      new: { title: 'Invoiced A to CRMOffice A', line: 30, index: 1 },
    });
    expect([typeChange.oldLine, typeChange.newLine]).toEqual([22, 40]);
    expect(typeChange.before).toEqual({ raw: '"string"', kind: 'string' });
  });

  it('reports documents on one side only', () => {
    const d = doc('new.rst', S, [f('A', 'A')]);
    expect(diffDocument('x.rst', null, d).changes.map((c) => `${c.severity} ${c.message}`)).toEqual([
      'compatible document added: "Invoiced to CRMOffice Dataflow" (1 flow)',
    ]);
    expect(diffDocument('x.rst', d, null).changes.map((c) => `${c.severity} ${c.message}`)).toEqual([
      'breaking document removed: "Invoiced to CRMOffice Dataflow" (1 flow)',
    ]);
  });
});
