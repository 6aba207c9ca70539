/**
 * A link's per-run facts (its pair digest and its target's listing position)
 * as 16 base64 characters stored in one text column: SQLite concatenates the
 * texts of 100,000 links far faster than it formats their numbers, and Node
 * decodes the whole concatenation into bytes natively.
 *
 * The 12 bytes, little-endian: digest low 32 bits, digest high bits
 * (0xffffffff when there is no digest), position (-1 when there is none).
 */

/** Characters per link hint. */
export const HINT_LENGTH = 16;
/** Bytes per decoded link hint. */
export const HINT_BYTES = 12;

const NO_DIGEST = 0xffffffff;
const TWO_32 = 4_294_967_296;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** The hint text of a digest (a safe integer below 2^53, or null) and a position (or null). */
export function encodeLinkHint(digest: number | null, position: number | null | undefined): string {
  const low = digest === null ? 0 : digest % TWO_32;
  const high = digest === null ? NO_DIGEST : Math.floor(digest / TWO_32);
  const pos = position != null && Number.isInteger(position) && position >= 0 && position <= 0x7fffffff ? position : -1;
  return (
    group(low & 0xff, (low >>> 8) & 0xff, (low >>> 16) & 0xff) +
    group(low >>> 24, high & 0xff, (high >>> 8) & 0xff) +
    group((high >>> 16) & 0xff, high >>> 24, pos & 0xff) +
    group((pos >>> 8) & 0xff, (pos >>> 16) & 0xff, (pos >>> 24) & 0xff)
  );
}

function group(a: number, b: number, c: number): string {
  const bits = (a << 16) | (b << 8) | c;
  return String.fromCharCode(CODES[bits >>> 18]!, CODES[(bits >>> 12) & 63]!, CODES[(bits >>> 6) & 63]!, CODES[bits & 63]!);
}

/** Decoded hints of many links (the concatenation of their texts), read by link number. */
export class LinkHints {
  private readonly view: DataView;

  constructor(concatenated: string) {
    const bytes = Buffer.from(concatenated, 'base64');
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get count(): number {
    return this.view.byteLength / HINT_BYTES;
  }

  digest(row: number): number | null {
    const high = this.view.getUint32(row * HINT_BYTES + 4, true);
    return high === NO_DIGEST ? null : high * TWO_32 + this.view.getUint32(row * HINT_BYTES, true);
  }

  position(row: number): number | null {
    const position = this.view.getInt32(row * HINT_BYTES + 8, true);
    return position < 0 ? null : position;
  }
}
