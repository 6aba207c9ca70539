/**
 * The manifest of what `generate` owns in the output folder: per spec its
 * path, content hash and the files generated from it (with their hashes). It
 * lets `generate` skip unchanged specs and remove files of specs that are gone
 * without touching anything it did not write.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';

export interface FileEntry {
  sha256: string;
  /** Lets an unchanged tree be confirmed with one stat per file instead of reading it. */
  bytes: number;
}

export interface SpecEntry {
  /** The spec as written in banners (relative to the project root, `/`-separated). */
  spec: string;
  /** The spec's content hash (spec-model.ts `contentHash`): what generate reads from it, not its bytes. */
  sha256: string;
  /** Output-relative path -> sha256 and byte length of the file, sorted by path. */
  files: Record<string, FileEntry>;
  /** Export names the user's predicates file of the spec (`predicates/<spec>.ts`) must have (the file itself is not owned). */
  predicates: string[];
}

/**
 * No generator version or fingerprint: the manifest is committed with the
 * output, and an upgrade that renders the same code must not change it (the
 * fingerprint lives in the local cache, generate-cache.ts).
 */
export interface Manifest {
  /** By spec slug, sorted. */
  specs: Record<string, SpecEntry>;
  /** Files made from all specs together (the test groups), sorted by path. */
  files: Record<string, FileEntry>;
}

export function emptyManifest(): Manifest {
  return { specs: {}, files: {} };
}

/** The manifest in `outDir`, or an empty one when there is none or it cannot be read. */
export function readManifest(outDir: string): Manifest {
  try {
    const data = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
    if (typeof data !== 'object' || data === null || typeof data.specs !== 'object' || data.specs === null) return emptyManifest();
    const files = typeof data.files === 'object' && data.files !== null ? data.files : {};
    return { specs: data.specs, files };
  } catch {
    return emptyManifest();
  }
}

/** Stable text: keys sorted, two-space indent, LF, final newline. */
function sortedFiles(files: Record<string, FileEntry>): Record<string, FileEntry> {
  const sorted: Record<string, FileEntry> = {};
  for (const path of Object.keys(files).sort()) {
    const file = files[path]!;
    sorted[path] = { sha256: file.sha256, bytes: file.bytes };
  }
  return sorted;
}

/**
 * A spec's entry as it stands in the manifest text (indented for its place),
 * kept per entry object: a long-running generate (`--watch`) reuses the
 * entries of the specs it did not render, so a save of one spec formats one
 * entry, not every spec's.
 */
const formatted = new WeakMap<SpecEntry, string>();

function formatEntry(slug: string, entry: SpecEntry): string {
  let text = formatted.get(entry);
  if (text === undefined) {
    const value = { spec: entry.spec, sha256: entry.sha256, files: sortedFiles(entry.files), predicates: [...(entry.predicates ?? [])] };
    // What JSON.stringify(manifest, null, 2) writes for it at depth two.
    text = `    ${JSON.stringify(slug)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n    ')}`;
    formatted.set(entry, text);
  }
  return text;
}

export function formatManifest(manifest: Manifest): string {
  const slugs = Object.keys(manifest.specs).sort();
  const files = JSON.stringify(sortedFiles(manifest.files), null, 2).replace(/\n/g, '\n  ');
  const specs = slugs.length === 0 ? '{}' : `{\n${slugs.map((slug) => formatEntry(slug, manifest.specs[slug]!)).join(',\n')}\n  }`;
  return `{\n  "specs": ${specs},\n  "files": ${files}\n}\n`;
}

/** Every file the manifest says `generate` owns, the manifest itself included. */
export function ownedFiles(manifest: Manifest): Set<string> {
  const owned = new Set<string>();
  for (const entry of Object.values(manifest.specs)) for (const path of Object.keys(entry.files)) owned.add(path);
  for (const path of Object.keys(manifest.files)) owned.add(path);
  return owned;
}
