/**
 * The parser's front door: spec bytes or files to the IR document, with every
 * diagnostic collected. Readers are picked by file extension (`.rst` built in;
 * others, like Markdown, register themselves with `registerReader`).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { VFile } from 'vfile';
import { decodeSpec } from './decode.js';
import { extractDocument } from './extract/document.js';
import type { Diagnostic, Document } from './ir.js';
import type { Reader } from './read/reader.js';
import { diagnosticsOf, report, reportSuppressed } from './read/report.js';
import { readMarkdown } from './read/markdown/read-markdown.js';
import { readRst } from './read/rst-reader.js';

import { addSpecExtension } from './spec-files.js';

export type { Reader } from './read/reader.js';
export { findSpecFiles, SpecPathError } from './spec-files.js';

const readers = new Map<string, Reader>([
  ['.rst', readRst],
  ['.md', readMarkdown],
]);

/** Makes files ending in `extension` (".md") readable, and found by `findSpecFiles`. */
export function registerReader(extension: string, reader: Reader): void {
  readers.set(extension.toLowerCase(), reader);
  addSpecExtension(extension);
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
  if (decoded.notText) {
    // Nothing to read: the reader would only add a missing title and such to the one error.
    body = { file, title: '', sourceSystem: '', targetSystem: '', generatedAt: null, flows: [] };
    return { ...body, diagnostics: decoded.diagnostics };
  }
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

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}
