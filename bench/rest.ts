/**
 * Benchmark of the REST adapters: 100,000 HubSpot contacts and 100,000
 * Tripletex customers in the emulators (tests/emulators, over HTTP on
 * 127.0.0.1), synced from an empty state, then again after 1% of the records
 * on each side changed. Reports requests and wall time for both runs, and the
 * initial sync's records per second next to the in-memory adapter's figure
 * for the same flow and data, measured in the same run (the baseline).
 *
 * Goal (issue 10): the re-sync makes at most 3% of the initial sync's requests.
 *
 * Half the contacts match a customer by e-mail (with one property differing),
 * half match none and are created in Tripletex, as in bench:sync. Pacing is
 * off (the emulators do not limit); everything else is as shipped.
 *
 * Run: npm run bench:rest   (REST_BENCH_RECORDS=10000 for a quick run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { asString, readPath, writePath } from '../runtime/index.js';
import type { AnyRecord, FlowDefinition, PathSpec, PropertyBinding } from '../runtime/index.js';
import { createMemoryAdapter, hubspot, openStateStore, runSync, tripletex, type RestSystem, type SyncReport, type SystemAdapter } from '../runtime/sync/index.js';
import { startHubSpot } from '../tests/emulators/hubspot-emulator.js';
import { EmulatorClock } from '../tests/emulators/server.js';
import { startTripletex } from '../tests/emulators/tripletex-emulator.js';

const N = Number(process.env.REST_BENCH_RECORDS ?? 100_000);
const CHANGED = 0.01;

const p = (dotted: string): PathSpec => ({ path: dotted.split('.'), conditions: [] });
const row = (source: string, target: string, line: number): PropertyBinding => ({ source: p(source), target: p(target), type: { kind: 'string', raw: '"string"' }, line });
const rows = [
  row('properties.email', 'email', 1),
  row('properties.firstname', 'name', 2),
  row('properties.phone', 'phoneNumber', 3),
  row('properties.mobilephone', 'phoneNumberMobile', 4),
  row('properties.city', 'postalAddress.city', 5),
  row('properties.zip', 'postalAddress.postalCode', 6),
];

const keyOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value.trim().toLowerCase() : undefined);

const flow: FlowDefinition = {
  id: 'contact-to-customer',
  title: 'HubSpot Contact to Tripletex Customer',
  line: 1,
  source: { system: 'HubSpot', entity: 'Contact' },
  target: { system: 'Tripletex', entity: 'Customer' },
  toTarget(record) {
    const target: AnyRecord = {};
    for (const b of rows) {
      const value = readPath(record, b.source);
      if (value !== undefined && value !== null) writePath(target, b.target, asString(value));
    }
    return target;
  },
  toSource(record) {
    const source: AnyRecord = {};
    for (const b of rows) {
      const value = readPath(record, b.target);
      if (value !== undefined && value !== null) writePath(source, b.source, asString(value));
    }
    return source;
  },
  properties: rows,
  mergeKeys: [{ label: 'properties.email = email', source: (r) => keyOf(readPath(r, rows[0]!.source)), target: (r) => keyOf(readPath(r, rows[0]!.target)), paths: { source: rows[0]!.source, target: rows[0]!.target } }],
  rules: { creation: 'when-no-match', requiresLink: false, mergesExisting: true, keepsInSync: true, trigger: null, createWhenConnectedTo: null },
};

function contact(i: number): Record<string, string> {
  return { email: `person${i}@example.com`, firstname: `First${i}`, phone: `+47 ${10_000_000 + i}`, mobilephone: `+47 9${i}`, city: 'Oslo', zip: String(1000 + (i % 8000)) };
}

function customer(i: number): AnyRecord {
  const matching = i % 2 === 0;
  return {
    name: `First${i}`,
    email: matching ? `person${i}@example.com` : `other${i}@example.org`,
    phoneNumber: `+47 ${10_000_000 + i}`,
    phoneNumberMobile: `+47 9${i}`,
    postalAddress: { id: 1_000_000 + i, city: matching ? 'Bergen' : 'Trondheim', postalCode: String(1000 + (i % 8000)) },
  };
}

interface Run {
  ms: number;
  requests: number;
  byMethod: Record<string, number>;
  report: SyncReport;
}

const dir = mkdtempSync(join(tmpdir(), 'dataflow-bench-rest-'));
const clock = new EmulatorClock();
const hs = await startHubSpot({ clock, log: false, check: false });
const tt = await startTripletex({ clock, log: false, check: false });
try {
  const contacts = hs.seed('contacts', Array.from({ length: N }, (_, i) => contact(i)));
  const customers = tt.seed('/customer', Array.from({ length: N }, (_, i) => customer(i)));
  // The data is older than the first sync (a day), as it would be.
  clock.advance(86_400_000);
  const adapterClock = { now: () => clock.now(), sleep: async (ms: number) => clock.advance(ms) };
  const left = hubspot({ baseUrl: hs.url, token: 'hubspot-test-token', limits: { concurrency: 8 }, clock: adapterClock });
  const right = tripletex({ baseUrl: `${tt.url}/v2`, consumerToken: 'consumer-test', employeeToken: 'employee-test', limits: { concurrency: 8 }, clock: adapterClock });
  const file = join(dir, 'state.db');

  const served = () => {
    const out: Record<string, number> = {};
    for (const m of [hs.served, tt.served]) for (const [method, n] of m) out[method] = (out[method] ?? 0) + n;
    return out;
  };
  const syncOnce = async (l: SystemAdapter, r: SystemAdapter, state: string, rest: RestSystem[]): Promise<Run> => {
    const before = rest.reduce((n, s) => n + s.stats.requests, 0);
    const methods = served();
    const store = openStateStore(state);
    const start = performance.now();
    try {
      const report = await runSync([flow], { left: l, right: r, store, now: () => new Date(clock.now()) });
      const ms = performance.now() - start;
      const after = served();
      const byMethod = Object.fromEntries(Object.entries(after).map(([m, n]) => [m, n - (methods[m] ?? 0)]));
      return { ms, requests: rest.reduce((n, s) => n + s.stats.requests, 0) - before, byMethod, report };
    } finally {
      store.close();
    }
  };

  const initial = await syncOnce(left, right, file, [left, right]);
  clock.advance(3_600_000);
  // 1% of the records on each side change one mapped property, as a user would in each system.
  const every = Math.round(1 / CHANGED);
  for (let i = 0; i < contacts.length; i += every) hs.edit('contacts', contacts[i]!.id, { phone: `+47 8${i}` });
  for (let i = Math.floor(every / 2); i < customers.length; i += every) tt.edit('/customer', customers[i]!.id, { phoneNumberMobile: `+47 7${i}` });
  clock.advance(60_000);
  const resync = await syncOnce(left, right, file, [left, right]);

  // The baseline: the same flow and data with the in-memory adapter, in this process.
  const memLeft = createMemoryAdapter({ Contact: Array.from({ length: N }, (_, i) => ({ id: String(i + 1), properties: contact(i), updatedAt: '2026-01-01T00:00:00.000Z' })) });
  const memRight = createMemoryAdapter({ Customer: Array.from({ length: N }, (_, i) => ({ id: i + 1, version: 0, ...customer(i) })) });
  const memory = await syncOnce(memLeft, memRight, join(dir, 'memory.db'), []);

  const total = 2 * N;
  const rate = (ms: number) => Math.round((total / ms) * 1000);
  const summary = (r: SyncReport) => {
    const f = r.flows[0]!;
    return {
      created: f.created,
      updated: f.updated,
      linked: f.linked,
      unchanged: f.unchanged,
      conflicts: f.conflicts,
      errors: f.errors.length,
      firstErrors: f.errors.slice(0, 5).map((e) => `${String(e.record)}: ${e.message}`),
      feeds: r.feeds,
    };
  };
  // Nothing created twice: one Tripletex customer per e-mail address.
  const emails = new Map<string, number>();
  for (const c of tt.records('/customer')) emails.set(String(c.email).trim().toLowerCase(), (emails.get(String(c.email).trim().toLowerCase()) ?? 0) + 1);
  const duplicates = [...emails.values()].filter((n) => n > 1).length;
  const ratio = resync.requests / initial.requests;
  const result = {
    benchmark: 'rest',
    recordsPerSide: N,
    initial: { ms: Math.round(initial.ms), requests: initial.requests, byMethod: initial.byMethod, recordsPerSecond: rate(initial.ms), report: summary(initial.report) },
    resyncAfter1Percent: { ms: Math.round(resync.ms), requests: resync.requests, byMethod: resync.byMethod, report: summary(resync.report) },
    memoryInitial: { ms: Math.round(memory.ms), recordsPerSecond: rate(memory.ms) },
    /** Re-sync requests / initial requests (goal <= 0.03). */
    requestRatio: Number(ratio.toFixed(4)),
    wallRatio: Number((resync.ms / initial.ms).toFixed(4)),
    restVsMemory: Number((memory.ms / initial.ms).toFixed(4)),
    tripletexCustomers: tt.records('/customer').length,
    duplicateCustomers: duplicates,
    retries: left.stats.retries + right.stats.retries,
    goals: { resyncAtMost3PercentOfRequests: ratio <= 0.03 },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(
    `rest: ${N} records per side; initial ${result.initial.ms} ms, ${result.initial.requests} requests (${result.initial.recordsPerSecond} records/s; in-memory ${result.memoryInitial.recordsPerSecond} records/s); ` +
      `re-sync after 1% ${result.resyncAfter1Percent.ms} ms, ${result.resyncAfter1Percent.requests} requests (${(ratio * 100).toFixed(2)}% of the initial)\n`,
  );
} finally {
  await hs.close();
  await tt.close();
  rmSync(dir, { recursive: true, force: true });
}
