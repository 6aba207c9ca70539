/**
 * Writes the site atomically: every file into a temporary folder beside the
 * output, then one rename. A run that fails leaves the previous site whole;
 * a folder that is not a dataflow docs site is never replaced.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Marks a folder as written by `dataflow docs`, so a later run may replace it. */
export const SITE_MARKER = '.dataflow-docs';

export class SiteFolderError extends Error {}

export async function writeSite(out: string, files: ReadonlyMap<string, string>): Promise<void> {
  const target = resolve(out);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new SiteFolderError(`${out}: exists and is not a folder`);
    if (readdirSync(target).length > 0 && !existsSync(join(target, SITE_MARKER))) {
      throw new SiteFolderError(`${out}: is a folder that dataflow docs did not write (no ${SITE_MARKER}); choose another --out or remove it`);
    }
  }
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const temp = join(parent, `.${basename(target)}.tmp-${suffix}`);
  const old = join(parent, `.${basename(target)}.old-${suffix}`);
  try {
    await mkdir(temp);
    const folders = new Set<string>();
    for (const path of files.keys()) folders.add(dirname(join(temp, path)));
    for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
    for (const [path, content] of files) await writeFile(join(temp, path), content);
    await writeFile(join(temp, SITE_MARKER), 'This folder is written by `dataflow docs`; it is replaced as a whole on the next run.\n');
    if (existsSync(target)) await rename(target, old);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
