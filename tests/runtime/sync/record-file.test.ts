import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderAdapter } from '../../../runtime/sync/index.js';
import { scanJsonArray } from '../../../runtime/sync/json-array-reader.js';
import { lazyArray } from '../../../runtime/sync/lazy-array.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dataflow-record-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a data file held as byte ranges', () => {
  it('gives each element the byte range its text has in the file, in any piece size (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 20 }), fc.integer({ min: 1, max: 64 }), fc.constantFrom('', ' ', '\n  '), (values, piece, space) => {
        const file = join(dir, 'ranges.json');
        writeFileSync(file, `\ufeff${space}[${space}${values.map((v) => JSON.stringify(v)).join(`${space},${space}`)}${space}]${space}`);
        const bytes = readFileSync(file);
        const fd = openSync(file, 'r');
        const seen: unknown[] = [];
        try {
          const count = scanJsonArray(
            fd,
            (element, start, end) => {
              expect(JSON.parse(bytes.toString('utf8', start, end))).toEqual(element);
              seen.push(element);
            },
            { read: piece, parse: piece },
          );
          expect(count).toBe(values.length);
        } finally {
          closeSync(fd);
        }
        expect(seen).toEqual(JSON.parse(JSON.stringify(values)));
      }),
      { numRuns: 200 },
    );
  });

  it('lists records as a read-only array whose elements are parsed when read', async () => {
    writeFileSync(join(dir, 'contact.json'), JSON.stringify([{ id: 1, a: { b: [1] } }, 'junk', { id: 2 }]));
    const folder = createFolderAdapter(dir);
    const listed = (await folder.list('Contact')) as unknown[];
    expect(Array.isArray(listed)).toBe(true);
    expect(listed).toEqual([{ id: 1, a: { b: [1] } }, 'junk', { id: 2 }]);
    expect(listed.map((r) => typeof r)).toEqual(['object', 'string', 'object']);
    expect([...listed].length).toBe(3);
    expect(JSON.stringify(listed)).toBe('[{"id":1,"a":{"b":[1]}},"junk",{"id":2}]');
    expect(listed[3]).toBeUndefined();
    expect(() => ((listed as unknown[])[0] = 1)).toThrow(TypeError);
    expect(() => (listed as unknown[]).push(1)).toThrow(TypeError);
    // Each read is a new object: a caller that edits one changes no other reader's record.
    (listed[0] as { a: unknown }).a = 'edited';
    expect(listed[0]).toEqual({ id: 1, a: { b: [1] } });
  });

  it('keeps a listing as it was when taken; writes wait in a spill file that is never in the folder', async () => {
    writeFileSync(join(dir, 'contact.json'), JSON.stringify([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]));
    const folder = createFolderAdapter(dir);
    const before = await folder.list('Contact');
    await folder.update('Contact', 2, { id: 2, name: 'B', extra: { deep: true } }, []);
    const id = await folder.create('Contact', { name: 'c' });
    expect(id).toBe(3);
    expect(before).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    const after = await folder.list('Contact');
    expect(after).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'B', extra: { deep: true } }, { id: 3, name: 'c' }]);
    expect(folder.lookup!('Contact')(2)).toEqual({ id: 2, name: 'B', extra: { deep: true } });
    expect(readdirSync(dir)).toEqual(['contact.json']);
    await folder.flush!();
    const expected = [{ id: 1, name: 'a' }, { id: 2, name: 'B', extra: { deep: true } }, { id: 3, name: 'c' }];
    expect(readFileSync(join(dir, 'contact.json'), 'utf8')).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(readdirSync(dir)).toEqual(['contact.json']);
    // Read from the new file from now on, and written again exactly.
    expect(await folder.list('Contact')).toEqual(expected);
    expect(before).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    await folder.update('Contact', 1, { id: 1, name: 'A' }, []);
    await folder.flush!();
    expect(JSON.parse(readFileSync(join(dir, 'contact.json'), 'utf8'))).toEqual([{ id: 1, name: 'A' }, ...expected.slice(1)]);
  });

  it('writes back records it never changed exactly as JSON.stringify(records, null, 2) would', async () => {
    const records = [{ id: 'x', __proto__: 1, list: [1, { a: null }], text: 'line\nbreak "quoted" ø' }, [], 7, null];
    writeFileSync(join(dir, 'item.json'), `[${records.map((r) => JSON.stringify(r)).join(' ,\n')}]`);
    const folder = createFolderAdapter(dir);
    await folder.create('Item', { name: 'new' });
    await folder.flush!();
    const text = readFileSync(join(dir, 'item.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify([...JSON.parse(`[${records.map((r) => JSON.stringify(r)).join(',')}]`), { id: 'item-1', name: 'new' }], null, 2)}\n`);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('a lazy array works with the array methods callers use', () => {
    const reads: number[] = [];
    const list = lazyArray(3, (i) => {
      reads.push(i);
      return { n: i };
    });
    expect(list.length).toBe(3);
    expect(list.filter((r) => r.n > 0)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(Object.keys(list)).toEqual(['0', '1', '2']);
    expect(1 in list).toBe(true);
    expect(3 in list).toBe(false);
    expect(list.slice(1)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(reads.length).toBeGreaterThan(0);
  });
});
