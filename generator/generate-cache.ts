/**
 * generate's local cache, kept out of the committed output so that what is
 * committed depends on the specs alone: per spec the hash of its bytes, the
 * content hash it rendered to, its warnings (shown again on runs that skip
 * it), and the size and mtime of each file written, so an unchanged tree is
 * confirmed with a stat per file and a hand edit is still caught.
 * It lives in `node_modules/.cache/dataflow/` beside the project's packages.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from './ir.js';

export interface FileStat {
  size: number;
  mtimeMs: number;
}

export interface CachedSpec {
  /** sha256 of the spec's bytes. */
  bytes: string;
  /** The content hash the manifest records for it. */
  content: string;
  /** Warnings and notes of its last parse (a spec with errors is never cached). */
  diagnostics: Diagnostic[];
  /** Output-relative path -> what a stat said right after the file was written or verified. */
  stats: Record<string, FileStat>;
  /** What a stat said of the user's predicates file when it last parsed: another stat has it parsed again (the spec re-rendered). */
  predicates?: FileStat;
  /** The key of the config's `fields` for the spec when it rendered (declared-fields.ts); absent: none declared. */
  fields?: string;
  /** Warnings against the config file about those fields (shown again on runs that skip the spec). */
  fieldWarnings?: { file: string; diagnostics: Diagnostic[] }[];
}

export interface GenerateCache {
  /** The generator that wrote it (version, templates, code): another one re-renders everything. */
  fingerprint: string;
  specs: Record<string, CachedSpec>;
}

/** The cache file for an output folder: under the nearest `node_modules` at or above `root`, or none. */
export function cacheFile(root: string, outDir: string): string | null {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) {
      const key = createHash('sha256').update(outDir).digest('hex').slice(0, 16);
      return join(dir, 'node_modules', '.cache', 'dataflow', `generate-${key}.json`);
    }
    if (dirname(dir) === dir) return null;
  }
}

export function readCache(file: string | null, fingerprint: string): GenerateCache {
  const empty: GenerateCache = { fingerprint, specs: {} };
  if (file === null) return empty;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<GenerateCache>;
    if (data.fingerprint !== fingerprint || typeof data.specs !== 'object' || data.specs === null) return empty;
    return { fingerprint, specs: data.specs };
  } catch {
    return empty;
  }
}

/** Best effort: a cache that cannot be written only makes the next run slower. */
export function writeCache(file: string | null, cache: GenerateCache): void {
  if (file === null) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(cache));
    renameSync(temp, file);
  } catch {
    // read-only node_modules, a full disk: nothing is lost
  }
}
