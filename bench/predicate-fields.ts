/**
 * Benchmark of the fields declared for predicates (the config's `fields`):
 * an initial sync of N HubSpot-shaped deals through a flow created "When a
 * Deal has a 100% probability", with the predicate reading the probability
 * as HubSpot sends it (text, no declaration: the baseline) against the same
 * predicate reading it declared `number` (`FlowDefinition.reads`: the engine
 * hands it a converted copy of each record). Half the deals are at 100%.
 * Reports CPU time (less distorted by a busy shared machine than wall time,
 * both shown), best of three each, and the ratio declared / baseline.
 *
 * Run: npm run bench:predicate-fields   (PREDICATE_BENCH_RECORDS=5000 for a quick run)
 */
import { performance } from 'node:perf_hooks';
import { readPath, writePath } from '../runtime/index.js';
import type { AnyRecord, CreationPredicate, FlowDefinition, PathSpec, PropertyBinding, ReadField } from '../runtime/index.js';
import { createMemoryAdapter, openStateStore, runSync } from '../runtime/sync/index.js';

const N = Number(process.env.PREDICATE_BENCH_RECORDS ?? 50_000);

const p = (dotted: string): PathSpec => ({ path: dotted.split('.'), conditions: [] });
const rows: PropertyBinding[] = [
  { source: p('properties.dealname'), target: p('name'), type: { kind: 'string', raw: '"string"' } },
  { source: p('properties.closedate'), target: p('deliveryDate'), type: { kind: 'any', raw: 'N/A' } },
];

function dealFlow(test: CreationPredicate, reads?: readonly ReadField[]): FlowDefinition {
  return {
    id: 'deal-to-order',
    title: 'HubSpot Deal to Tripletex Order',
    source: { system: 'HubSpot', entity: 'Deal' },
    target: { system: 'Tripletex', entity: 'Order' },
    toTarget(record) {
      const target: AnyRecord = {};
      for (const b of rows) writePath(target, b.target, readPath(record, b.source));
      return target;
    },
    toSource(record) {
      const source: AnyRecord = {};
      for (const b of rows) writePath(source, b.source, readPath(record, b.target));
      return source;
    },
    properties: rows,
    mergeKeys: [],
    ...(reads ? { reads } : {}),
    rules: {
      creation: 'when-triggered',
      requiresLink: false,
      mergesExisting: false,
      keepsInSync: true,
      trigger: 'When a HubSpot Deal has a 100% probability of beeing sold',
      createWhenConnectedTo: null,
      predicate: { name: 'shouldCreate', file: 'predicates/bench.ts', test },
    },
  };
}

const deals: AnyRecord[] = Array.from({ length: N }, (_, i) => ({
  id: String(1000 + i),
  properties: { dealname: `Deal ${i}`, closedate: '2026-02-01', hs_deal_stage_probability: i % 2 === 0 ? '1.0' : '0.6' },
}));

/** Text as HubSpot sends it, parsed by the predicate itself. */
const baseline = dealFlow((deal) => Number((deal.properties as AnyRecord).hs_deal_stage_probability) === 1);
/** Declared `number`: the engine converts, the predicate compares. */
const declared = dealFlow((deal) => (deal.properties as AnyRecord).hs_deal_stage_probability === 1, [{ path: ['properties', 'hs_deal_stage_probability'], type: 'number' }]);

async function run(flow: FlowDefinition): Promise<{ cpu: number; wall: number }> {
  const store = openStateStore(':memory:');
  const left = createMemoryAdapter({ Deal: structuredClone(deals) });
  const right = createMemoryAdapter({ Order: [] });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const report = await runSync([flow], { left, right, store });
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  store.close();
  const created = report.flows[0]!.created;
  if (created !== N / 2) throw new Error(`expected ${N / 2} orders, got ${created}`);
  return { cpu: (cpu.user + cpu.system) / 1000, wall };
}

async function best(flow: FlowDefinition): Promise<{ cpu: number; wall: number }> {
  let out = { cpu: Infinity, wall: Infinity };
  for (let i = 0; i < 3; i++) {
    const r = await run(flow);
    if (r.cpu < out.cpu) out = r;
  }
  return out;
}

await run(baseline); // warm-up
const base = await best(baseline);
const withReads = await best(declared);
const fmt = (r: { cpu: number; wall: number }) => `${r.cpu.toFixed(0)} ms CPU, ${r.wall.toFixed(0)} ms wall, ${Math.round(N / (r.cpu / 1000)).toLocaleString('en-US')} deals/s`;
console.log(`initial sync of ${N.toLocaleString('en-US')} deals, half created by the predicate (best of 3):`);
console.log(`  baseline (predicate parses the text itself): ${fmt(base)}`);
console.log(`  declared "number" (engine converts a copy):  ${fmt(withReads)}`);
console.log(`  ratio declared / baseline (CPU): ${(withReads.cpu / base.cpu).toFixed(2)}`);
