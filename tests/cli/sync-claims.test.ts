import { describe, expect, it } from 'vitest';
import { openStateStore, type AnyFlow } from '../../runtime/sync/index.js';
import { carryState, checkClaims, claimsProblemText } from '../../generator/cli/sync/claims.js';

const flow = (id: string) =>
  ({ id, title: id, source: { system: 'Shop', entity: 'Customer' }, target: { system: 'Crm', entity: 'Contact' } }) as unknown as AnyFlow;
const link = (n: number) => ({ sourceId: n, targetId: n, source: null, target: null, digest: null });

describe('claims of renamed flows', () => {
  // Found by the model-based sync test: a flow renamed back to a name it had run under (and
  // linked nothing, so it held only coverage counts) was told `state move`, which then refused.
  it('the state move it proposes works when the new name holds only coverage counts, and the counts add up', () => {
    const store = openStateStore(':memory:');
    store.addCoverage('spec/a', new Map([['runs', 1]]));
    store.commit('spec/b', [link(1), link(2)], 'none');
    store.addCoverage('spec/b', new Map([['runs', 3], ['merge:email = email', 2]]));
    store.setNote('flow:spec/b', JSON.stringify({ source: 'Shop/Customer', target: 'Crm/Contact' }));
    const check = checkClaims({ store, slug: 'spec', flows: [flow('a')], otherSpecs: new Set(), dryRun: false });
    expect(check.problems.map((p) => [p.flow, p.orphans.map((o) => o.key)])).toEqual([['spec/a', ['spec/b']]]);
    const text = claimsProblemText(check, 'state.db');
    expect(text).toContain('    if spec/a is spec/b renamed: dataflow state move spec/b spec/a --state state.db');
    expect(text).not.toContain('state drop spec/a');
    // Doing what it says (`state move` carries a flow with carryState): the links follow, the counts of both names add up.
    carryState(store, 'spec/b', 'spec/a');
    expect(store.listFlows().map((f) => [f.key, f.links, f.coverageRuns])).toEqual([['spec/a', 2, 4]]);
    expect(store.loadCoverage('spec/a').get('spec/a')).toEqual(new Map([['merge:email = email', 2], ['runs', 4]]));
    expect(checkClaims({ store, slug: 'spec', flows: [flow('a')], otherSpecs: new Set(), dryRun: false }).problems).toEqual([]);
  });

  it('carryState never merges onto a name with links of its own', () => {
    const store = openStateStore(':memory:');
    store.commit('spec/a', [link(1)], 'none');
    store.addCoverage('spec/a', new Map([['runs', 1]]));
    store.commit('spec/b', [link(2)], 'none');
    expect(() => carryState(store, 'spec/b', 'spec/a')).toThrow(/spec\/a has state already/);
    expect(store.listFlows().map((f) => [f.key, f.links])).toEqual([['spec/a', 1], ['spec/b', 1]]);
    expect(store.loadCoverage('spec/a').get('spec/a')).toEqual(new Map([['runs', 1]]));
  });

  it('proposes the plain move when the new name has no state at all', () => {
    const store = openStateStore(':memory:');
    store.commit('spec/b', [link(1)], 'none');
    const text = claimsProblemText(checkClaims({ store, slug: 'spec', flows: [flow('a')], otherSpecs: new Set(), dryRun: false }), 'state.db');
    expect(text).toContain('    if spec/a is spec/b renamed: dataflow state move spec/b spec/a --state state.db');
  });
});
