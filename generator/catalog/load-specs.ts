/**
 * Reads a set of spec files for the cross-spec tools (lint, docs, coverage):
 * each parsed document with its text, its path as shown to people, and a page
 * id that stays unique when two folders hold files of the same name.
 */
import { readFile } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import { decodeSpec } from '../decode.js';
import type { Document } from '../ir.js';
import { parseSpecText } from '../parse.js';
import { findSpecFiles } from '../spec-files.js';

export interface LoadedSpec {
  document: Document;
  /** The path as diagnostics print it (as found from the paths given). */
  file: string;
  /** `/`-separated path relative to the root the specs were found under: `sub/hubspot-tripletex.rst`. */
  relativePath: string;
  /** The file name without its extension: what `generate` names the spec's folder. */
  slug: string;
  /** Unique among the loaded specs, safe as a file name: `sub--hubspot-tripletex`. */
  pageId: string;
  /** The decoded text (LF), for positions and provenance. */
  lines: string[];
}

/** Finds and parses every spec under `paths`; `root` is what `relativePath` is relative to. */
export async function loadSpecs(paths: readonly string[], root?: string): Promise<LoadedSpec[]> {
  const files = await findSpecFiles([...paths]);
  const specs: LoadedSpec[] = [];
  const taken = new Set<string>();
  for (const file of files) {
    let bytes: Uint8Array | string;
    try {
      bytes = await readFile(file);
    } catch (error) {
      bytes = '';
      const document = parseSpecText(file, '');
      document.diagnostics = [
        { severity: 'error', code: 'unreadable', message: `cannot read the file: ${(error as Error).message}`, line: 1, column: 1 },
      ];
      specs.push(entry(file, root, document, [], taken));
      continue;
    }
    const document = parseSpecText(file, bytes);
    specs.push(entry(file, root, document, decodeSpec(bytes).text.split('\n'), taken));
  }
  return specs;
}

function entry(file: string, root: string | undefined, document: Document, lines: string[], taken: Set<string>): LoadedSpec {
  const rel = (root ? relative(root, file) : file).split(sep).join('/');
  const relativePath = rel === '' ? basename(file) : rel.startsWith('../') ? file.split(sep).join('/') : rel;
  const slug = (relativePath.split('/').pop() ?? relativePath).replace(/\.[^.]*$/, '');
  return { document, file, relativePath, slug, pageId: uniqueId(relativePath, taken), lines };
}

/** A file-name-safe id from a relative path: only [a-z0-9._-], folders joined by `--`. */
export function uniqueId(text: string, taken: Set<string>): string {
  const base =
    text
      .replace(/\.[^./]*$/, '')
      .split('/')
      .map((part) => part.toLowerCase().replace(/[^a-z0-9._@-]+/g, '-').replace(/@/g, '_').replace(/^[-.]+|-+$/g, ''))
      .filter(Boolean)
      .join('--') || 'spec';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
