/**
 * JSON text of record data at any depth, exactly as JSON.stringify writes it,
 * and data files written record by record: JSON.stringify overflows the stack
 * past a few thousand levels of nesting (JSON.parse does not), and one string
 * of a million records would pass V8's longest string.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** `JSON.stringify(value, null, indent)`; a value nested too deep for it is written without recursion. */
export function jsonText(value: unknown, indent = 0): string | undefined {
  try {
    return JSON.stringify(value, null, indent);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return deepJsonText(value, indent);
  }
}

interface Frame {
  /** The container being written. */
  readonly node: readonly unknown[] | Record<string, unknown>;
  readonly keys: readonly string[] | null;
  /** The next element or key to write. */
  next: number;
  /** Whether something was written into it yet. */
  wrote: boolean;
}

/** JSON.stringify's output, with an explicit stack instead of recursion (cycles are refused as JSON.stringify does). */
export function deepJsonText(root: unknown, indent: number): string | undefined {
  const gap = ' '.repeat(Math.min(Math.max(0, indent), 10));
  const parts: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();
  const line = (depth: number) => (gap === '' ? '' : `\n${gap.repeat(depth)}`);

  /** Writes a primitive, or opens a container (returns false when the value writes nothing: undefined, a function). */
  const begin = (raw: unknown, key: string): boolean => {
    let value = raw;
    if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
    }
    if (typeof value === 'object' && value !== null) {
      if (open.has(value)) throw new TypeError('Converting circular structure to JSON');
      open.add(value);
      const list = Array.isArray(value);
      stack.push({ node: value as Frame['node'], keys: list ? null : Object.keys(value), next: 0, wrote: false });
      parts.push(list ? '[' : '{');
      return true;
    }
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    parts.push(text);
    return true;
  };

  if (!begin(root, '')) return undefined;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const depth = stack.length;
    if (frame.keys === null) {
      const list = frame.node as readonly unknown[];
      if (frame.next < list.length) {
        const i = frame.next++;
        parts.push((frame.wrote ? ',' : '') + line(depth));
        frame.wrote = true;
        const element = list[i];
        // In a list, what writes nothing is null.
        if (typeof element === 'undefined' || typeof element === 'function' || typeof element === 'symbol') parts.push('null');
        else if (!begin(element, String(i))) parts.push('null');
        continue;
      }
    } else if (frame.next < frame.keys.length) {
      const key = frame.keys[frame.next++]!;
      const field = (frame.node as Record<string, unknown>)[key];
      if (typeof field === 'undefined' || typeof field === 'function' || typeof field === 'symbol') continue;
      const at = parts.length;
      parts.push(`${frame.wrote ? ',' : ''}${line(depth)}${JSON.stringify(key)}:${gap === '' ? '' : ' '}`);
      if (begin(field, key)) frame.wrote = true;
      else parts.length = at;
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    parts.push(`${frame.wrote ? line(depth - 1) : ''}${frame.keys === null ? ']' : '}'}`);
  }
  return parts.join('');
}

/** Bytes collected before each write: big enough for few system calls, small next to a million records. */
const CHUNK = 1 << 20;

/**
 * Writes `JSON.stringify(records, null, 2)` and a newline to `file`, one record
 * at a time, so the whole text never exists at once.
 */
export function writeJsonArrayFile(file: string, records: readonly unknown[]): void {
  const fd = openSync(file, 'w');
  try {
    if (records.length === 0) {
      writeAll(fd, '[]\n');
      return;
    }
    let chunk = '[';
    for (let i = 0; i < records.length; i++) {
      // JSON strings hold no raw line breaks, so indenting every line by two spaces is exact.
      const text = recordText(records[i]);
      chunk += `${i === 0 ? '' : ','}\n  ${text.includes('\n') ? text.replace(/\n/g, '\n  ') : text}`;
      if (chunk.length >= CHUNK) {
        writeAll(fd, chunk);
        chunk = '';
      }
    }
    writeAll(fd, `${chunk}\n]\n`);
  } finally {
    closeSync(fd);
  }
}

/**
 * A record as JSON.stringify(record, null, 2) writes it; one nested too deep
 * for that is written on one line, since indented its text would grow with
 * the square of its depth (10,000 levels: 100 MB of spaces).
 */
export function recordText(record: unknown): string {
  try {
    return JSON.stringify(record, null, 2) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return deepJsonText(record, 0) ?? 'null';
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}
