/**
 * `dataflow state move` checks its target against the specs folder: state
 * moved to a key no spec has would be claimed by no sync (the next run would
 * create again what it linked), so a typo is refused with the near keys.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../runtime/sync/index.js';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
const BIN = resolve('bin/dataflow.js');
const CORPUS = resolve('../shared/corpus/latest/hubspot-zendesk.rst');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project with the real corpus spec hubspot-zendesk.rst in specs/, and state of `keys` (one link each, two coverage runs). */
function project(keys: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-state-move-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'specs'));
  copyFileSync(CORPUS, join(dir, 'specs', 'hubspot-zendesk.rst'));
  const store = openStateStore(join(dir, 'state.db'));
  for (const key of keys) {
    store.commit(key, [{ sourceId: 1, targetId: 'a', source: null, target: null, digest: null }], 'none');
    store.addCoverage(key, new Map([['runs', 2]]));
  }
  store.close();
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, 'state', ...args, '--state', join(dir, 'state.db')], { encoding: 'utf8', cwd: dir });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const keysNow = () => (JSON.parse(run('list', '--json').stdout) as { flows: { key: string; coverageRuns?: number }[] }).flows;
  return { dir, run, keysNow };
}

describe('dataflow state move: the new key must be a flow (or spec) of the specs folder', () => {
  it('refuses a flow key with a typo, naming the flow meant and the flows there; moves nothing', () => {
    const p = project(['hubspot-zendesk/hubspot-contact-to-zendesk-user']);
    const typo = p.run('move', 'hubspot-zendesk/hubspot-contact-to-zendesk-user', 'hubspot-zendesk/hubspot-contact-to-zendesk-usr');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      'dataflow: hubspot-zendesk/hubspot-contact-to-zendesk-usr is not a flow of specs/hubspot-zendesk.rst ' +
        '(did you mean hubspot-zendesk/hubspot-contact-to-zendesk-users?); its flows: hubspot-contact-to-zendesk-users, ' +
        'hubspot-company-to-zendesk-organizations, hubspot-pipelineticket-to-zendesk-tickets, hubspot-ticket-to-zendesk-tickets, ' +
        'hubspot-user-to-zendesk-users; pass --force to move it there all the same',
    );
    expect(p.keysNow().map((f) => f.key)).toEqual(['hubspot-zendesk/hubspot-contact-to-zendesk-user']);

    // The key it names works, and the coverage counts go with the links.
    const moved = p.run('move', 'hubspot-zendesk/hubspot-contact-to-zendesk-user', 'hubspot-zendesk/hubspot-contact-to-zendesk-users');
    expect(moved).toMatchObject({ code: 0, stderr: 'state: moved hubspot-zendesk/hubspot-contact-to-zendesk-user to hubspot-zendesk/hubspot-contact-to-zendesk-users\n' });
    expect(p.keysNow()).toEqual([{ key: 'hubspot-zendesk/hubspot-contact-to-zendesk-users', links: 1, intents: 0, coverageRuns: 2 }]);
  });

  it('refuses a spec that is not in the specs folder, for a flow key and for a whole spec', () => {
    const p = project(['old-slug/hubspot-contact-to-zendesk-users']);
    const flow = p.run('move', 'old-slug/hubspot-contact-to-zendesk-users', 'hubspot-zendsk/hubspot-contact-to-zendesk-users');
    expect(flow.code).toBe(2);
    expect(flow.stderr).toContain('"hubspot-zendsk" is not a spec in specs (did you mean hubspot-zendesk?); the specs there: hubspot-zendesk; pass --force');
    const whole = p.run('move', 'old-slug', 'hubspot-zendsk');
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('did you mean hubspot-zendesk?');
    expect(p.keysNow().map((f) => f.key)).toEqual(['old-slug/hubspot-contact-to-zendesk-users']);
  });

  it('--force moves to a key no spec has; --specs checks against another folder', () => {
    const p = project(['hubspot-zendesk/hubspot-contact-to-zendesk-users']);
    expect(p.run('move', 'hubspot-zendesk/hubspot-contact-to-zendesk-users', 'elsewhere/contacts', '--force').code).toBe(0);
    expect(p.keysNow().map((f) => f.key)).toEqual(['elsewhere/contacts']);
    const none = p.run('move', 'elsewhere/contacts', 'hubspot-zendesk/hubspot-contact-to-zendesk-users', '--specs', join(p.dir, 'nowhere'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no specs folder nowhere (give --specs DIR), or pass --force');
    expect(p.run('move', 'elsewhere/contacts', 'hubspot-zendesk/hubspot-contact-to-zendesk-users', '--specs', join(p.dir, 'specs')).code).toBe(0);
  });

  it('onto a flow that holds only coverage counts (runs that linked nothing): the counts of both add up', () => {
    const p = project(['hubspot-zendesk/hubspot-contact-to-zendesk-user']);
    const store = openStateStore(join(p.dir, 'state.db'));
    store.addCoverage('hubspot-zendesk/hubspot-contact-to-zendesk-users', new Map([['runs', 1]]));
    store.close();
    expect(p.run('move', 'hubspot-zendesk/hubspot-contact-to-zendesk-user', 'hubspot-zendesk/hubspot-contact-to-zendesk-users').code).toBe(0);
    expect(p.keysNow()).toEqual([{ key: 'hubspot-zendesk/hubspot-contact-to-zendesk-users', links: 1, intents: 0, coverageRuns: 3 }]);
  });

  it('a whole-spec move names the moved flows that are no flow of the new spec', () => {
    const p = project(['old-slug/hubspot-contact-to-zendesk-users', 'old-slug/hubspot-contacts-to-zendesk-users']);
    const moved = p.run('move', 'old-slug', 'hubspot-zendesk');
    expect(moved.code).toBe(0);
    expect(moved.stderr).toBe(
      'state: moved old-slug to hubspot-zendesk\n' +
        'state: hubspot-zendesk/hubspot-contacts-to-zendesk-users is not a flow of hubspot-zendesk; `dataflow sync hubspot-zendesk` ' +
        'carries it over if diff recognises the rename, else says which `state move` does\n',
    );
    expect(p.keysNow().map((f) => f.key)).toEqual(['hubspot-zendesk/hubspot-contact-to-zendesk-users', 'hubspot-zendesk/hubspot-contacts-to-zendesk-users']);
  });
});
