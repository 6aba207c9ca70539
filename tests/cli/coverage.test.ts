import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
function dataflow(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/dataflow.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dataflow coverage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-coverage-'));
  cpSync('demo/data/hubspot-tripletex', dir, { recursive: true });
  const state = join(dir, 'state.db');
  const sync = (...extra: string[]) =>
    dataflow('sync', 'hubspot-tripletex', '--left', join(dir, 'left'), '--right', join(dir, 'right'), '--state', state, ...extra);

  it('prints the spec as a checklist with the counts of the runs in the state (dry runs not counted)', () => {
    expect(sync().code).toBe(1); // the demo data holds one product whose cost is not a number
    sync('--dry-run');
    const { code, stdout } = dataflow('coverage', 'hubspot-tripletex', '--state', state);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HubSpot Contact to Tripletex Customer \(line 55, flow hubspot-contact-to-tripletex-customer\): 1 run, \d+ of 16 rows exercised$/m);
    // The creation rule and each merge criterion at its own line (hubspot-tripletex.rst:59 "A new Tripletex Customer will be
    // created ... if it is connected to ...", :68 the criterion's row), not at the flow's title (55).
    expect(stdout).toMatch(/^HubSpot Contact to Tripletex Customer \(line 55[^\n]*\n {2}line 59: creation: not decided: predicate not written yet 2\n {2}\[x\] line 68: merge properties\.email = email: 1 link$/m);
    expect(stdout).toMatch(/^ {2}line \d+: creation: not created: a link must be established first 2$/m);
    expect(stdout).toMatch(/^ {2}\[x\] line 292: properties\.hs_cost_of_goods_sold -> costExcludingVatCurrency "float": 1 to target, 0 to source, 1 failed$/m);
    expect(stdout).toMatch(/^ {2}\[ \] line 81: id -> id "integer": 0 to target, 0 to source$/m);
  });

  it('--format json, and runs add up', () => {
    sync();
    const { code, stdout } = dataflow('coverage', 'specs/hubspot-tripletex.rst', '--state', state, '--format', 'json');
    expect(code).toBe(0);
    const checklist = JSON.parse(stdout) as { flows: { id: string; runs: number; rows: { line: number; failed: number }[] }[] };
    const product = checklist.flows.find((f) => f.id === 'hubspot-product-to-tripletex-product')!;
    expect(product.runs).toBe(2);
    expect(product.rows.find((r) => r.line === 292)!.failed).toBe(2);
  });

  it('docs --state shows the counts on the spec page', () => {
    const out = join(dir, 'site');
    expect(dataflow('docs', '--specs', 'specs', '--out', out, '--state', state).code).toBe(0);
    const page = readFileSync(join(out, 'specs', 'hubspot-tripletex.html'), 'utf8');
    expect(page).toContain('coverage from 2 sync runs');
    expect(page).toMatch(/<th class="num">→ target<\/th><th class="num">← source<\/th><th class="num">failed<\/th>/);
  });

  it('a missing state file or spec is a usage error', () => {
    expect(dataflow('coverage', 'hubspot-tripletex', '--state', join(dir, 'none.db')).code).toBe(2);
    expect(dataflow('coverage', 'no-such-spec', '--state', state).code).toBe(2);
  });
});
