/**
 * End to end: `dataflow sync hubspot-tripletex` (the bundled spec) against the
 * HubSpot and Tripletex emulators, with the systems named in a config file
 * (hubspot() and tripletex() from their environment variables), and a kill of
 * the sync process at every request of its first run: the runs after it end
 * with the same data in both systems as a run that was never interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpot, type HubSpotEmulator } from '../emulators/hubspot-emulator.js';
import { writeRestConfig } from '../fixtures/generate/cli.js';
import { EmulatorClock } from '../emulators/server.js';
import { startTripletex, type TripletexEmulator } from '../emulators/tripletex-emulator.js';

// Runs the built command and package (npm test builds first); `npm run build` before running this file alone.
const ROOT = resolve('.');

interface Systems {
  hs: HubSpotEmulator;
  tt: TripletexEmulator;
  dir: string;
  config: string;
}

const open: Systems[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.hs.close();
    await s.tt.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

async function systems(): Promise<Systems> {
  const clock = new EmulatorClock();
  const hs = await startHubSpot({ clock });
  const tt = await startTripletex({ clock });
  const [kari, ola] = hs.seed('contacts', [
    { email: 'kari@example.no', firstname: 'Kari', lastname: 'Nordmann', phone: '+47 22 00 00 01', city: 'Oslo', zip: '0150' },
    { email: 'ola@example.no', firstname: 'Ola', lastname: 'Hansen', phone: '+47 22 00 00 02', city: 'Bergen', zip: '5003' },
    { email: 'nobody@example.no', firstname: 'No', lastname: 'Body' },
  ]);
  hs.seed('products', [
    { name: 'Konsulenttime', price: '1200', description: 'En time', hs_cost_of_goods_sold: '800' },
    { name: 'Lisens', price: '99.5', description: 'Per måned' },
    { name: 'Oppsett', price: '5000' },
  ]);
  const [line] = hs.seed('line_items', [{ name: 'Linje', description: 'Konsulenttimer', price: '1200', quantity: '3' }]);
  const [deal] = hs.seed('deals', [{ dealname: 'Avtale', closedate: '2026-02-01' }]);
  hs.associate('line_items', line!.id, 'deals', deal!.id);
  void kari;
  void ola;
  // Tripletex knows Kari as a contact and a customer (the e-mail with a space), and Ola as an employee.
  tt.seed('/contact', [{ firstName: 'Kari', lastName: 'Gammel', email: 'kari@example.no' }]);
  tt.seed('/customer', [{ name: 'Kari Nordmann', email: 'kari@example.no ', phoneNumber: '+47 99 99 99 99', postalAddress: { id: 500, city: 'Drammen' } }]);
  tt.seed('/employee', [{ firstName: 'Ola', lastName: 'H', email: 'ola@example.no', address: { id: 600, city: 'Bergen' } }]);
  clock.advance(86_400_000);

  const dir = mkdtempSync(join(tmpdir(), 'dataflow-sync-rest-'));
  const config = join(dir, 'dataflow.config.mjs');
  // Base URLs and tokens come from the environment; the retries are quick here.
  writeRestConfig(
    config,
    'HubSpot: hubspot({ limits: { concurrency: 2 }, retry: { retries: 2, baseMs: 20 } }), Tripletex: tripletex({ retry: { retries: 2, baseMs: 20 } })',
  );
  const s = { hs, tt, dir, config };
  open.push(s);
  return s;
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a child process (not spawnSync: the emulators answer from this process's event loop). */
function dataflow(s: Systems, onStart?: (child: ChildProcess) => void): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/dataflow.js'), 'sync', 'hubspot-tripletex', '--config', s.config], {
      cwd: s.dir,
      env: {
        ...process.env,
        HUBSPOT_BASE_URL: s.hs.url,
        HUBSPOT_TOKEN: 'hubspot-test-token',
        TRIPLETEX_BASE_URL: `${s.tt.url}/v2`,
        TRIPLETEX_CONSUMER_TOKEN: 'consumer-test',
        TRIPLETEX_EMPLOYEE_TOKEN: 'employee-test',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    onStart?.(child);
  });
}

interface FlowOut {
  id: string;
  created: number;
  updated: number;
  linked: number;
  errors: { record: unknown; message: string }[];
}

const report = (o: Outcome) => JSON.parse(o.stdout) as { flows: FlowOut[]; feeds?: unknown[] };

/** Both systems' records, without what the systems assign (ids, versions, times), in a stable order. */
function contents(s: Systems): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) {
      if (['id', 'version', 'url', 'createdAt', 'updatedAt', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_object_id'].includes(k)) continue;
      out[k] = strip(v);
    }
    return out;
  };
  const sorted = (list: unknown[]) => list.map((r) => JSON.stringify(strip(r))).sort();
  return {
    hubspot: Object.fromEntries(['contacts', 'products', 'line_items', 'deals'].map((t) => [t, sorted(s.hs.records(t))])),
    tripletex: Object.fromEntries(['/contact', '/customer', '/employee', '/product', '/order', '/order/orderline'].map((p) => [p, sorted(s.tt.records(p))])),
  };
}

describe('dataflow sync hubspot-tripletex against the HubSpot and Tripletex emulators', () => {
  it('runs through the config: links by e-mail, creates products once, reports refused records, and a re-run changes nothing', async () => {
    const s = await systems();
    const first = await dataflow(s);
    expect(first.stderr).not.toMatch(/internal error/i);
    const flows = new Map(report(first).flows.map((f) => [f.id, f]));
    if (process.env.E2E_DEBUG) console.log(first.stdout, first.stderr);
    expect(flows.get('hubspot-product-to-tripletex-product')).toMatchObject({ created: 3, errors: [] });
    expect(s.tt.records('/product').map((p) => p.name).sort()).toEqual(['Konsulenttime', 'Lisens', 'Oppsett']);
    expect(s.tt.records('/product').find((p) => p.name === 'Lisens')).toMatchObject({ priceExcludingVatCurrency: 99.5 });
    // Kari is linked to her Tripletex contact and customer by e-mail, and synced.
    expect(flows.get('hubspot-contact-to-tripletex-contact')!.linked).toBe(1);
    expect(flows.get('hubspot-contact-to-tripletex-customer')!.linked).toBe(1);
    expect(s.tt.records('/customer')[0]).toMatchObject({ postalAddress: { id: 500, city: 'Oslo', postalCode: '0150' } });
    // An order line needs an order, which the spec does not map: Tripletex refuses it, with its request id.
    const line = flows.get('hubspot-lineitem-to-tripletex-orderline')!;
    expect(line.errors[0]!.message).toMatch(/Tripletex POST \/order\/orderline answered 422.*order.*request id/);
    expect(s.hs.violations).toEqual([]);
    expect(s.tt.violations).toEqual([]);

    const before = { hs: s.hs.log.length, tt: s.tt.log.length };
    const second = await dataflow(s);
    const again = report(second).flows;
    expect(again.find((f) => f.id === 'hubspot-product-to-tripletex-product')).toMatchObject({ created: 0 });
    // Only the refused order lines are tried again (they may be fixed by then); nothing else is written.
    const writes = [...s.hs.log.slice(before.hs), ...s.tt.log.slice(before.tt)].filter((e) => e.method !== 'GET' && !e.path.endsWith('/search') && !e.path.endsWith(':create'));
    expect(writes.every((e) => e.method === 'POST' && e.path === '/v2/order/orderline')).toBe(true);
    expect(s.tt.records('/product')).toHaveLength(3);
  });

  it('changes made after the first run are read, though the systems\' clocks are months behind this machine\'s', async () => {
    // The emulators' clocks stand in January while this machine's says otherwise: cursors must be in the
    // systems' own time (their Date headers), or every later change would lie behind them.
    const s = await systems();
    await dataflow(s);
    s.hs.clock.advance(60_000);
    // No Body gets an e-mail that a new Tripletex employee has, and Kari's customer gets a new phone number.
    s.hs.edit('contacts', '1002', { email: 'no.body@example.no' });
    s.tt.seed('/employee', [{ firstName: 'No', lastName: 'Body', email: 'No.Body@example.no' }]);
    s.hs.edit('contacts', '1000', { phone: '+47 22 00 00 09' });
    s.hs.clock.advance(60_000);
    const second = await dataflow(s);
    const flows = new Map(report(second).flows.map((f) => [f.id, f]));
    expect(flows.get('hubspot-contact-to-tripletex-employee')).toMatchObject({ linked: 1, errors: [] });
    expect(s.tt.records('/employee').find((e) => e.email === 'No.Body@example.no')).toMatchObject({ firstName: 'No', lastName: 'Body' });
    expect(s.tt.records('/customer')[0]).toMatchObject({ phoneNumber: '+47 22 00 00 09' });
    const feeds = report(second).feeds as { system: string; entity: string; mode: string; fetched: number }[];
    expect(feeds.find((f) => f.system === 'HubSpot' && f.entity === 'Contact')).toMatchObject({ mode: 'changes', fetched: 2 });
  });

  it('lost credentials stop the run cleanly, naming the request id once', async () => {
    const s = await systems();
    s.hs.revoke();
    const out = await dataflow(s);
    expect(out.code).toBe(2);
    const line = out.stderr.split('\n').find((l) => l.startsWith('dataflow: sync stopped:'))!;
    expect(line).toMatch(/HubSpot GET \/crm\/v3\/objects\/contacts answered 401: Authentication credentials not found.*credentials were refused/);
    expect(line.match(/request id/g)).toHaveLength(1);
    expect(s.tt.count('POST') + s.tt.count('PUT', /^\/v2\/(?!token)/)).toBe(0);
  });

  it('credentials lost after the first writes: the stop says what was written is in the state', async () => {
    const s = await systems();
    // HubSpot refuses everything from the first Tripletex creation on; Tripletex has the record by then.
    s.tt.inject({ method: 'POST', kind: 'before', run: () => s.hs.revoke() });
    const out = await dataflow(s);
    expect(out.code).toBe(2);
    const line = out.stderr.split('\n').find((l) => l.startsWith('dataflow: sync stopped:'))!;
    expect(line).toMatch(/answered 401.*; what this run wrote before it stopped is recorded in the state, and the next run goes on from there$/);
    expect(s.tt.count('POST', /^\/v2\/(?!token)/)).toBeGreaterThan(0);
  });

  it('a kill at any request of a run loses nothing and creates nothing twice', async () => {
    // The reference: runs that are never interrupted.
    const reference = await systems();
    await dataflow(reference);
    const firstRunRequests = reference.hs.log.length + reference.tt.log.length;
    const expected = contents(reference);
    await dataflow(reference);
    expect(contents(reference)).toEqual(expected);
    expect(firstRunRequests).toBeGreaterThan(10);

    // Every request of a first run, killed there: even ones after the system carried the request out,
    // odd ones before (the connection drops with it).
    for (let k = 1; k <= firstRunRequests; k++) {
      const s = await systems();
      let seen = 0;
      let child: ChildProcess | undefined;
      const kill = () => {
        if (++seen !== k) return undefined;
        child?.kill('SIGKILL');
        return k % 2 === 1 ? ('reset' as const) : undefined;
      };
      s.hs.inject({ kind: 'before', times: Infinity, run: kill });
      s.tt.inject({ kind: 'before', times: Infinity, run: kill });
      const killed = await dataflow(s, (c) => (child = c));
      expect(killed.signal, `kill at request ${k}`).toBe('SIGKILL');
      // One run after the kill finishes the work.
      await dataflow(s);
      expect(contents(s), `kill at request ${k} of ${firstRunRequests}`).toEqual(expected);
      await s.hs.close();
      await s.tt.close();
      open.splice(open.indexOf(s), 1);
      rmSync(s.dir, { recursive: true, force: true });
    }
  }, 900_000);
});
