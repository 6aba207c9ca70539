/**
 * `dataflow state drop` deletes what makes sync know its records: it shows
 * what goes, asks y/N on a terminal, refuses without one unless --yes, and
 * --dry-run drops nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../runtime/sync/index.js';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
const BIN = resolve('bin/dataflow.js');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** State of two flows of spec a-b (2 links each, 3 coverage runs), one flow with coverage counts only, and one flow of spec c-d. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-state-drop-'));
  dirs.push(dir);
  const state = join(dir, 'state.db');
  const store = openStateStore(state);
  const link = (sourceId: number, targetId: string) => ({ sourceId, targetId, source: null, target: null, digest: null });
  for (const key of ['a-b/f1', 'a-b/f2', 'c-d/g1']) {
    store.commit(key, [link(1, 'x'), link(2, 'y')], 'none');
    store.addCoverage(key, new Map([['runs', 3]]));
  }
  store.addCoverage('a-b/f3', new Map([['runs', 1]]));
  store.close();
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, 'state', ...args, '--state', state], { encoding: 'utf8', cwd: dir });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** The same on a terminal (util-linux `script` gives it one), typing `answer`. */
  const onTerminal = (answer: string, ...args: string[]) => {
    const command = [process.execPath, BIN, 'state', ...args, '--state', state].map((a) => `'${a}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', cwd: dir, input: answer, env: { ...process.env, NO_COLOR: '1' } });
    return { code: result.status, output: result.stdout };
  };
  const keys = () => (JSON.parse(run('list', '--json').stdout) as { flows: { key: string }[] }).flows.map((f) => f.key);
  return { dir, state, run, onTerminal, keys };
}

const A_B = [
  'a-b: 3 flows, 4 links, 0 pending creations',
  '  a-b/f1  2 links, 0 pending creations, coverage of 3 runs',
  '  a-b/f2  2 links, 0 pending creations, coverage of 3 runs',
  '  a-b/f3  0 links, 0 pending creations, coverage of 1 run',
  'state: the next sync sees their records as new: it may create them again in the target',
].join('\n');

describe('dataflow state drop', () => {
  it('without a terminal (CI, a script) refuses unless --yes: exit 2 with the hint, nothing dropped', () => {
    const p = project();
    const before = readFileSync(p.state);
    const refused = p.run('drop', 'a-b');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `state: would drop ${A_B}\ndataflow: state drop asks before deleting, and there is no terminal to ask on: pass --yes to drop a-b (--dry-run shows what goes)\n`,
    );
    expect(readFileSync(p.state)).toEqual(before);

    const yes = p.run('drop', 'a-b', '--yes');
    expect(yes.code).toBe(0);
    expect(yes.stderr).toBe(`state: dropping ${A_B}\nstate: dropped a-b (3 flows, 4 links, 0 pending creations)\n`);
    expect(p.keys()).toEqual(['c-d/g1']);
    // The coverage-only flow went too: nothing of a-b is left for coverage to count.
    const store = openStateStore(p.state, { readonly: true });
    expect([...store.loadCoverage('a-b').keys()]).toEqual([]);
    expect([...store.loadCoverage('c-d').keys()]).toEqual(['c-d/g1']);
    store.close();
  });

  it('--dry-run shows what would go and drops nothing (exit 0), no --yes needed', () => {
    const p = project();
    const before = readFileSync(p.state);
    const dry = p.run('drop', 'a-b/f1', '--dry-run');
    expect(dry).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'state: would drop a-b/f1: 1 flow, 2 links, 0 pending creations\n' +
        '  a-b/f1  2 links, 0 pending creations, coverage of 3 runs\n' +
        'state: the next sync sees their records as new: it may create them again in the target\n' +
        'state: dry run, nothing dropped\n',
    });
    expect(readFileSync(p.state)).toEqual(before);
  });

  it('on a terminal shows what goes and asks y/N: only y or yes drops; anything else, or Enter, keeps it', () => {
    const p = project();
    for (const answer of ['\n', 'n\n', 'sure\n']) {
      const kept = p.onTerminal(answer, 'drop', 'a-b/f1');
      expect(kept.code).toBe(0);
      expect(kept.output).toContain('Drop the state of a-b/f1? [y/N] ');
      expect(kept.output).toContain('state: nothing dropped');
      expect(p.keys()).toEqual(['a-b/f1', 'a-b/f2', 'c-d/g1']);
    }
    const dropped = p.onTerminal('y\n', 'drop', 'a-b/f1');
    expect(dropped.code).toBe(0);
    expect(dropped.output).toContain('state: would drop a-b/f1: 1 flow, 2 links, 0 pending creations');
    expect(dropped.output).toContain('state: dropped a-b/f1 (1 flow, 2 links, 0 pending creations)');
    expect(p.keys()).toEqual(['a-b/f2', 'c-d/g1']);
    // A whole spec: the question names how many flows.
    const spec = p.onTerminal('yes\n', 'drop', 'c-d');
    expect(spec.output).toContain('Drop the state of c-d/g1? [y/N] ');
    expect(p.keys()).toEqual(['a-b/f2']);
    expect(p.onTerminal('y\n', 'drop', 'a-b').output).toContain('Drop the state of these 2 flows? [y/N] ');
    expect(p.keys()).toEqual([]);
  });

  it('a key with no state is a usage error before anything is asked', () => {
    const p = project();
    expect(p.run('drop', 'a-b/nope', '--yes')).toMatchObject({ code: 2, stderr: 'dataflow: a-b/nope: no such state; `dataflow state list` shows the keys\n' });
    expect(p.run('drop', 'x-y')).toMatchObject({ code: 2, stderr: 'dataflow: x-y: no such state (no flow of that spec has any); `dataflow state list` shows the keys\n' });
    expect(p.keys()).toEqual(['a-b/f1', 'a-b/f2', 'c-d/g1']);
  });
});
