import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../generator/ir.js';
import { createLinkRules } from '../../../generator/model/link-rules.js';
import { bareFlow, ref } from '../../fixtures/generate/hand-made.js';

const criteria = [{ source: ref('email'), target: ref('email') }];

describe('link rules', () => {
  it.each([
    ['Every S will be synchronized', {}, 'always'],
    ['merge criteria, no link required', { mergeCriteria: criteria }, 'when-no-match'],
    ['a link must be established', { requiresLink: true, mergeCriteria: criteria }, 'never'],
    ['link required and connected-to', { requiresLink: true, createWhenConnectedTo: ['Deal'] }, 'when-connected'],
    ['free-text trigger', { trigger: 'When a Deal is won' }, 'when-triggered'],
  ] as [string, Partial<Flow>, string][])('%s', (_, change, creation) => {
    const rules = createLinkRules({ ...bareFlow, ...change });
    expect(rules.creation).toBe(creation);
    expect(rules.mergesExisting).toBe((change.mergeCriteria ?? []).length > 0);
  });
});
