/**
 * Coverage counts from a sync state file, per spec and flow, in the shape
 * the checklist and the docs pages use. Opens the state read-only: reading
 * coverage never changes it.
 */
import { existsSync } from 'node:fs';
import type { CoverageLookup, FlowCoverage } from '../docs/coverage-view.js';

export class CoverageStateError extends Error {}

/** Every spec's coverage in a state file, by spec slug then flow id. */
export async function readCoverage(stateFile: string): Promise<Map<string, Map<string, FlowCoverage>>> {
  if (!existsSync(stateFile)) throw new CoverageStateError(`${stateFile}: no such sync state file (run \`dataflow sync\` first, or give --state)`);
  // Loaded here: SQLite is for the commands that read state.
  const { openStateStore, StateFileError } = await import('../../runtime/sync/index.js');
  let store;
  try {
    store = openStateStore(stateFile, { readonly: true });
  } catch (error) {
    if (error instanceof StateFileError) throw new CoverageStateError(error.message);
    throw error;
  }
  try {
    const bySpec = new Map<string, Map<string, FlowCoverage>>();
    for (const [key, items] of store.loadCoverage('')) {
      const slash = key.lastIndexOf('/');
      const spec = slash < 0 ? '' : key.slice(0, slash);
      const flow = key.slice(slash + 1);
      let flows = bySpec.get(spec);
      if (!flows) bySpec.set(spec, (flows = new Map()));
      flows.set(flow, toFlowCoverage(items));
    }
    return bySpec;
  } finally {
    store.close();
  }
}

export async function readCoverageLookup(stateFile: string): Promise<CoverageLookup> {
  const all = await readCoverage(stateFile);
  return (slug) => all.get(slug);
}

function toFlowCoverage(items: ReadonlyMap<string, number>): FlowCoverage {
  const coverage: FlowCoverage = { runs: 0, rows: {}, merge: {}, decisions: {} };
  const row = (key: string) => (coverage.rows[key] ??= { toTarget: 0, toSource: 0, failed: 0 });
  for (const [item, n] of items) {
    if (item === 'runs') coverage.runs = n;
    else if (item.startsWith('row:to-target:')) row(item.slice('row:to-target:'.length)).toTarget = n;
    else if (item.startsWith('row:to-source:')) row(item.slice('row:to-source:'.length)).toSource = n;
    else if (item.startsWith('row:failed:')) row(item.slice('row:failed:'.length)).failed = n;
    else if (item.startsWith('merge:')) coverage.merge[item.slice('merge:'.length)] = n;
    else if (item.startsWith('decision:')) coverage.decisions[item.slice('decision:'.length)] = n;
  }
  return coverage;
}
