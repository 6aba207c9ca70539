import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
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

  it('names a --state file as typed, not relative to the working folder', () => {
    const { code, stdout } = dataflow('coverage', 'hubspot-tripletex', '--state', state);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain(`coverage from ${state}`);
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

  it('before any sync (no state file): the whole checklist with every count 0, exit 0, saying no sync has run', () => {
    const none = join(dir, 'none.db');
    const text = dataflow('coverage', 'hubspot-tripletex', '--state', none);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^specs\/hubspot-tripletex\.rst: HubSpot to Tripletex Dataflow, coverage from .*none\.db \(no sync has run yet \(there is no state file\): every count is 0\)$/);
    expect(text.stderr).toMatch(/^coverage: .*none\.db: no sync state yet, so no sync has run: every count is 0/);
    // Every flow, merge criterion and row of the spec is there, none ticked.
    expect(text.stdout).toMatch(/^HubSpot Contact to Tripletex Customer \(line 55, flow hubspot-contact-to-tripletex-customer\): never synced, 0 of 16 rows exercised$/m);
    expect(text.stdout).toMatch(/^ {2}\[ \] line 68: merge properties\.email = email: 0 links$/m);
    expect(text.stdout).toMatch(/^ {2}\[ \] line 292: properties\.hs_cost_of_goods_sold -> costExcludingVatCurrency "float": 0 to target, 0 to source$/m);
    expect(text.stdout).not.toContain('[x]');
    expect(existsSync(none)).toBe(false);

    const json = dataflow('coverage', 'hubspot-tripletex', '--state', none, '--format', 'json');
    expect(json.code).toBe(0);
    const checklist = JSON.parse(json.stdout) as { synced: boolean; note: string; flows: { runs: number; rows: { toTarget: number; toSource: number }[] }[] };
    expect(checklist).toMatchObject({ synced: false, note: 'no sync has run yet (there is no state file): every count is 0' });
    expect(checklist.flows).toHaveLength(8);
    expect(checklist.flows.every((f) => f.runs === 0 && f.rows.every((r) => r.toTarget + r.toSource === 0))).toBe(true);
    const parsed = JSON.parse(dataflow('parse', '--json', 'specs/hubspot-tripletex.rst').stdout) as { documents: { flows: { properties: unknown[] }[] }[] };
    expect(checklist.flows.map((f) => f.rows.length)).toEqual(parsed.documents[0]!.flows.map((f) => f.properties.length));
  });

  it('a state with no run of this spec says so; one with runs says nothing of the kind', () => {
    const other = dataflow('coverage', 'invoiced-crmoffice', '--state', state, '--format', 'json');
    expect(other.code).toBe(0);
    expect(JSON.parse(other.stdout)).toMatchObject({ synced: false, note: 'no sync of this spec is recorded in the state yet: every count is 0' });
    const synced = JSON.parse(dataflow('coverage', 'hubspot-tripletex', '--state', state, '--format', 'json').stdout) as { synced: boolean; note?: string };
    expect(synced.synced).toBe(true);
    expect(synced.note).toBeUndefined();
  });

  it('a spec that is not there is a usage error', () => {
    expect(dataflow('coverage', 'no-such-spec', '--state', state).code).toBe(2);
  });
});
