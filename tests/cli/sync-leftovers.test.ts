/**
 * A sync stopped while it wrote a data file (Ctrl-C, a kill) leaves the
 * temporary copy it was writing (`contacts.json.<pid>.<random>.tmp`) beside
 * the complete file: the next run removes it and says so, a dry run only says
 * so, and a copy a live process is writing is left alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
const BIN = join(process.cwd(), 'bin', 'dataflow.js');
const GENERATED = join(process.cwd(), 'tests/runtime/fixtures/generated');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited: what a killed sync's temporary copy is named by. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-sync-leftovers-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'left'));
  mkdirSync(join(dir, 'right'));
  writeFileSync(join(dir, 'left', 'customers.json'), JSON.stringify([{ id: 1, email: 'ann@example.com', name: 'Ann', visits: 3 }]));
  const contacts = [{ id: 'c9', properties: { email: 'ANN@example.com', name: 'Ann' } }];
  writeFileSync(join(dir, 'right', 'contacts.json'), JSON.stringify(contacts));
  const run = (...extra: string[]) => {
    const result = spawnSync(
      process.execPath,
      [BIN, 'sync', 'shop-crm', '--left', 'left', '--right', 'right', '--state', 'state.db', '--generated', GENERATED, ...extra],
      { cwd: dir, encoding: 'utf8' },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { dir, run };
}

describe('dataflow sync after a run stopped while writing a data file', () => {
  it('removes the temporary copy the stopped run left, says so, and syncs from the complete file', () => {
    const w = workspace();
    const pid = deadPid();
    const leftover = `contacts.json.${pid}.k3j9x2.tmp`;
    // What a run killed in the middle of the write leaves: the start of the new file.
    writeFileSync(join(w.dir, 'right', leftover), '[\n  {\n    "id": "c9",\n    "prope');

    const dry = w.run('--dry-run');
    expect(dry.stderr).toContain(
      `sync: right/${leftover}: a temporary copy of contacts.json left by a run stopped while writing it (process ${pid} is gone); ` +
        'contacts.json is the last complete one; a run removes it, a dry run removes nothing\n',
    );
    expect(existsSync(join(w.dir, 'right', leftover))).toBe(true);

    const run = w.run();
    expect(run.stderr).toContain(
      `sync: removed right/${leftover}: a temporary copy of contacts.json left by a run stopped while writing it (process ${pid} is gone); ` +
        'contacts.json is the last complete one\n',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    expect(readdirSync(join(w.dir, 'right'))).toEqual(['contacts.json']);
    // Synced from the complete file: Ann linked by e-mail, not created again.
    const report = JSON.parse(run.stdout) as { flows: { created: number; linked: number }[] };
    expect(report.flows[0]).toMatchObject({ created: 0, linked: 1 });
    expect((JSON.parse(readFileSync(join(w.dir, 'right', 'contacts.json'), 'utf8')) as unknown[]).length).toBe(1);

    // Nothing left to say on the next run.
    expect(w.run().stderr).not.toContain('temporary copy');
  });

  it('leaves alone a temporary copy whose writer is still running, and files that only look alike', () => {
    const w = workspace();
    // This test's own process is alive: a copy named by it is being written.
    const live = `contacts.json.${process.pid}.a1b2c3.tmp`;
    const other = 'contacts.json.backup.tmp';
    writeFileSync(join(w.dir, 'right', live), '[');
    writeFileSync(join(w.dir, 'right', other), '[]');
    const run = w.run();
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('temporary copy');
    expect(readdirSync(join(w.dir, 'right')).sort()).toEqual(['contacts.json', other, live].sort());
  });
});
