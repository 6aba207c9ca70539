import { describe, expect, it } from 'vitest';
import { sameContent } from '../../../generator/diff/diff-sets.js';

describe('sameContent', () => {
  const enc = (text: string) => new TextEncoder().encode(text);
  it.each([
    ['identical bytes', enc('A\nB\n'), enc('A\nB\n'), true],
    ['line endings', enc('A\r\nB\r\n'), enc('A\nB\n'), true],
    ['byte-order mark', enc('\uFEFFA\n'), enc('A\n'), true],
    ['the Generated stamp', enc('T\n\nGenerated: 2024-09-13 00:00:01\n'), enc('T\n\nGenerated: 2024-11-13 00:00:00\n'), true],
    ['a changed word', enc('A\nB\n'), enc('A\nC\n'), false],
    ['a string and bytes', 'Å\n', enc('Å\n'), false],
  ] as const)('%s', (_, a, b, want) => {
    expect(sameContent(a, b)).toBe(want);
  });
});
