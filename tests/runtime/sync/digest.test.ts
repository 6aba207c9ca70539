import { describe, expect, it } from 'vitest';
import { canonical } from '../../../runtime/sync/canonical.js';
import { pairDigest } from '../../../runtime/sync/digest.js';
import { planOf } from '../../../runtime/sync/flow-plan.js';
import { defineFlow } from '../fixtures/define-flow.js';

const plan = planOf(defineFlow({ rows: [['a', 'x'], ['b', 'y']] }));
const digest = (a: unknown, x: unknown) => pairDigest(plan, { a }, { x });

describe('the pair digest', () => {
  it('is equal where the canonical values are equal', () => {
    const same: [unknown, unknown][] = [
      [null, undefined],
      [0, -0],
      [{ p: 1, q: 2 }, { q: 2, p: 1 }],
      [{ p: 1, q: undefined }, { p: 1 }],
      [new Date('2024-01-01T00:00:00Z'), '2024-01-01T00:00:00.000Z'],
      [Number.NaN, null],
    ];
    for (const [u, v] of same) {
      expect(canonical(u)).toBe(canonical(v));
      expect(digest(u, 1)).toBe(digest(v, 1));
    }
  });

  it('tells apart values that differ, including type, length, side and position', () => {
    const values: unknown[] = [1, '1', 1.5, '1.5', true, 'true', 'ab', 'abc', 'ba', '', [], {}, [1, 2], [2, 1], { p: 1 }, { p: '1' }, 'é', 2 ** 40];
    const digests = new Set(values.map((v) => digest(v, 0)));
    expect(digests.size).toBe(values.length);
    expect(digest('a', 'b')).not.toBe(digest('b', 'a'));
    expect(pairDigest(plan, { a: 1, b: 2 }, {})).not.toBe(pairDigest(plan, { a: 2, b: 1 }, {}));
  });

  it('fits in 53 bits', () => {
    for (let i = 0; i < 1000; i++) expect(Number.isSafeInteger(digest(`v${i}`, i))).toBe(true);
  });
});
