/**
 * Turns the bytes of a spec file into text every reader can rely on: no BOM,
 * LF line endings only, no NUL bytes, and diagnostics for whatever had to be
 * repaired or could not be decoded.
 */
import type { Diagnostic } from './ir.js';
import { plural } from '../runtime/plural.js';
import { describeNonText } from './detect-binary.js';

export interface Decoded {
  /** The text, LF line endings, same number of lines as the input. */
  text: string;
  diagnostics: Diagnostic[];
  /** True for a file that is not a text document at all: `text` is empty and the one diagnostic says what it looks like. */
  notText?: true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes bytes (or normalises a string) into LF text, reporting what was odd or broken. */
export function decodeSpec(contents: string | Uint8Array): Decoded {
  // An image or archive decoded as text is hundreds of garbage runs: one error says what it is instead.
  const looksLike = describeNonText(contents);
  if (looksLike !== null) {
    return { text: '', diagnostics: [diag('error', NOT_TEXT, `not a text document: this looks like ${looksLike}`, 1, 1)], notText: true };
  }
  const diagnostics: Diagnostic[] = [];
  let text = typeof contents === 'string' ? contents : decodeBytes(contents, diagnostics);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A lone CR is an old Mac line ending: counting it as a line break keeps line numbers right.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.includes('\0')) text = replaceNul(text, diagnostics);
  reportControlCharacters(text, diagnostics);
  if (text.trim() === '') {
    diagnostics.push(diag('error', 'empty-file', 'the file is empty: expected a dataflow document', 1, 1));
  }
  return { text, diagnostics };
}

function decodeBytes(bytes: Uint8Array, diagnostics: Diagnostic[]): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le', diagnostics);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be', diagnostics);
  try {
    return utf8.decode(bytes);
  } catch {
    // Decode anyway (bad bytes become U+FFFD) so the rest of the file still gets read and
    // every bad place can be pointed at.
    const text = utf8Lenient.decode(bytes);
    reportReplacementCharacters(text, diagnostics);
    return text;
  }
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', diagnostics: Diagnostic[]): string {
  const body = bytes.subarray(2);
  if (body.length % 2 === 1) {
    diagnostics.push(diag('error', 'invalid-encoding', `${encoding.toUpperCase()} text with an odd number of bytes`, 1, 1));
  }
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(body);
}

function reportReplacementCharacters(text: string, diagnostics: Diagnostic[]): void {
  let count = 0;
  forEachMatch(text, /\uFFFD/g, (line, column) => {
    count++;
    if (count <= MAX_REPORTED) {
      diagnostics.push(diag('error', 'invalid-utf8', 'invalid UTF-8 byte sequence', line, column));
    }
  });
  if (count > MAX_REPORTED) {
    diagnostics.push(diag('error', 'invalid-utf8', plural(count - MAX_REPORTED, 'more invalid UTF-8 byte sequence', 'more invalid UTF-8 byte sequences'), 1, 1));
  }
}

function replaceNul(text: string, diagnostics: Diagnostic[]): string {
  let count = 0;
  forEachMatch(text, /\0/g, (line, column) => {
    count++;
    if (count <= MAX_REPORTED) diagnostics.push(diag('error', 'nul-byte', 'NUL byte in text', line, column));
  });
  if (count > MAX_REPORTED) {
    diagnostics.push(diag('error', 'nul-byte', plural(count - MAX_REPORTED, 'more NUL byte', 'more NUL bytes'), 1, 1));
  }
  // Removing NULs would shift columns; U+FFFD keeps every other position where it was.
  return text.replace(/\0/g, '\uFFFD');
}

/**
 * Binary junk decodes as text full of control characters; one error per file
 * (not one per byte) says what it is. A stray one or two in real text is only a warning.
 */
function reportControlCharacters(text: string, diagnostics: Diagnostic[]): void {
  const pattern = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
  const first = pattern.exec(text);
  if (!first) return;
  let count = 1;
  while (count < BINARY_CONTROL_CHARACTERS && pattern.exec(text) !== null) count++;
  const { line, column } = placeOf(text, first.index);
  const name = `U+${first[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
  diagnostics.push(
    count >= BINARY_CONTROL_CHARACTERS
      ? diag('error', 'binary', `control characters (first ${name}): this does not look like a text document`, line, column)
      : diag('warning', 'control-character', `control character ${name} in text`, line, column),
  );
}

/** The code of the one diagnostic a binary file gets. */
export const NOT_TEXT = 'not-text';

const BINARY_CONTROL_CHARACTERS = 8;
const MAX_REPORTED = 20;

function forEachMatch(text: string, pattern: RegExp, visit: (line: number, column: number) => void): void {
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(pattern)) {
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < match.index; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = match.index;
    visit(line, match.index - lineStart + 1);
  }
}

/** 1-based line and column of an offset in LF text. */
export function placeOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function diag(severity: Diagnostic['severity'], code: string, message: string, line: number, column: number): Diagnostic {
  return { severity, code, message, line, column };
}
