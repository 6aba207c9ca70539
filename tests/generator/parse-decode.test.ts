import { describe, expect, it } from 'vitest';
import { decodeSpec } from '../../generator/decode.js';

describe('decodeSpec', () => {
  const cases: [string, { given: string | Uint8Array; text: string; diagnostics?: string[] }][] = [
    ['LF text as is', { given: 'a\nb\n', text: 'a\nb\n' }],
    ['CRLF', { given: 'a\r\nb\r\n', text: 'a\nb\n' }],
    ['lone CR', { given: 'a\rb\r', text: 'a\nb\n' }],
    ['BOM in a string', { given: '\uFEFFa', text: 'a' }],
    ['BOM in bytes', { given: Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), text: 'a' }],
    ['UTF-16 LE', { given: Uint8Array.from([0xff, 0xfe, 0x61, 0, 0x0a, 0]), text: 'a\n' }],
    ['UTF-16 BE', { given: Uint8Array.from([0xfe, 0xff, 0, 0x61, 0, 0x0a]), text: 'a\n' }],
    ['tabs kept', { given: '\ta', text: '\ta' }],
    ['empty', { given: '', text: '', diagnostics: ['1:1 error empty-file'] }],
    ['blank only', { given: ' \n\n', text: ' \n\n', diagnostics: ['1:1 error empty-file'] }],
    ['NUL byte', { given: 'ab\ncd\0e', text: 'ab\ncd\uFFFDe', diagnostics: ['2:3 error nul-byte'] }],
    ['invalid UTF-8', { given: Uint8Array.from([0x61, 0x0a, 0x62, 0xff]), text: 'a\nb\uFFFD', diagnostics: ['2:2 error invalid-utf8'] }],
    ['a control character', { given: 'a\x01b', text: 'a\x01b', diagnostics: ['1:2 warning control-character'] }],
    ['many control characters', { given: 'a\n\x01\x02\x03\x04\x05\x06\x07\x08', text: '', diagnostics: ['1:1 error not-text'] }],
    ['control characters past the first 8 KB', { given: `${'a\n'.repeat(5000)}\x01\x02\x03\x04\x05\x06\x07\x08`, text: `${'a\n'.repeat(5000)}\x01\x02\x03\x04\x05\x06\x07\x08`, diagnostics: ['5001:1 error binary'] }],
  ];
  it.each(cases)('%s', (_name, { given, text, diagnostics = [] }) => {
    const decoded = decodeSpec(given);
    expect(decoded.text).toBe(text);
    expect(decoded.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual(diagnostics);
  });
});
