import { describe, expect, it } from 'vitest';
import type { Flow } from '../../../generator/ir.js';
import { createMappingPlan } from '../../../generator/model/mapping-plan.js';
import { simulateToSource, simulateToTarget } from '../../../generator/model/simulate.js';
import { bareFlow, ref } from '../../fixtures/generate/hand-made.js';

function flowOf(rows: [string, string, 'string' | 'integer'][]): Flow {
  return {
    ...bareFlow,
    properties: rows.map(([s, t, kind], i) => ({ source: ref(s), target: ref(t), type: { raw: `"${kind}"`, kind }, line: 10 + i })),
  };
}

describe('mapping plan', () => {
  const cases: [string, { rows: [string, string, 'string' | 'integer'][]; input: object; target: object; back: object }][] = [
    [
      'several sources, one target: the first with a value wins, write-back to the first source',
      {
        rows: [['email', 'mail', 'string'], ['work_email', 'mail', 'string']],
        input: { work_email: 'w@x' },
        target: { mail: 'w@x' },
        back: { email: 'w@x' },
      },
    ],
    [
      'several sources, both set: row order decides',
      {
        rows: [['email', 'mail', 'string'], ['work_email', 'mail', 'string']],
        input: { email: 'e@x', work_email: 'w@x' },
        target: { mail: 'e@x' },
        back: { email: 'e@x' },
      },
    ],
    [
      'one source, several targets, each with its own type',
      {
        rows: [['country', 'a.id', 'string'], ['country', 'b.id', 'integer']],
        input: { country: '47' },
        target: { a: { id: '47' }, b: { id: 47 } },
        back: { country: '47' },
      },
    ],
  ];
  it.each(cases)('%s', (_, { rows, input, target, back }) => {
    const plan = createMappingPlan(flowOf(rows));
    const mapped = simulateToTarget(plan, input as Record<string, unknown>);
    expect(mapped).toEqual(target);
    expect(simulateToSource(plan, mapped)).toEqual(back);
  });

  it('groups rows by target and write-backs by first source', () => {
    const plan = createMappingPlan(flowOf([['a', 't', 'string'], ['b', 't', 'string'], ['a', 'u', 'string'], ['', 'v', 'string']]));
    expect(plan.toTarget.map((g) => g.rows.map((r) => r.index))).toEqual([[1, 2], [3]]);
    expect(plan.toSource.map((g) => g.rows.map((r) => r.index))).toEqual([[1, 3]]);
    expect(plan.rows[3]!.mapped).toBe(false);
  });
});
