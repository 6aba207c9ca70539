/**
 * A sync stopped by its system (here: no token for a REST system) says what
 * it left behind truthfully: a dry run wrote nothing, a run that had not
 * written yet wrote nothing, and only a run that wrote says it is recorded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRestConfig } from '../fixtures/generate/cli.js';

// Runs the built command and package (npm test builds first); `npm run build` before running this file alone.
const ROOT = resolve('.');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The bundled hubspot-tripletex spec with hubspot() and tripletex() from a config, and no tokens in the environment. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-sync-stop-'));
  dirs.push(dir);
  writeRestConfig(join(dir, 'dataflow.config.mjs'), 'HubSpot: hubspot(), Tripletex: tripletex()');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['HUBSPOT_TOKEN', 'TRIPLETEX_CONSUMER_TOKEN', 'TRIPLETEX_EMPLOYEE_TOKEN']) delete env[name];
  // Nothing listens there: were a request sent, it would fail, not reach a real system.
  env.HUBSPOT_BASE_URL = 'http://127.0.0.1:9';
  env.TRIPLETEX_BASE_URL = 'http://127.0.0.1:9/v2';
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/dataflow.js'), 'sync', 'hubspot-tripletex', ...args], { encoding: 'utf8', cwd: dir, env });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { dir, run };
}

describe('dataflow sync stopped by a system without credentials', () => {
  it('a dry run says it wrote nothing, not that what it wrote is in the state', () => {
    const p = project();
    const out = p.run('--dry-run');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(
      'dataflow: sync stopped: HubSpot: no access token; set HUBSPOT_TOKEN or pass hubspot({ token }); ' +
        'a dry run writes nothing (neither the systems nor the state changed); fix the cause and run again\n',
    );
    expect(out.stderr).not.toContain('in the state');
    expect(existsSync(join(p.dir, 'state.db'))).toBe(false);
  });

  it('a run stopped before its first write says nothing was written to either system', () => {
    const out = project().run();
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('dataflow: sync stopped: HubSpot: no access token; set HUBSPOT_TOKEN or pass hubspot({ token }); nothing was written to either system; fix the cause and run again\n');
  });
});
