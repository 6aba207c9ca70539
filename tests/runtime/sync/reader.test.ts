import { describe, expect, it } from 'vitest';
import { readPath } from '../../../runtime/index.js';
import { createReader } from '../../../runtime/sync/reader.js';
import { path } from '../fixtures/define-flow.js';

const records: unknown[] = [
  { a: { b: 1 } },
  { a: { b: null } },
  { a: [{ b: 2 }, { b: 3 }] },
  { a: 'text' },
  { a: { constructor: 5 } },
  { a: {} },
  JSON.parse('{"a":{"__proto__":7}}'),
  { name: 'wd:Q1', a: { b: 4 } },
  [{ a: { b: 5 } }],
  null,
  'x',
];

describe('compiled path readers', () => {
  it.each(['a.b', 'a.constructor', 'a.__proto__', 'a', 'a.b (wd:Q1 in name)', 'a.toString'])('read what readPath reads: %s', (text) => {
    const spec = path(text);
    const read = createReader(spec);
    for (const record of records) expect(read(record)).toEqual(readPath(record, spec));
  });
});
