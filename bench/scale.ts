/**
 * Benchmark of the sync at scale: SCALE_RECORDS (default 1,000,000) records
 * per side through data folders (the `dataflow sync` adapter) with a SQLite
 * state file, an initial sync and a re-sync after 1% of each side changed;
 * each sync is its own child process, as a `dataflow sync` run is, and its
 * peak resident memory (VmHWM) is read from /proc/<pid>/status by this
 * process while the child waits at its end. A baseline of SCALE_BASELINE
 * (default 100,000) records per side runs first in the same run, so the
 * ratios show how time and memory grow; SCALE_MEMORY=1 adds the in-memory
 * adapter at both sizes (its peak includes both systems' records).
 *
 * The flow is the bundled spec's HubSpot Contact -> Tripletex Customer (16
 * rows, merge on e-mail) as generated, with its creation rule set to "when no
 * match" (its own rule asks a user predicate about connected deals): half the
 * targets match a source by e-mail, the other sources get a new Customer.
 *
 * Run: npm run bench:scale   (SCALE_RECORDS=200000 for a shorter run). Not part of npm test.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AnyRecord } from '../runtime/index.js';
import { createFolderAdapter, createMemoryAdapter, openStateStore, runSync, type AnyFlow, type FlowReport } from '../runtime/sync/index.js';
import { writeJsonArrayFile } from '../runtime/sync/json-text.js';
import { readJsonArrayFile } from '../runtime/sync/json-array-reader.js';

const N = Number(process.env.SCALE_RECORDS ?? 1_000_000);
const BASELINE = Number(process.env.SCALE_BASELINE ?? 100_000);
const CHANGED = 0.01;
const SELF = fileURLToPath(import.meta.url);

async function contactFlow(): Promise<AnyFlow> {
  const { hubspotContactToTripletexCustomer } = await import('../generated/hubspot-tripletex/index.js');
  const flow = hubspotContactToTripletexCustomer as unknown as AnyFlow;
  return { ...flow, rules: { ...flow.rules, creation: 'when-no-match', requiresLink: false } };
}

function contact(i: number): AnyRecord {
  return {
    id: i + 1,
    properties: {
      email: `person${i}@example.com`,
      firstname: `First${i}`,
      lastname: `Last${i}`,
      phone: `+47 ${10_000_000 + i}`,
      mobilephone: `+47 ${90_000_000 + i}`,
      address: `Gate ${i % 500}`,
      city: 'Oslo',
      zip: String(1000 + (i % 8000)),
      country: '161',
      lifecyclestage: 'customer',
    },
    createdAt: '2023-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    archived: false,
  };
}

function customer(i: number): AnyRecord {
  // Half match a contact by e-mail (with one differing property), half match nothing.
  const matching = i % 2 === 0;
  const address = (city: string) => ({ addressLine1: `Gate ${i % 500}`, postalCode: String(1000 + (i % 8000)), city, country: { id: 161 } });
  return {
    id: 100_000_000 + i,
    version: 1,
    name: `Customer ${i}`,
    email: matching ? `person${i}@example.com` : `other${i}@example.org`,
    phoneNumber: `+47 ${10_000_000 + i}`,
    phoneNumberMobile: matching ? `+47 ${90_000_000 + i}` : '',
    deliveryAddress: address(matching ? 'Bergen' : 'Trondheim'),
    physicalAddress: address('Oslo'),
    postalAddress: address('Oslo'),
    isCustomer: true,
    updatedAt: '2023-06-01T00:00:00Z',
  };
}

const FILES = { left: 'contact.json', right: 'customer.json' } as const;

/** Child: the data folders for `n` records per side. */
function prepare(dir: string, n: number): void {
  mkdirSync(join(dir, 'left'), { recursive: true });
  mkdirSync(join(dir, 'right'), { recursive: true });
  writeJsonArrayFile(join(dir, 'left', FILES.left), Array.from({ length: n }, (_, i) => contact(i)));
  writeJsonArrayFile(join(dir, 'right', FILES.right), Array.from({ length: n }, (_, i) => customer(i)));
}

/** Child: 1% of the records on each side change one property, as edits between runs would. */
function edit(dir: string): void {
  const every = Math.round(1 / CHANGED);
  for (const side of ['left', 'right'] as const) {
    const file = join(dir, side, FILES[side]);
    // In pieces: after the initial sync the 1,000,000-customer file is longer than a string may be.
    const records = readJsonArrayFile(file) as AnyRecord[];
    for (let i = side === 'left' ? 0 : Math.floor(every / 2); i < records.length; i += every) {
      const r = records[i]!;
      if (side === 'left') (r.properties as AnyRecord).phone = `+47 9${i}`;
      else r.phoneNumberMobile = `+47 8${i}`;
    }
    writeJsonArrayFile(file, records);
  }
}

function summary(report: FlowReport) {
  const { created, updated, linked, unchanged, conflicts, skipped } = report;
  return { created, updated, linked, unchanged, conflicts, skipped, errors: report.errors.length };
}

async function timed(run: () => Promise<FlowReport>) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const report = await run();
  const used = process.cpuUsage(cpu);
  return { ms: Math.round(performance.now() - start), cpuMs: Math.round((used.user + used.system) / 1000), report: summary(report) };
}

/** Child: one `dataflow sync`-like run over the folders (read, sync, write the changed files, close the state). */
async function folderSync(dir: string) {
  const flow = await contactFlow();
  return timed(async () => {
    const left = createFolderAdapter(join(dir, 'left'));
    const right = createFolderAdapter(join(dir, 'right'));
    const store = openStateStore(join(dir, 'state.db'));
    try {
      const report = (await runSync([flow], { left, right, store, scope: 'hubspot-tripletex' })).flows[0]!;
      left.flush?.();
      right.flush?.();
      return report;
    } finally {
      store.close();
    }
  });
}

/** Child: both syncs with the in-memory adapter in one process (the records live in it). */
async function memorySync(dir: string, n: number) {
  const flow = await contactFlow();
  const left = createMemoryAdapter({ Contact: Array.from({ length: n }, (_, i) => contact(i)) });
  const right = createMemoryAdapter({ Customer: Array.from({ length: n }, (_, i) => customer(i)) });
  const once = () =>
    timed(async () => {
      const store = openStateStore(join(dir, 'memory-state.db'));
      try {
        return (await runSync([flow], { left, right, store, scope: 'hubspot-tripletex' })).flows[0]!;
      } finally {
        store.close();
      }
    });
  const initial = await once();
  const every = Math.round(1 / CHANGED);
  const sources = left.records('Contact');
  for (let i = 0; i < sources.length; i += every) sources[i] = { ...sources[i]!, properties: { ...(sources[i]!.properties as AnyRecord), phone: `+47 9${i}` } };
  const targets = right.records('Customer');
  for (let i = Math.floor(every / 2); i < targets.length; i += every) targets[i] = { ...targets[i]!, phoneNumberMobile: `+47 8${i}` };
  const resync = await once();
  return { initial, resync };
}

interface ChildResult<T> {
  result: T;
  wallMs: number;
  /** Peak resident set (VmHWM), MB. */
  peakMB: number;
}

/**
 * Runs this file as a child doing `task`; when the child prints its result it
 * waits on stdin, so its VmHWM is read while it still exists.
 */
function child<T>(task: string[]): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const proc = spawn(process.execPath, ['--import', 'tsx', SELF, ...task], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let settled: ChildResult<T> | undefined;
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end < 0 || settled) return;
      const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
      settled = { result: JSON.parse(out.slice(0, end)) as T, wallMs: Math.round(performance.now() - start), peakMB: Math.round(kb / 1024) };
      proc.stdin.end();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => (settled && code === 0 ? resolve(settled) : reject(new Error(`bench:scale child ${task.join(' ')} exited with ${code}`))));
  });
}

/** In a child: print the result, then wait for the parent to have read the peak memory. */
async function report(result: unknown): Promise<void> {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.resume();
  });
}

async function main(): Promise<void> {
  const [task, dir, size] = process.argv.slice(2);
  if (task === 'prepare') return report(prepare(dir!, Number(size)) ?? null);
  if (task === 'edit') return report(edit(dir!) ?? null);
  if (task === 'sync') return report(await folderSync(dir!));
  if (task === 'memory') return report(await memorySync(dir!, Number(size)));

  const root = mkdtempSync(join(tmpdir(), 'dataflow-bench-scale-'));
  try {
    type Sync = Awaited<ReturnType<typeof folderSync>>;
    const sizes = [...new Set([BASELINE, N])].filter((n) => n > 0);
    const runs: Record<string, unknown>[] = [];
    for (const n of sizes) {
      const dir = join(root, String(n));
      const prepared = await child<null>(['prepare', dir, String(n)]);
      process.stderr.write(`bench:scale: ${n} records per side written to data folders (${prepared.wallMs} ms)\n`);
      const initial = await child<Sync>(['sync', dir]);
      process.stderr.write(`bench:scale: ${n} initial sync ${initial.result.ms} ms, peak ${initial.peakMB} MB\n`);
      await child<null>(['edit', dir]);
      const resync = await child<Sync>(['sync', dir]);
      process.stderr.write(`bench:scale: ${n} re-sync after 1% ${resync.result.ms} ms, peak ${resync.peakMB} MB\n`);
      const row = (r: ChildResult<Sync>) => ({
        ...r.result,
        processMs: r.wallMs,
        recordsPerSecond: Math.round(((2 * n) / r.result.ms) * 1000),
        peakResidentMB: r.peakMB,
      });
      runs.push({ adapter: 'folder', recordsPerSide: n, initial: row(initial), resyncAfter1Percent: row(resync) });
      if (process.env.SCALE_MEMORY === '1') {
        const memory = await child<{ initial: Sync; resync: Sync }>(['memory', dir, String(n)]);
        process.stderr.write(`bench:scale: ${n} in memory: initial ${memory.result.initial.ms} ms, re-sync ${memory.result.resync.ms} ms, peak ${memory.peakMB} MB\n`);
        runs.push({ adapter: 'memory', recordsPerSide: n, ...memory.result, peakResidentMB: memory.peakMB });
      }
      rmSync(dir, { recursive: true, force: true });
    }
    const folder = runs.filter((r) => r.adapter === 'folder') as { recordsPerSide: number; initial: { ms: number; peakResidentMB: number } }[];
    const [base, top] = [folder[0]!, folder[folder.length - 1]!];
    const result = {
      benchmark: 'scale',
      flow: 'hubspot-contact-to-tripletex-customer (creation: when no match)',
      runs,
      /** Against the baseline of the same run: records x, time x, peak memory x. */
      growth: {
        records: top.recordsPerSide / base.recordsPerSide,
        initialTime: Number((top.initial.ms / base.initial.ms).toFixed(2)),
        initialPeakMemory: Number((top.initial.peakResidentMB / base.initial.peakResidentMB).toFixed(2)),
      },
      goals: { under2GBResident: folder.every((r) => r.initial.peakResidentMB < 2048) },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
