import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeKey, mergeKeyKind } from '../../runtime/merge-key.js';
import { createMemoryAdapter, openStateStore, runSync, type AnyFlow } from '../../runtime/sync/index.js';
import { parseSpecText } from '../../generator/parse.js';

describe('merge keys normalised per kind', () => {
  it.each([
    ['email', 'KARI@example.no ', 'kari@example.no'],
    ['email', '\tKari@Example.NO', 'kari@example.no'],
    ['phone', '+47 900 00 001', '+4790000001'],
    ['phone', '0047 900-00-001', '+4790000001'],
    ['phone', '(+47) 900.00.001', '+4790000001'],
    ['org-number', 'NO 987 654 321 MVA', '987654321'],
    ['org-number', '987.654.321', '987654321'],
    ['org-number', '010190 12345', '01019012345'],
    ['gtin', '07038010055690', '7038010055690'],
    ['text', '  Acme   AS ', 'Acme AS'],
    ['text', 'Cafe\u0301', 'Café'],
    ['text', 42, '42'],
  ] as const)('%s: %j is %j', (kind, value, key) => {
    expect(mergeKey(kind, value)).toBe(key);
  });

  it('gives no key for nothing, and keeps apart what is different', () => {
    for (const kind of ['email', 'phone', 'org-number', 'gtin', 'text'] as const) {
      expect(mergeKey(kind, null)).toBeUndefined();
      expect(mergeKey(kind, undefined)).toBeUndefined();
      expect(mergeKey(kind, '   ')).toBeUndefined();
    }
    expect(mergeKey('phone', 'n/a')).toBeUndefined();
    // The country is not guessed: with and without a country code stay apart.
    expect(mergeKey('phone', '+47 90000001')).not.toBe(mergeKey('phone', '90000001'));
    // Case is kept for plain text.
    expect(mergeKey('text', 'ACME AS')).not.toBe(mergeKey('text', 'Acme AS'));
    expect(() => mergeKey('text', ['a'])).toThrow(/a list/);
  });

  it('takes the kind from the property names of either side', () => {
    expect(mergeKeyKind(['properties', 'email'], ['email'])).toBe('email');
    expect(mergeKeyKind(['Emails', 'Value'], ['Epost'])).toBe('email');
    expect(mergeKeyKind(['phone_numbers', 'number'], ['mobilePhone'])).toBe('phone');
    expect(mergeKeyKind(['OrgNumber'], ['Organisasjonsnummer'])).toBe('org-number');
    expect(mergeKeyKind(['gtin'], ['ean'])).toBe('gtin');
    expect(mergeKeyKind(['customerNumber'], ['customerNumber'])).toBe('text');
    expect(mergeKeyKind(['id'], ['id'])).toBe('text');
  });

  it('classifies the merge criteria of the corpus: every e-mail, org number and GTIN criterion gets its kind', () => {
    const dir = '../shared/corpus/latest';
    const kinds = new Map<string, Set<string>>();
    for (const file of readdirSync(dir)) {
      for (const flow of parseSpecText(file, readFileSync(join(dir, file))).flows) {
        for (const c of flow.mergeCriteria) {
          const kind = mergeKeyKind(c.source.path, c.target.path);
          const names = `${c.source.path.join('.')} = ${c.target.path.join('.')}`;
          kinds.set(kind, (kinds.get(kind) ?? new Set()).add(names));
        }
      }
    }
    const texts = [...(kinds.get('text') ?? [])];
    // Plain-text criteria name no e-mail, phone, org number or article number.
    expect(texts.filter((n) => /mail|epost|phone|telefon|org|organi|ean|gtin|personnummer/i.test(n))).toEqual([]);
    expect(kinds.get('email')!.size).toBeGreaterThan(20);
    expect([...kinds.get('org-number')!]).toEqual(expect.arrayContaining(['OrgNumber = Organisasjonsnummer', 'organizationNumber = organizationNumber']));
  });
});

describe('a generated flow matches one person written two ways', () => {
  it('KARI@example.no (with a trailing space) and kari@example.no are linked, not duplicated', async () => {
    const { flows } = (await import('../../generated/zendesk-superoffice/index.js')) as { flows: readonly AnyFlow[] };
    const flow = flows.find((f) => f.id === 'zendesk-users-to-superoffice-person')!;
    const left = createMemoryAdapter({ [flow.source.entity]: [{ id: 1, email: 'KARI@example.no ', name: 'Kari' }] });
    const right = createMemoryAdapter({ [flow.target.entity]: [{ id: 'p1', Emails: { Value: 'kari@example.no' }, FullName: 'Kari' }] });
    const report = await runSync([flow], { left, right, store: openStateStore(':memory:') });
    expect(report.flows[0]).toMatchObject({ linked: 1, created: 0 });
    expect(right.records(flow.target.entity)).toHaveLength(1);
  });
});
