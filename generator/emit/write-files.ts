/**
 * Applies a set of file changes as one step: every new text goes to a
 * temporary file beside its destination first; only when all of them are
 * written are they renamed into place, so a failure while writing leaves the
 * output folder as it was.
 */
import { mkdirSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FileChanges {
  /** Output-relative path -> new text. */
  write: Map<string, string>;
  /** Output-relative paths to delete. */
  remove: string[];
}

export function applyChanges(outDir: string, changes: FileChanges): void {
  const staged: { temp: string; final: string }[] = [];
  try {
    let n = 0;
    for (const [path, text] of changes.write) {
      const final = join(outDir, path);
      mkdirSync(dirname(final), { recursive: true });
      const temp = join(dirname(final), `.dataflow-${process.pid}-${n++}.tmp`);
      writeFileSync(temp, text);
      staged.push({ temp, final });
    }
  } catch (error) {
    for (const { temp } of staged) {
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
    }
    throw error;
  }
  for (const { temp, final } of staged) renameSync(temp, final);
  for (const path of changes.remove) {
    try {
      unlinkSync(join(outDir, path));
    } catch {
      // already gone
    }
    removeEmptyParents(outDir, dirname(join(outDir, path)));
  }
}

/** Removes folders left empty by orphan removal, up to (not including) the output folder. */
function removeEmptyParents(outDir: string, dir: string): void {
  const root = join(outDir);
  while (dir.startsWith(root) && dir !== root) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}
