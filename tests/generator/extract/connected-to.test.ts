import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitList } from '../../../generator/extract/sentences/create-when-connected.js';
import type { Document, Flow } from '../../../generator/ir.js';
import { parseSpecText } from '../../../generator/parse.js';
import { CORPUS, SKIP_REASON, hasCorpus } from '../corpus.js';

if (!hasCorpus) console.warn(SKIP_REASON);

/** A spec of one flow around `sentence`, as the publisher writes it. */
function specWith(systems: [string, string], source: string, target: string, sentence: string): Document {
  const title = `${systems[0]} to ${systems[1]} Dataflow`;
  const flowTitle = `${source} to ${target}`;
  const text = [title, '='.repeat(title.length), '', flowTitle, '-'.repeat(flowTitle.length), '', sentence, ''].join('\n');
  return parseSpecText('specs/x.rst', text);
}

const sides = (flow: Flow | undefined) => flow?.connectedTo?.map((s) => [s.label, s.system, s.entity]);

describe('the connected-to list: each item is the entity as written, with the system', () => {
  it('completes every item with the system written once before the first (twelve items, Oxford comma)', () => {
    const doc = specWith(
      ['HubSpot', 'Tripletex'],
      'HubSpot Contact',
      'Tripletex Contact',
      'A new Tripletex Contact will be created from a HubSpot Contact if it is connected to a HubSpot Deal, Quote, Lineitem, or Quotequotetemplateassociation that is synchronized into Tripletex.',
    );
    const flow = doc.flows[0]!;
    expect(flow.createWhenConnectedTo).toEqual(['HubSpot Deal', 'HubSpot Quote', 'HubSpot Lineitem', 'HubSpot Quotequotetemplateassociation']);
    expect(sides(flow)).toEqual([
      ['HubSpot Deal', 'HubSpot', 'Deal'],
      ['HubSpot Quote', 'HubSpot', 'Quote'],
      ['HubSpot Lineitem', 'HubSpot', 'Lineitem'],
      ['HubSpot Quotequotetemplateassociation', 'HubSpot', 'Quotequotetemplateassociation'],
    ]);
    expect(doc.diagnostics).toEqual([]);
  });

  it('an entity name with spaces, a list with "and", and an item repeating the system', () => {
    const doc = specWith(
      ['HubSpot', 'Tripletex'],
      'HubSpot Contact',
      'Tripletex Contact',
      'A new Tripletex Contact will be created from a HubSpot Contact if it is connected to a HubSpot Sale classification status, Terms and conditions, HubSpot Quote, and Line item that is synchronized into Tripletex.',
    );
    expect(sides(doc.flows[0])).toEqual([
      ['HubSpot Sale classification status', 'HubSpot', 'Sale classification status'],
      // A bare "and" is part of a name: the list means "any of" and is written with "or".
      ['HubSpot Terms and conditions', 'HubSpot', 'Terms and conditions'],
      ['HubSpot Quote', 'HubSpot', 'Quote'],
      ['HubSpot Line item', 'HubSpot', 'Line item'],
    ]);
  });

  it('a list whose first name has no system: the names as written, with a warning', () => {
    const doc = specWith(
      ['HubSpot', 'Tripletex'],
      'HubSpot Contact',
      'Tripletex Contact',
      'A new Tripletex Contact will be created from a HubSpot Contact if it is connected to a Deal, or Quote that is synchronized into Tripletex.',
    );
    expect(sides(doc.flows[0])).toEqual([
      ['Deal', 'HubSpot', 'Deal'],
      ['Quote', 'HubSpot', 'Quote'],
    ]);
    expect(doc.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual(['7:1 warning label-system']);
  });

  // Real sentences (joined where the file wraps them), each from the file named.
  const real: [string, string, string, string[][]][] = [
    [
      'one item',
      `${CORPUS}/history/shopify-tripletex@2024-09-17@2c49084d96bf.rst`,
      'Shopify Customer to Tripletex Customer',
      [['Shopify Order', 'Shopify', 'Order']],
    ],
    [
      'two items with ", or"',
      `${CORPUS}/history/superoffice-hubspot@2023-11-29@fb63a43b9897.rst`,
      'SuperOffice Person to HubSpot Company',
      [
        ['SuperOffice Quote', 'SuperOffice', 'Quote'],
        ['SuperOffice Quotealternative', 'SuperOffice', 'Quotealternative'],
      ],
    ],
    [
      'a system name with a space ("PowerOffice GO")',
      `${CORPUS}/history/powerofficego-shopify@2024-09-17@a96316b9bafb.rst`,
      'PowerOffice GO Customers to Shopify Customer',
      [
        ['PowerOffice GO Powerofficego-salesorders', 'PowerOffice GO', 'Powerofficego-salesorders'],
        ['PowerOffice GO Powerofficego-salesorderlines', 'PowerOffice GO', 'Powerofficego-salesorderlines'],
      ],
    ],
    [
      'the system written otherwise than in the title ("Businesscentral" for "Business Central")',
      `${CORPUS}/history/businesscentral-wave@2024-09-11@54d3d52ea044.rst`,
      'Businesscentral Customers to Wave Customer',
      [
        ['Businesscentral Customers', 'Business Central', 'Customers'],
        ['Businesscentral Salesorders', 'Business Central', 'Salesorders'],
        ['Businesscentral Customers-company', 'Business Central', 'Customers-company'],
      ],
    ],
    [
      'the system written short ("Wave" for "Wave Financial")',
      `${CORPUS}/history/wave-wave@2023-10-06@487d8376dc38.rst`,
      'Wave Customer to Wave Customer person',
      [['Wave Vendor', 'Wave Financial', 'Vendor']],
    ],
    [
      'the target system left empty in the title ("synchronized into .")',
      `${CORPUS}/history/tripletex-powerofficego@2024-03-26@f79c456e33b2.rst`,
      'Tripletex Contact to PowerOfficeGo Customers',
      [
        ['Tripletex Order', 'Tripletex', 'Order'],
        ['Tripletex Invoice', 'Tripletex', 'Invoice'],
        ['Tripletex Orderline', 'Tripletex', 'Orderline'],
      ],
    ],
    [
      'a garbled system ("BusinesscentralBusinessCentral"): the words shared with the source label',
      `${CORPUS}/history/businesscentral-superoffice@2024-09-11@be51c299407c.rst`,
      '',
      [
        ['BusinesscentralBusinessCentral Businesscentral-contact', 'BusinessCentral', 'Businesscentral-contact'],
        ['BusinesscentralBusinessCentral Businesscentral-employee', 'BusinessCentral', 'Businesscentral-employee'],
        ['BusinesscentralBusinessCentral Businesscentral-employees', 'BusinessCentral', 'Businesscentral-employees'],
        ['BusinesscentralBusinessCentral Businesscentral-contacts-person', 'BusinessCentral', 'Businesscentral-contacts-person'],
        ['BusinesscentralBusinessCentral Businesscentral-customers-person', 'BusinessCentral', 'Businesscentral-customers-person'],
      ],
    ],
  ];
  it.skipIf(!hasCorpus).each(real)('real: %s', (_name, file, title, want) => {
    const doc = parseSpecText(file, readFileSync(file));
    const flow = doc.flows.find((f) => f.connectedTo !== null && (title === '' || f.title === title));
    expect(flow, `no flow ${title} with a connected-to list in ${file}`).toBeDefined();
    expect(sides(flow)).toEqual(want);
    expect(flow!.createWhenConnectedTo).toEqual(want.map((side) => side[0]));
  });
});

describe('splitList', () => {
  it.each([
    ['A', ['A']],
    ['A or B', ['A', 'B']],
    ['A, or B', ['A', 'B']],
    ['A, B or C', ['A', 'B', 'C']],
    ['A, B, and C', ['A', 'B', 'C']],
    ['Terms and conditions', ['Terms and conditions']],
    ['HubSpot Deal, Quote, Lineitem, or Quotequotetemplateassociation', ['HubSpot Deal', 'Quote', 'Lineitem', 'Quotequotetemplateassociation']],
  ])('%s', (given, want) => {
    expect(splitList(given)).toEqual(want);
  });
});
