import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands, type Model } from './sync-model/commands.js';
import { World } from './sync-model/world.js';
import { LONG, size } from './long.js';

/**
 * Random sequences of edits on either side (with skewed clocks and values that
 * do not convert), hand-made targets, a spec row added, and runs that are
 * killed at any adapter call or state write, dry runs, and records that vanish
 * or appear between the listing and the writes. After every run that
 * completes: no source has two targets, linked pairs agree, no edit is
 * silently dropped, a second run writes nothing; a dry run writes nothing.
 * A failure shrinks to the shortest script that still fails, printed line by line.
 *
 * Long run: `npm run test:model:long` (DATAFLOW_LONG=1; DATAFLOW_MODEL_RUNS to choose how many).
 */
const RUNS = Number(process.env.DATAFLOW_MODEL_RUNS ?? size(60, 5000));
const STEPS = size(25, 40);

describe('the sync engine against a model', () => {
  it(`holds its invariants over ${RUNS} random sequences of up to ${STEPS} operations`, async () => {
    const totals = { sequences: 0, runs: 0, killed: 0, dryRuns: 0, checks: 0 };
    await fc.assert(
      fc.asyncProperty(commands(STEPS), async (cmds) => {
        const world = new World();
        try {
          await fc.asyncModelRun(() => ({ model: {} as Model, real: world }), cmds);
        } finally {
          totals.sequences++;
          totals.runs += world.runs;
          totals.killed += world.killed;
          totals.dryRuns += world.dryRuns;
          totals.checks += world.invariantChecks;
          world.dispose();
        }
      }),
      { numRuns: RUNS, ...(process.env.DATAFLOW_MODEL_SEED ? { seed: Number(process.env.DATAFLOW_MODEL_SEED) } : {}), verbose: 1 },
    );
    console.log(`model: ${JSON.stringify(totals)}`);
    expect(totals.checks).toBeGreaterThan(0);
  }, LONG ? 3_600_000 : 120_000);
});
