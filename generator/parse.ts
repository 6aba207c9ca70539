/**
 * The parser's front door: spec bytes or files to the IR document, with every
 * diagnostic collected. Readers are picked by file extension (`.rst` built in;
 * others, like Markdown, register themselves with `registerReader`).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { VFile } from 'vfile';
import { decodeSpec } from './decode.js';
import { extractDocument } from './extract/document.js';
import type { Diagnostic, Document } from './ir.js';
import type { Reader } from './read/reader.js';
import { diagnosticsOf, report, reportSuppressed } from './read/report.js';
import { readMarkdown } from './read/markdown/read-markdown.js';
import { readRst } from './read/rst-reader.js';

export type { Reader } from './read/reader.js';

const readers = new Map<string, Reader>([
  ['.rst', readRst],
  ['.md', readMarkdown],
]);

/** Makes files ending in `extension` (".md") readable, and found by `findSpecFiles`. */
export function registerReader(extension: string, reader: Reader): void {
  readers.set(extension.toLowerCase(), reader);
}

/** The reader for a path; files with an unknown extension are read as RST (the format the tool is for). */
export function readerFor(path: string): Reader {
  return readers.get(extname(path).toLowerCase()) ?? readRst;
}

/** Parses one spec. Never throws for bad input: every problem is a diagnostic. */
export function parseSpecText(file: string, contents: string | Uint8Array): Document {
  const decoded = decodeSpec(contents);
  const vfile = new VFile({ path: file, value: decoded.text });
  for (const d of decoded.diagnostics) report(vfile, d.severity, d.code, d.message, d);
  let body: Omit<Document, 'diagnostics'>;
  try {
    const outline = readerFor(file)(vfile);
    body = extractDocument(outline, vfile, file);
  } catch (error) {
    // A bug of ours must not become a stack trace for the user: report it against the file.
    const reason = error instanceof Error ? error.message : String(error);
    report(vfile, 'error', 'internal-error', `the parser failed on this file: ${reason}`, { line: 1, column: 1 });
    body = { file, title: '', sourceSystem: '', targetSystem: '', generatedAt: null, flows: [] };
  }
  reportSuppressed(vfile);
  return { ...body, diagnostics: sortDiagnostics(diagnosticsOf(vfile)) };
}

/** Reads and parses one spec file. Rejects only when the file cannot be read. */
export async function parseSpecFile(path: string): Promise<Document> {
  return parseSpecText(path, await readFile(path));
}

/** Thrown by `findSpecFiles` for a path that does not exist. */
export class SpecPathError extends Error {}

/**
 * The spec files named by `paths`: files as given, folders searched
 * recursively for files a reader is registered for, each folder's files sorted.
 */
export async function findSpecFiles(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new SpecPathError(`no such file or folder: ${path}`);
    }
    const files = info.isDirectory() ? await walk(path) : [path];
    for (const file of files) {
      if (!seen.has(file)) {
        seen.add(file);
        found.push(file);
      }
    }
  }
  return found;
}

async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      files.push(...(await walk(path)));
    } else if (readers.has(extname(entry.name).toLowerCase())) {
      files.push(path);
    }
  }
  return files.sort();
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}
