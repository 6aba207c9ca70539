import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
function dataflow(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/dataflow.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const GENERATED = 'tests/runtime/fixtures/generated';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-sync-cli-'));
  dirs.push(dir);
  const left = join(dir, 'left');
  const right = join(dir, 'right');
  mkdirSync(left);
  mkdirSync(right);
  writeFileSync(
    join(left, 'customers.json'),
    JSON.stringify([
      { id: 1, email: 'ann@example.com', name: 'Ann', visits: '3', vip: true },
      { id: 2, email: 'bob@example.com', name: 'Bob', visits: 'lots' },
    ]),
  );
  writeFileSync(join(left, 'orders.json'), JSON.stringify([{ id: 'o1', total: 10 }]));
  writeFileSync(join(right, 'contacts.json'), JSON.stringify([{ id: 'c9', properties: { email: 'ANN@example.com', name: 'Ann' }, owner: 'me' }]));
  const state = join(dir, 'state', 'sync.db');
  const args = (...extra: string[]) => ['sync', 'shop-crm', '--left', left, '--right', right, '--state', state, '--generated', GENERATED, ...extra];
  const read = (side: string, file: string) => JSON.parse(readFileSync(join(dir, side, file), 'utf8')) as Record<string, unknown>[];
  return { dir, left, right, state, args, read };
}

interface Report {
  spec: string;
  dryRun: boolean;
  flows: { plan?: unknown; id: string; created: number; updated: number; linked: number; unchanged: number; conflicts: number; skipped: number; errors: { record: unknown; message: string }[]; skippedReasons: { reason: string }[] }[];
}

describe('dataflow sync', () => {
  it('runs every flow of the spec and prints the JSON report', () => {
    const w = workspace();
    const { code, stdout, stderr } = dataflow(...w.args());
    const report = JSON.parse(stdout) as Report;
    expect(report.spec).toBe('shop-crm');
    expect(report.flows.map((f) => [f.id, f.created, f.updated, f.linked, f.skipped, f.errors.length])).toEqual([
      ['shop-customers-to-crm-contacts', 0, 1, 1, 0, 1],
      ['shop-orders-to-crm-deals', 0, 0, 0, 1, 0],
    ]);
    // Which record (its file and index in the data folder) and every target field that failed.
    expect(report.flows[0]!.errors).toEqual([
      {
        record: 2,
        message: 'cannot convert "lots" to "integer" for properties.visits',
        file: join(w.left, 'customers.json'),
        index: 1,
        fields: ['properties.visits'],
      },
    ]);
    expect(report.flows[1]!.skippedReasons[0]!.reason).toBe('predicate orderIsPaid in generated/shop-crm/predicates.ts is not written yet');
    // Errors mean exit 1; the summary goes to stderr.
    expect(code).toBe(1);
    expect(stderr).toMatch(/^sync: 2 flows, 0 created, 1 updated, 1 linked/m);
    // Linked and written: the target kept its unmapped field and its id.
    expect(w.read('right', 'contacts.json')).toEqual([
      { id: 'c9', properties: { email: 'ann@example.com', name: 'Ann', visits: 3 }, owner: 'me' },
    ]);
    expect(existsSync(w.state)).toBe(true);
  });

  it('creates records with new ids once, and a second identical run changes nothing', () => {
    const w = workspace();
    writeFileSync(join(w.left, 'customers.json'), JSON.stringify([{ id: 1, email: 'new@example.com', name: 'New', visits: 1 }]));
    const first = JSON.parse(dataflow(...w.args()).stdout) as Report;
    expect(first.flows[0]).toMatchObject({ created: 1, updated: 1 });
    const before = readFileSync(join(w.right, 'contacts.json'), 'utf8');
    const second = dataflow(...w.args());
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as Report).flows[0]).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(readFileSync(join(w.right, 'contacts.json'), 'utf8')).toBe(before);
    expect(w.read('right', 'contacts.json').map((r) => r.id)).toEqual(['c9', 'contacts-1']);
  });

  it('--dry-run reports the same changes and writes neither data nor state', () => {
    const w = workspace();
    const snapshot = () => [readFileSync(join(w.left, 'customers.json'), 'utf8'), readFileSync(join(w.right, 'contacts.json'), 'utf8')];
    const before = snapshot();
    const dry = JSON.parse(dataflow(...w.args('--dry-run')).stdout) as Report;
    expect(dry.dryRun).toBe(true);
    expect(snapshot()).toEqual(before);
    expect(existsSync(join(w.dir, 'state'))).toBe(false);
    const real = JSON.parse(dataflow(...w.args()).stdout) as Report;
    // The same counts; the dry run also lists each decision.
    expect(real.flows).toEqual(dry.flows.map(({ plan: _plan, ...flow }) => flow));
    // With a state in place, a dry run reads it and still writes nothing.
    const state = readFileSync(w.state);
    const again = JSON.parse(dataflow(...w.args('--dry-run')).stdout) as Report;
    expect(again.flows[0]).toMatchObject({ created: 0, updated: 0, linked: 0, unchanged: 1 });
    expect(readFileSync(w.state).equals(state)).toBe(true);
  });

  it('a linked record removed from its data file is reported gone (report, summary, dry-run plan); nothing is created again', () => {
    const w = workspace();
    dataflow(...w.args());
    const contacts = readFileSync(join(w.right, 'contacts.json'), 'utf8');
    // Ann (linked to c9 by e-mail) leaves the shop's file; c9 stays in the CRM's.
    writeFileSync(join(w.left, 'customers.json'), JSON.stringify([{ id: 2, email: 'bob@example.com', name: 'Bob', visits: 'lots' }]));
    const dry = dataflow(...w.args('--dry-run'));
    expect(dry.stderr).toContain('  gone   source 1 (for 1): no longer listed; its link is kept, nothing is created again');
    const run = dataflow(...w.args());
    const flow = (JSON.parse(run.stdout) as { flows: { gone?: unknown; created: number }[] }).flows[0]!;
    expect(flow).toMatchObject({ created: 0, gone: { count: 1, records: [{ record: 1, side: 'source', id: 1, how: 'no longer listed' }] } });
    expect(run.stderr).toMatch(/1 linked record gone from their systems \(see "gone" in the report\)/);
    expect(readFileSync(join(w.right, 'contacts.json'), 'utf8')).toBe(contacts);
    // The CRM's record removed too: nothing is created for it either.
    writeFileSync(join(w.left, 'customers.json'), JSON.stringify([{ id: 1, email: 'ann@example.com', name: 'Ann', visits: '3', vip: true }]));
    writeFileSync(join(w.right, 'contacts.json'), '[]');
    const back = JSON.parse(dataflow(...w.args()).stdout) as { flows: { gone?: { records: { side: string }[] }; created: number }[] };
    expect(back.flows[0]).toMatchObject({ created: 0, gone: { records: [{ side: 'target' }] } });
    expect(w.read('right', 'contacts.json')).toEqual([]);
  });

  it('takes the spec as a path to its .rst file', () => {
    const w = workspace();
    const spec = join(w.dir, 'shop-crm.rst');
    writeFileSync(spec, 'Shop to CRM Dataflow\n====================\n');
    const args = w.args();
    args[1] = spec;
    expect(JSON.parse(dataflow(...args).stdout).spec).toBe('shop-crm');
  });

  it.each([
    // specs/hubspot-tripletex.rst exists, its module is not in that folder: generate first (the path as typed from here).
    ['a missing generated module', ['sync', 'hubspot-tripletex', '--left', '.', '--right', '.', '--generated', GENERATED], 1, /^dataflow: tests\/runtime\/fixtures\/generated\/hubspot-tripletex\/index\.ts: not found; run `dataflow generate`/],
    // No spec and no module of that name: a typo, a usage error.
    ['a spec that does not exist', ['sync', 'nope', '--left', '.', '--right', '.', '--generated', GENERATED], 2, /^dataflow: no spec "nope": neither a spec nope\.rst or nope\.md in specs nor tests\/runtime\/fixtures\/generated\/nope\/index\.ts/],
    ['a missing spec file', ['sync', 'specs/nope.rst', '--left', '.', '--right', '.'], 2, /no such spec file/],
    ['a missing data folder', ['sync', 'shop-crm', '--left', 'no/such/dir', '--right', '.', '--generated', GENERATED], 2, /not a data folder/],
    ['no --right and no such system in the config', ['sync', 'shop-crm', '--left', 'bin', '--generated', GENERATED], 2, /no system for "CRM".*give --right DIR/],
  ])('%s is reported without a stack trace', (_name, args, code, message) => {
    const result = dataflow(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('a data file that is not a JSON array is a usage error naming the file', () => {
    const w = workspace();
    writeFileSync(join(w.left, 'customers.json'), '{"not": "a list"}');
    const result = dataflow(...w.args());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/customers\.json: expected a JSON array of records/);
  });
});
