import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../runtime/sync/process-alive.js';

describe('isAlive', () => {
  // A pid that surely is gone: a child that has exited (and been reaped).
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;

  it('says a running process is alive and a finished one is not', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(gone)).toBe(false);
  });

  it('with a host: a pid on this machine is checked, one on another machine counts as alive', () => {
    expect(isAlive(gone, hostname())).toBe(false);
    expect(isAlive(process.pid, hostname())).toBe(true);
    expect(isAlive(gone, `not-${hostname()}`)).toBe(true);
  });
});
