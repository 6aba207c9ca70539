/**
 * Reading a data file (a JSON array of records) in pieces: the bytes are
 * scanned for the array's top-level elements and parsed a few hundred
 * kilobytes at a time, so a file larger than V8's longest string (about 512
 * million characters: a million records of a few hundred bytes) reads, and
 * its text is never held whole beside its records.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Why a file is not a JSON array: `not-array` (valid JSON of another kind) or invalid JSON with its message,
 * and, where the scan knows it, the file offset (in bytes) at which the JSON goes wrong.
 */
export class JsonArrayError extends Error {
  override readonly name = 'JsonArrayError';
  constructor(
    readonly kind: 'not-array' | 'invalid',
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

const READ = 4 << 20;
/** Parse elements once this many bytes of whole ones are waiting. */
const PARSE = 512 << 10;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The elements of the JSON array in `file` (a leading UTF-8 BOM is skipped).
 * Throws `JsonArrayError`, and the file system's errors as they are.
 */
export function readJsonArrayFile(file: string, sizes: { read?: number; parse?: number } = {}): unknown[] {
  const records: unknown[] = [];
  const fd = openSync(file, 'r');
  try {
    scan(fd, sizes.read ?? READ, sizes.parse ?? PARSE, (record) => void records.push(record));
  } finally {
    closeSync(fd);
  }
  return records;
}

/**
 * Visits each element of the JSON array read from `fd` (from its start) with
 * the byte range of its text in the file, `[start, end)` (white space after
 * it included), and returns how many there were. The element is parsed, and
 * can be dropped: its range reads it again.
 */
export function scanJsonArray(
  fd: number,
  visit: (element: unknown, start: number, end: number) => void,
  sizes: { read?: number; parse?: number } = {},
): number {
  return scan(fd, sizes.read ?? READ, sizes.parse ?? PARSE, visit);
}

function scan(fd: number, readBytes: number, parseBytes: number, visit: (element: unknown, start: number, end: number) => void): number {
  let count = 0;
  /** The file offset of `buffer[0]`. */
  let base = 0;
  /** Start and end offsets (in the file) of the whole elements not yet parsed. */
  let ranges: number[] = [];
  let buffer = Buffer.alloc(0);
  let eof = false;
  /** Reads more bytes onto the unparsed tail starting at `keep`; false at the end of the file. */
  const more = (keep: number): boolean => {
    if (eof) return false;
    const chunk = Buffer.allocUnsafe(readBytes);
    const n = readSync(fd, chunk, 0, readBytes, null);
    if (n === 0) {
      eof = true;
      return false;
    }
    base += Math.min(keep, buffer.length);
    buffer = keep < buffer.length ? Buffer.concat([buffer.subarray(keep), chunk.subarray(0, n)]) : Buffer.from(chunk.subarray(0, n));
    return true;
  };
  while (buffer.length < 3 && more(0));
  let at = 0;
  // The start: a BOM, white space, then `[`.
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) at = 3;
  for (;;) {
    while (at < buffer.length && isSpace(buffer[at]!)) at++;
    if (at < buffer.length) break;
    if (!more(buffer.length)) throw new JsonArrayError('invalid', 'Unexpected end of JSON input', base + buffer.length);
    at = 0;
  }
  if (buffer[at] !== OPEN_LIST) return notAnArray(fd, buffer.subarray(at));
  at++;

  /** Start of the whole elements not yet parsed (just after `[` or a `,`). */
  let pending = at;
  /** End of the last whole element (its `,` or the closing `]`), or -1. */
  let wholeEnd = -1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStarted = false;
  let afterComma = false;
  let closed = false;
  /** File offset where the element being scanned starts. */
  let elementStart = -1;
  const flush = () => {
    if (wholeEnd < 0) return;
    const text = buffer.toString('utf8', pending, wholeEnd);
    let items: unknown[];
    try {
      items = JSON.parse(`[${text}]`) as unknown[];
    } catch (error) {
      // V8's position counts from the piece parsed here, not the file: the offset below says where.
      const message = (error as Error).message.replace(/ in JSON at position \d+/, ' in JSON');
      throw new JsonArrayError('invalid', `${message} (in the records after the first ${count})`, failingOffset(buffer, base, ranges) ?? base + pending);
    }
    // One range per element (the scan splits where JSON.parse does).
    if (items.length !== ranges.length / 2) throw new JsonArrayError('invalid', `Unexpected token (in the records after the first ${count})`, base + pending);
    const parsed = ranges;
    ranges = [];
    for (let i = 0; i < items.length; i++) visit(items[i], parsed[2 * i]!, parsed[2 * i + 1]!);
    count += items.length;
    pending = wholeEnd + 1;
    wholeEnd = -1;
  };

  for (;;) {
    for (; at < buffer.length; at++) {
      const b = buffer[at]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      if (closed) {
        if (!isSpace(b)) throw new JsonArrayError('invalid', 'Unexpected non-whitespace character after JSON', base + at);
        continue;
      }
      if (depth === 0 && !elementStarted && !isSpace(b) && b !== COMMA && b !== CLOSE_LIST) elementStart = base + at;
      if (b === QUOTE) {
        inString = true;
        elementStarted = true;
      } else if (b === OPEN_OBJECT || b === OPEN_LIST) {
        depth++;
        elementStarted = true;
      } else if (b === CLOSE_OBJECT || (b === CLOSE_LIST && depth > 0)) {
        depth--;
        if (depth < 0) throw new JsonArrayError('invalid', `Unexpected token '}' (in the records after the first ${count})`, base + at);
      } else if (depth === 0 && (b === COMMA || b === CLOSE_LIST)) {
        // A missing element (`[,1]`, `[1,]`, `[1,,2]`) is not JSON, whichever piece it falls in.
        if (!elementStarted && (b === COMMA || afterComma)) {
          throw new JsonArrayError('invalid', `Unexpected token '${b === COMMA ? ',' : ']'}' (in the records after the first ${count})`, base + at);
        }
        afterComma = b === COMMA;
        if (elementStarted) ranges.push(elementStart, base + at);
        if (b === CLOSE_LIST) {
          closed = true;
          // `[]`, or the last element: everything up to here is whole (a trailing comma fails in JSON.parse).
          if (elementStarted || wholeEnd >= 0) wholeEnd = at;
          else pending = at + 1;
        } else {
          wholeEnd = at;
        }
        elementStarted = false;
        if (closed || wholeEnd - pending >= parseBytes) flush();
      } else if (!isSpace(b)) {
        elementStarted = true;
      }
    }
    if (closed) {
      // Drop what was scanned; only white space may follow.
      base += buffer.length;
      buffer = Buffer.alloc(0);
      at = 0;
      if (!more(0)) return count;
      continue;
    }
    // Keep the unparsed tail (whole elements and the one being scanned) and read on.
    const keep = pending;
    if (!more(keep)) throw new JsonArrayError('invalid', 'Unexpected end of JSON input', base + buffer.length);
    at -= keep;
    if (wholeEnd >= 0) wholeEnd -= keep;
    pending = 0;
  }
}

/**
 * Where the first of the elements in `ranges` (file offsets; `buffer` starts at `base`) that is not JSON goes
 * wrong: at the character V8 names when it names one, else at the element's start. Only run on a failure.
 */
function failingOffset(buffer: Buffer, base: number, ranges: readonly number[]): number | undefined {
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i]! - base;
    const text = buffer.toString('utf8', start, ranges[i + 1]! - base);
    try {
      JSON.parse(text);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message);
      return base + start + (at ? Buffer.byteLength(text.slice(0, Number(at[1]))) : 0);
    }
  }
  return undefined;
}

/** Not an array: read the rest to tell valid JSON of another kind from invalid JSON (such files are small in practice). */
function notAnArray(fd: number, start: Buffer): never {
  const parts = [start];
  const chunk = Buffer.allocUnsafe(READ);
  for (let n = readSync(fd, chunk, 0, READ, null); n > 0; n = readSync(fd, chunk, 0, READ, null)) parts.push(Buffer.from(chunk.subarray(0, n)));
  try {
    JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch (error) {
    throw new JsonArrayError('invalid', (error as Error).message);
  }
  throw new JsonArrayError('not-array', 'expected a JSON array of records');
}
