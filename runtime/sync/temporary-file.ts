/**
 * The name of the temporary copy a data file is written to before its rename
 * (`contacts.json.14759.wy2746z5cq.tmp`: the file, the writer's pid, a random
 * part), and the copies a stopped run left behind: a process killed while it
 * wrote (Ctrl-C, a kill, a crash) cannot remove its own.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './process-alive.js';

const PATTERN = /^(.+\.json)\.(\d+)\.[a-z0-9]+\.tmp$/;

/** Where `file` is written before it is renamed over `file`. */
export function temporaryFileFor(file: string): string {
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

export interface LeftoverFile {
  /** The temporary copy (in `dir`). */
  path: string;
  /** The data file it was to replace. */
  file: string;
  /** The process that wrote it, gone now. */
  pid: number;
}

/** Temporary copies in `dir` whose writing process is gone from this machine; copies of live processes are theirs. */
export function leftoverTemporaryFiles(dir: string): LeftoverFile[] {
  const found: LeftoverFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const match = PATTERN.exec(name);
    if (!match) continue;
    const pid = Number(match[2]);
    if (isAlive(pid)) continue;
    found.push({ path: join(dir, name), file: join(dir, match[1]!), pid });
  }
  return found;
}
