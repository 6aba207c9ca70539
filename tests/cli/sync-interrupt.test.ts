/**
 * Ctrl-C on a long `dataflow sync` between data folders: the first SIGINT
 * lets the chunk being written finish and be recorded, prints the report so
 * far marked as interrupted, says on stderr what was kept and exits 1; a
 * second SIGINT exits 1 at once. Either way the folders and the state agree,
 * no temporary copy is left, and a rerun completes with every record once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
const BIN = join(process.cwd(), 'bin', 'dataflow.js');
const GENERATED = join(process.cwd(), 'tests/runtime/fixtures/generated');
/** Three chunks of the engine's 20,000 creations (the last one 5,000): the run is stopped after the first or the second. */
const CUSTOMERS = 45_000;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-sync-interrupt-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'left'));
  mkdirSync(join(dir, 'right'));
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: i + 1, email: `c${i}@example.com`, name: `Customer ${i}`, visits: i % 7 }));
  writeFileSync(join(dir, 'left', 'customers.json'), JSON.stringify(customers));
  const args = [BIN, 'sync', 'shop-crm', '--left', 'left', '--right', 'right', '--state', 'state.db', '--generated', GENERATED];
  const file = join(dir, 'right', 'contacts.json');
  // No file yet is no contacts (contracts.md section 4).
  const contacts = () => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { properties: { email: string } }[]) : []);
  return { dir, args, contacts };
}

/** Starts a sync, sends SIGINT `times` times once it has written its first chunk (each after the line the previous one gave). */
function interrupted(w: ReturnType<typeof workspace>, times: 1 | 2): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, w.args, { cwd: w.dir });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const ready = sent === 0 ? /: \d+\/\d+ written\n/.test(stderr) : /stopping once the chunk being written/.test(stderr);
      if (ready && sent < times) {
        sent++;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** After a stop: the data file and the state agree, nothing temporary is left, and a rerun completes without a duplicate. */
function expectRerunCompletes(w: ReturnType<typeof workspace>, createdBefore: number) {
  expect(readdirSync(join(w.dir, 'right'))).toEqual(createdBefore > 0 ? ['contacts.json'] : []);
  expect(w.contacts()).toHaveLength(createdBefore);
  const rerun = spawnSync(process.execPath, w.args, { cwd: w.dir, encoding: 'utf8' });
  expect(rerun.stderr).not.toMatch(/\n\s+at /);
  expect(rerun.status).toBe(0);
  const report = JSON.parse(rerun.stdout) as { interrupted?: boolean; flows: { created: number; unchanged: number; linked: number; errors: unknown[] }[] };
  expect(report.interrupted).toBeUndefined();
  expect(report.flows[0]).toMatchObject({ created: CUSTOMERS - createdBefore, errors: [] });
  const contacts = w.contacts();
  expect(contacts).toHaveLength(CUSTOMERS);
  expect(new Set(contacts.map((c) => c.properties.email)).size).toBe(CUSTOMERS);
  expect(readdirSync(join(w.dir, 'right'))).toEqual(['contacts.json']);
}

describe('dataflow sync interrupted by Ctrl-C', () => {
  it('finishes the chunk it writes, records it, prints the report so far and exits 1; a rerun goes on without duplicates', async () => {
    const w = workspace();
    const run = await interrupted(w, 1);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sync: SIGINT: stopping once the chunk being written is written and recorded (again to stop at once)\n');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(run.stdout) as { spec: string; interrupted: boolean; flows: { id: string; created: number; updated: number; errors: unknown[] }[] };
    expect(report).toMatchObject({ spec: 'shop-crm', interrupted: true });
    // Stopped in the first flow, after the chunk it was writing (the second of three).
    expect(report.flows.map((f) => f.id)).toEqual(['shop-customers-to-crm-contacts']);
    const created = report.flows[0]!.created;
    expect(created % 20_000).toBe(0);
    expect(created).toBeGreaterThanOrEqual(20_000);
    expect(created).toBeLessThan(CUSTOMERS);
    expect(report.flows[0]!.errors).toEqual([]);
    expect(run.stderr).toContain(`dataflow: sync interrupted: ${report.flows[0]!.updated} written and recorded; run it again to continue\n`);
    expectRerunCompletes(w, created);
  }, 180_000);

  it('a second Ctrl-C stops it at once with exit 1 (here while a slow system flushes), and the rerun still duplicates nothing', async () => {
    const w = workspace();
    // The CRM side: the data folder behind a system whose flush takes a while (the first Ctrl-C waits for it).
    const sync = pathToFileURL(join(process.cwd(), 'dist/runtime/sync/index.js')).href;
    writeFileSync(
      join(w.dir, 'dataflow.config.mjs'),
      [
        `import { createFolderAdapter } from ${JSON.stringify(sync)};`,
        `const folder = createFolderAdapter(${JSON.stringify(join(w.dir, 'right'))});`,
        'const { kind, dir, ...system } = folder;',
        'const flush = async () => { await new Promise((resolve) => setTimeout(resolve, 3000)); folder.flush(); };',
        "export default { state: 'state.db', systems: { CRM: { ...system, flush } } };",
        '',
      ].join('\n'),
    );
    const run = await interrupted({ ...w, args: w.args.filter((a, i) => a !== '--right' && w.args[i - 1] !== '--right') }, 2);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dataflow: sync stopped at once (SIGINT again); the next run goes on from what was recorded, duplicating nothing\n');
    expect(run.stderr).not.toContain('sync interrupted:');
    expect(run.stdout).toBe('');
    // Stopped before the flush: the data file was never written, and the creations begun are recovered (as never made).
    expectRerunCompletes(w, 0);
  }, 180_000);
});
