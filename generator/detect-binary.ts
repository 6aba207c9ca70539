/**
 * Tells a file that is not a text document (an image, an archive, UTF-16
 * without a byte order mark, random bytes, zeros) from a spec, from its first
 * bytes: known magic numbers first, then the share of NULs, control characters
 * and invalid UTF-8 in the first few kilobytes. Such a file gets one
 * diagnostic saying what it looks like instead of one per garbage run.
 */

/** How much of the start of a file is looked at. */
export const SAMPLE_BYTES = 8192;

/** Above this share of suspicious bytes in the sample, a file is binary. Real text, even damaged, stays far below. */
const SUSPICIOUS_RATIO = 0.1;

/** Fewer suspicious bytes than this is never binary on the ratio alone (a short note with a stray control character). */
const MIN_SUSPICIOUS = 4;

interface Magic {
  at: number;
  /** -1 matches any byte. */
  bytes: readonly number[];
  what: string;
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** File signatures a spec folder plausibly catches: images, archives, office files, executables, databases. */
const MAGICS: readonly Magic[] = [
  { at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { at: 0, bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { at: 0, bytes: ascii('GIF87a'), what: 'a GIF image' },
  { at: 0, bytes: ascii('GIF89a'), what: 'a GIF image' },
  { at: 0, bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { at: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { at: 0, bytes: [0x00, 0x00, 0x01, 0x00], what: 'an icon (ICO) image' },
  { at: 0, bytes: [...ascii('RIFF'), -1, -1, -1, -1, ...ascii('WEBP')], what: 'a WebP image' },
  { at: 0, bytes: ascii('%PDF-'), what: 'a PDF document' },
  { at: 0, bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a .docx/.xlsx/.odt, which are ZIP files)' },
  { at: 0, bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { at: 0, bytes: [0x50, 0x4b, 0x07, 0x08], what: 'a ZIP archive' },
  { at: 0, bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { at: 0, bytes: [...ascii('BZh'), -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], what: 'a bzip2-compressed file' },
  { at: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz-compressed file' },
  { at: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file' },
  { at: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { at: 0, bytes: ascii('Rar!\x1a\x07'), what: 'a RAR archive' },
  { at: 257, bytes: ascii('ustar'), what: 'a tar archive' },
  { at: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Microsoft Office document (.doc/.xls)' },
  { at: 0, bytes: ascii('{\\rtf'), what: 'an RTF document' },
  { at: 0, bytes: ascii('SQLite format 3\0'), what: 'an SQLite database' },
  { at: 0, bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable (ELF)' },
  { at: 0, bytes: [0xcf, 0xfa, 0xed, 0xfe], what: 'an executable (Mach-O)' },
  { at: 0, bytes: [0xca, 0xfe, 0xba, 0xbe], what: 'a Java class file or Mach-O executable' },
  { at: 0, bytes: [0x00, 0x61, 0x73, 0x6d], what: 'a WebAssembly module' },
  { at: 0, bytes: ascii('OggS'), what: 'an Ogg audio/video file' },
  { at: 0, bytes: [...ascii('ID3'), -1, 0x00], what: 'an MP3 audio file' },
  { at: 0, bytes: [0x00, 0x00, 0x00, -1, ...ascii('ftyp')], what: 'an MP4/MOV video or HEIC image' },
  { at: 0, bytes: [0xff, 0xfe, 0x00, 0x00], what: 'UTF-32 text (save it as UTF-8)' },
  { at: 0, bytes: [0x00, 0x00, 0xfe, 0xff], what: 'UTF-32 text (save it as UTF-8)' },
];

function startsWith(bytes: Uint8Array, magic: Magic): boolean {
  if (bytes.length < magic.at + magic.bytes.length) return false;
  return magic.bytes.every((b, i) => b === -1 || bytes[magic.at + i] === b);
}

/** A control character no text document has (tab, LF, CR, form feed and ESC are left to the text checks). */
function isControl(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) || b === 0x7f;
}

/** Length of the valid UTF-8 sequence at `i`, 0 when it is invalid, -1 when the sample ends inside it. */
function utf8Sequence(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) min = 0xa0;
    if (b === 0xed) max = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) min = 0x90;
    if (b === 0xf4) max = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    if (i + k >= end) return end < bytes.length ? -1 : 0;
    const c = bytes[i + k]!;
    if (c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return 0;
  }
  return length;
}

/** UTF-16 without a BOM: NULs on one side of every pair (ASCII text), hardly any on the other. */
function utf16Without(bytes: Uint8Array, end: number): 'LE' | 'BE' | null {
  const pairs = Math.floor(end / 2);
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < end; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.6 && evenNul <= pairs * 0.05) return 'LE';
  if (evenNul >= pairs * 0.6 && oddNul <= pairs * 0.05) return 'BE';
  return null;
}

/**
 * What a file that is not a text document looks like ("a PNG image"), or null
 * for text (UTF-8, or UTF-16 with a BOM, which the decoder reads).
 */
export function describeNonText(contents: string | Uint8Array): string | null {
  if (typeof contents === 'string') return describeNonTextString(contents);
  const bytes = contents;
  if (bytes.length === 0) return null;
  for (const magic of MAGICS) if (startsWith(bytes, magic)) return magic.what;
  // UTF-16 with a BOM is text the decoder reads.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  const end = Math.min(bytes.length, SAMPLE_BYTES);
  const utf16 = utf16Without(bytes, end);
  if (utf16 !== null) return `UTF-16 ${utf16} text without a byte order mark (save it as UTF-8)`;
  let nul = 0;
  let control = 0;
  let invalid = 0;
  for (let i = 0; i < end; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0) nul++;
      else if (isControl(b)) control++;
      i++;
      continue;
    }
    const length = utf8Sequence(bytes, i, end);
    if (length === -1) break;
    if (length === 0) {
      invalid++;
      i++;
    } else i += length;
  }
  if (nul >= end * 0.9) return 'a file of NUL bytes (zeros)';
  const suspicious = nul + control + invalid;
  if (suspicious >= MIN_SUSPICIOUS && suspicious > end * SUSPICIOUS_RATIO) {
    const share = Math.round((suspicious / end) * 100);
    return `binary data (${share}% of the first ${end < SAMPLE_BYTES ? `${end} bytes` : '8 KB'} are NULs, control characters or invalid UTF-8)`;
  }
  return null;
}

/** The same look at text already decoded (an API caller passing a string). */
function describeNonTextString(text: string): string | null {
  const end = Math.min(text.length, SAMPLE_BYTES);
  let nul = 0;
  let suspicious = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) nul++;
    if (c === 0 || (c < 0x80 && isControl(c)) || c === 0xfffd) suspicious++;
  }
  if (end > 0 && nul >= end * 0.9) return 'a file of NUL bytes (zeros)';
  if (suspicious >= MIN_SUSPICIOUS && suspicious > end * SUSPICIOUS_RATIO) {
    return `binary data (${Math.round((suspicious / end) * 100)}% of the first ${end} characters are NULs, control characters or invalid UTF-8)`;
  }
  return null;
}
