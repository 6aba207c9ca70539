import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, classify } from '../../../generator/diff/classify.js';

describe('classification table', () => {
  it('the README section lists the same table as classify.ts', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Reviewing spec changes'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| (breaking|compatible) \| (.*) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(Object.entries(RULES).map(([rule, [severity, reason]]) => [rule, severity, reason]));
  });

  it.each([
    ['property-removed', 'breaking'],
    ['type-widened', 'compatible'],
    ['link-required', 'breaking'],
    ['merge-criterion-removed', 'breaking'],
  ] as const)('%s is %s', (rule, severity) => {
    expect(classify(rule).severity).toBe(severity);
  });
});
