import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { describeNonText } from '../../generator/detect-binary.js';
import { parseSpecText } from '../../generator/parse.js';
import { corpusFiles, hasCorpus, SKIP_REASON } from './corpus.js';

const valid = readFileSync('tests/fixtures/parse/malformed/valid.rst', 'utf8');

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(length: number, seed: number): Uint8Array {
  const next = random(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

function png(): Buffer {
  const image = new PNG({ width: 48, height: 32 });
  for (let i = 0; i < image.data.length; i++) image.data[i] = (i * 37) % 256;
  return PNG.sync.write(image);
}

/** A ZIP archive holding the spec, stored: local header, data, central directory, end record. */
function zip(name: string, data: Buffer): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, Buffer.from(name), data, central, Buffer.from(name), end]);
}

/** Non-text inputs, each with the words its one diagnostic must have. */
export const NON_TEXT: [string, Uint8Array, string][] = [
  ['a PNG image', png(), 'looks like a PNG image'],
  ['a JPEG image', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(3000, 1)]), 'looks like a JPEG image'],
  ['a ZIP archive', zip('valid.rst', Buffer.from(valid)), 'looks like a ZIP archive'],
  ['a gzip-compressed spec', gzipSync(Buffer.from(valid)), 'looks like a gzip-compressed file'],
  ['a PDF', Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), randomBytes(2000, 2)]), 'looks like a PDF document'],
  ['random bytes', randomBytes(50_000, 3), 'looks like binary data'],
  ['a short run of random bytes', randomBytes(64, 4), 'looks like binary data'],
  ['the old generated junk', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256), 'looks like binary data'],
  ['UTF-16 LE without a BOM', Buffer.from(valid, 'utf16le'), 'looks like UTF-16 LE text without a byte order mark'],
  ['UTF-16 BE without a BOM', Buffer.from(valid, 'utf16le').swap16(), 'looks like UTF-16 BE text without a byte order mark'],
  ['a file full of NULs', new Uint8Array(10_000), 'looks like a file of NUL bytes'],
  ['an SQLite database', Buffer.concat([Buffer.from('SQLite format 3\0'), new Uint8Array(4080)]), 'looks like an SQLite database'],
];

describe('a file that is not text gets one diagnostic', () => {
  it.each(NON_TEXT)('%s', (_name, bytes, words) => {
    const document = parseSpecText('specs/x.rst', bytes);
    expect(document.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual(['1:1 error not-text']);
    expect(document.diagnostics[0]!.message).toContain(words);
    expect(document.flows).toEqual([]);
  });

  it('text decoded by the caller and full of control characters is caught too', () => {
    const document = parseSpecText('x.rst', Buffer.from(randomBytes(3000, 5)).toString('latin1'));
    expect(document.diagnostics.map((d) => d.code)).toEqual(['not-text']);
  });
});

describe('text is never taken for binary', () => {
  const cases: [string, string | Uint8Array][] = [
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')])],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(valid, 'utf16le').swap16()])],
    ['Latin-1 (gets invalid-utf8 errors, not one not-text)', Buffer.from(valid.replace(/Contacts/g, 'Kontakter æøå'), 'latin1')],
    ['a NUL in the middle', valid.replace('phone_numbers', 'phone\0numbers')],
    ['a few control characters', valid.replace('mobilePhone', 'mobile\x01\x02\x03Phone')],
    ['emoji and CJK text', valid.replace('This technical document', '✅ 技術文書 📄 '.repeat(200))],
    ['a one-line note', 'a'],
  ];
  it.each(cases)('%s', (_name, input) => {
    expect(describeNonText(input)).toBeNull();
    expect(parseSpecText('x.rst', input).diagnostics.map((d) => d.code)).not.toContain('not-text');
  });
});

describe.skipIf(!hasCorpus)(`the real corpus is text (${hasCorpus ? 'present' : SKIP_REASON})`, () => {
  const files = corpusFiles();

  it('none of the corpus documents looks binary, as they are or with a few bytes flipped', () => {
    expect(files.length).toBeGreaterThanOrEqual(600);
    const misread: string[] = [];
    const next = random(42);
    for (const file of files) {
      const bytes = readFileSync(file);
      if (describeNonText(bytes) !== null) misread.push(file);
      const flipped = Buffer.from(bytes);
      for (let k = 0; k < 8; k++) flipped[Math.floor(next() * flipped.length)] = Math.floor(next() * 256);
      if (describeNonText(flipped) !== null) misread.push(`${file} (8 bytes flipped)`);
      if (describeNonText(bytes.toString('latin1')) !== null) misread.push(`${file} (as a string)`);
    }
    expect(misread).toEqual([]);
  });
});
