/**
 * Whether a process that left a mark (a lock, a temporary file) still runs: a pid on this machine
 * that is gone (a killed run) no longer holds what it marked.
 */
import { hostname } from 'node:os';

/**
 * True while `pid` runs on this machine. With `host`, a mark left on another machine counts as alive:
 * its pid says nothing here.
 */
export function isAlive(pid: number, host?: string): boolean {
  if (host !== undefined && host !== hostname()) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
