/**
 * The line and column of a byte offset in a file, read in pieces, so a data
 * file's error can be shown as `file:line:column` like any other diagnostic
 * however large the file is. Only run when something is wrong.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface FilePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters (a multi-byte UTF-8 character counts once). */
  column: number;
}

const PIECE = 1 << 20;

/** The position of byte `offset` in `file`. */
export function positionAt(file: string, offset: number): FilePosition {
  const fd = openSync(file, 'r');
  try {
    return positionIn(fd, offset);
  } finally {
    closeSync(fd);
  }
}

function positionIn(fd: number, offset: number): FilePosition {
  let line = 1;
  /** The bytes of the current line read so far (its length is bounded by the line, not the file). */
  let lineStart = 0;
  let lineBytes: Buffer[] = [];
  const piece = Buffer.allocUnsafe(PIECE);
  for (let read = 0; read < offset; ) {
    const n = readSync(fd, piece, 0, Math.min(PIECE, offset - read), read);
    if (n === 0) break;
    let from = 0;
    for (let nl = piece.indexOf(0x0a, from); nl >= 0 && nl < n; nl = piece.indexOf(0x0a, from)) {
      line++;
      from = nl + 1;
      lineStart = read + from;
      lineBytes = [];
    }
    lineBytes.push(Buffer.from(piece.subarray(from, n)));
    read += n;
  }
  const column = Buffer.concat(lineBytes).toString('utf8').length + 1;
  return { line, column: offset >= lineStart ? column : 1 };
}
