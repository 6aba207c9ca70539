import { describe, expect, it } from 'vitest';
import { splitList } from '../../../generator/extract/sentences/create-when-connected.js';
import { matchSentence } from '../../../generator/extract/sentences/index.js';

describe('matchSentence', () => {
  const cases: [string, object | null][] = [
    ['Every Invoiced Contacts will be synchronized with a CRMOffice Contacts.', { kind: 'every', source: 'Invoiced Contacts', target: 'CRMOffice Contacts' }],
    [
      'When a HubSpot Deal has a 100% probability of beeing sold, it  will be synchronized with a Tripletex Order.',
      { kind: 'trigger', trigger: 'When a HubSpot Deal has a 100% probability of beeing sold', target: 'Tripletex Order' },
    ],
    [
      'removed person customers for now until that pattern is resolved, it  will be synchronized with a X Y.',
      { kind: 'trigger', trigger: 'removed person customers for now until that pattern is resolved', target: 'X Y' },
    ],
    [
      'Before any synchronization can take place, a link between a HubSpot Contact and a Tripletex Contact must be established.',
      { kind: 'requires-link', source: 'HubSpot Contact', target: 'Tripletex Contact' },
    ],
    [
      'A new Tripletex Contact will be created from a HubSpot Contact if it is connected to a HubSpot Deal, Quote, or Lineitem that is synchronized into Tripletex.',
      { kind: 'create-when-connected', target: 'Tripletex Contact', source: 'HubSpot Contact', connectedTo: ['HubSpot Deal', 'Quote', 'Lineitem'], system: 'Tripletex' },
    ],
    [
      'A HubSpot Contact will merge with a Tripletex Contact if one of the following property combinations match:',
      { kind: 'merge-intro', source: 'HubSpot Contact', target: 'Tripletex Contact' },
    ],
    [
      'If a matching Tripletex Contact already exists, the HubSpot Contact will be merged with the existing one.',
      { kind: 'merge-existing', target: 'Tripletex Contact', source: 'HubSpot Contact' },
    ],
    ['If no matching Tripletex Contact is found, a new Tripletex Contact will be created.', { kind: 'create-when-no-match', target: 'Tripletex Contact' }],
    [
      'Once a link between a A B and a C D is established, it will keep in sync between the two systems, regardless of where it is edited.',
      { kind: 'keep-in-sync', source: 'A B', target: 'C D' },
    ],
    ['The following properties are synchronized between a A B and a C D:', { kind: 'properties-intro', source: 'A B', target: 'C D' }],
    ['Some text nobody wrote before.', null],
  ];
  it.each(cases)('%s', (given, want) => {
    expect(matchSentence(given)).toEqual(want);
  });
});

describe('splitList', () => {
  it.each([
    ['A', ['A']],
    ['A or B', ['A', 'B']],
    ['A, or B', ['A', 'B']],
    ['HubSpot Deal, Quote, Lineitem, or Quotequotetemplateassociation', ['HubSpot Deal', 'Quote', 'Lineitem', 'Quotequotetemplateassociation']],
  ])('%s', (given, want) => {
    expect(splitList(given)).toEqual(want);
  });
});
